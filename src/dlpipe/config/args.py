"""``key=value`` arguments of the verbs that run outside Hydra (predict, compare)."""

from __future__ import annotations

from dlpipe.errors import ConfigError


def parse_args(args: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` arguments (the verbs outside Hydra use the same style)."""
    out: dict[str, str] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep or key not in allowed:
            raise ConfigError(
                f"unexpected argument {arg!r}",
                hint=f"accepted: {', '.join(k + '=...' for k in allowed)}",
            )
        out[key] = value
    return out
