"""A config node as plain Python dicts and lists, typed as the mapping it is.

``OmegaConf.to_container`` is typed for any node (a dict, a list or a scalar); a config
or one of its groups is always a mapping, and this says so once.
"""

from __future__ import annotations

from typing import Any, cast

from omegaconf import OmegaConf


def to_dict(node: Any, resolve: bool) -> dict[str, Any]:
    """``node`` (a DictConfig) as a plain dict; ``resolve``: interpolations resolved."""
    out = OmegaConf.to_container(node, resolve=resolve)
    if not isinstance(out, dict):
        raise TypeError(f"expected a mapping node, got {type(out).__name__}")
    return cast(dict[str, Any], out)
