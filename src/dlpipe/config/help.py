"""`python -m dlpipe --help`: the text Hydra's app help prints, composed once.

Hydra's own ``--help`` lists every config group twice (the app's and Hydra's, whether the
template shows them or not), copying the whole config for each of ~50 options: about half
a second. Here the app's groups are read off ``conf/`` (the only place they can come
from unless ``hydra.searchpath`` is changed, which goes to Hydra's route).
"""

from __future__ import annotations

import os
import string
from pathlib import Path

from dlpipe.config.compose import (
    check_group_options,
    composition_error,
    hydra_app,
    parse_overrides,
    yaml_error,
)
from dlpipe.config.folders import SHIPPED, ConfigFolders


def app_help(overrides: list[str], folders: ConfigFolders = SHIPPED) -> str:
    """The help text for these overrides, as Hydra's ``app_help`` renders it."""
    import copy

    from hydra.errors import HydraException
    from hydra.types import RunMode
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException
    from yaml import YAMLError

    parse_overrides(overrides)
    check_group_options(overrides, folders)
    with hydra_app(folders) as hydra:
        try:
            cfg = hydra.compose_config("config", overrides, run_mode=RunMode.RUN)
        except (HydraException, OmegaConfBaseException) as exc:
            raise composition_error(str(exc)) from None
        except YAMLError as exc:
            raise yaml_error(exc) from None
        help_cfg = cfg.hydra.help
        template = string.Template(help_cfg.template)
        clean = hydra.get_sanitized_cfg(copy.deepcopy(cfg), "job")
        return template.safe_substitute(
            APP_CONFIG_GROUPS=config_groups(*folders.search),
            CONFIG=OmegaConf.to_yaml(clean),
        )


def config_groups(*roots: Path) -> str:
    """``group: option, option`` per line, sorted, for every folder of YAML files under
    the ``roots`` but Hydra's own (as Hydra's ``format_config_groups``)."""
    groups: dict[str, set[str]] = {}
    for root in roots:
        for folder, _dirs, files in os.walk(root, followlinks=True):
            group = Path(folder).relative_to(root).as_posix()
            options = {f.removesuffix(".yaml") for f in files if f.endswith(".yaml")}
            if group != "." and group.split("/")[0] != "hydra" and options:
                groups.setdefault(group, set()).update(options)
    return "".join(f"{g}: {', '.join(sorted(groups[g]))}\n" for g in sorted(groups))


def handles(overrides: list[str]) -> bool:
    """Whether :func:`app_help` renders this help (Hydra's route takes the rest)."""
    return not any(o.lstrip("+~").startswith("hydra") for o in overrides)
