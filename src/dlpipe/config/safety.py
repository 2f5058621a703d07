"""Configs describe, they never execute: no ``_target_``, no Python objects named by module.

Hydra can instantiate any importable callable from a ``_target_`` key, and Keras can
deserialize an object from ``{module: ..., class_name: ...}``. dlpipe never uses either
from user config; these checks reject them anywhere in the tree, before any heavy work.
Layers come only from :data:`dlpipe.config.keras_names.LAYERS` (checked in validate).
"""

from __future__ import annotations

import re
from typing import Any

from dlpipe.errors import ConfigError

# Hydra's instantiate keys: they name Python callables to import and call.
INSTANTIATE_KEYS = frozenset({"_target_", "_partial_", "_args_", "_recursive_", "_convert_"})
# Keys with which a Keras config dict names a Python module or a registered custom object.
IMPORT_KEYS = frozenset({"module", "registered_name"})
# Resolvers a config may interpolate with, beside references to its own keys (${seed}):
# the run's time (${now:%H-%M-%S}) and Hydra's facts (${hydra:runtime.cwd}). The others
# reach outside the config: oc.env reads the environment (a secret would go into the
# run's params, tags, name and config.yaml, to a shared server too); oc.decode and
# oc.create build values from strings.
RESOLVERS = frozenset({"now", "hydra"})
_RESOLVER_CALL = re.compile(r"(?<!\\)\$\{\s*([A-Za-z_][\w.]*)\s*:")


def check_safety(tree: Any, path: str = "") -> None:
    """Reject instantiate keys anywhere, and import keys inside ``model`` layer arguments."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            where = f"{path}.{key}" if path else str(key)
            if key in INSTANTIATE_KEYS:
                raise ConfigError(
                    f"{key!r} is not allowed: dlpipe configs cannot import or call Python code",
                    where=where,
                    hint="layers are Keras class names ({type: Dense, ...}); optimizers are"
                    " names (optimizer=adam)",
                )
            if key in IMPORT_KEYS and where.startswith("model.") and path != "model":
                raise ConfigError(
                    f"{key!r} is not allowed in a layer argument: it would import Python code",
                    where=where,
                    hint="use a Keras name instead, e.g. kernel_regularizer: l2 or"
                    " activation: relu",
                )
            check_safety(value, where)
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            check_safety(value, f"{path}[{index}]" if path == "model.layers" else f"{path}.{index}")


def check_interpolations(tree: Any, path: str = "") -> None:
    """Reject ``${resolver:...}`` for any resolver outside :data:`RESOLVERS`, anywhere
    (Hydra's subtree included), before anything resolves it."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            check_interpolations(value, f"{path}.{key}" if path else str(key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            check_interpolations(value, f"{path}.{index}")
    elif isinstance(tree, str):
        for name in _RESOLVER_CALL.findall(tree):
            if name in RESOLVERS:
                continue
            reads_env = name.startswith("oc.env")
            raise ConfigError(
                "a config cannot read environment variables"
                if reads_env
                else f"the resolver {name!r} is not allowed in a dlpipe config",
                where=path,
                hint="write the value itself (on the command line: key=value); the run's"
                " record keeps what it is given"
                if reads_env
                else "use ${other.key} references, ${now:...} or ${hydra:...}",
            )
