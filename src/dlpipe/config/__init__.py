"""Config stage: find ``conf/``, compose it with Hydra, validate it against the schema.

Nothing here imports TensorFlow, so ``dlpipe check`` and ``--help`` stay instant.
"""

from dlpipe.config.compose import compose, compose_all
from dlpipe.config.location import CONFIG_DIR
from dlpipe.config.validate import validate

__all__ = ["CONFIG_DIR", "compose", "compose_all", "validate"]
