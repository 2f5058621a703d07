"""``key=value`` arguments of the verbs that run outside Hydra (predict, compare), and the
Hydra flags dlpipe does not take."""

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


def switch(value: str, where: str, hint: str) -> bool:
    """A verb's ``key=true|false`` argument (already lower-cased), or one message naming it."""
    if value not in ("true", "false"):
        raise ConfigError(f"expected true or false, got {value!r}", where=where, hint=hint)
    return value == "true"


# Hydra's flags for a primary config of one's own (long and short forms).
OWN_CONFIG_FLAGS = {
    "--config-path": "--config-path",
    "-cp": "--config-path",
    "--config-name": "--config-name",
    "-cn": "--config-name",
}


def refuse_own_config_folder(args: list[str]) -> None:
    """``--config-path`` and ``--config-name`` would replace dlpipe's primary config, which
    chooses the groups and holds the checked defaults: refused (a folder of one's own
    configs comes with ``--config-dir``, see :mod:`dlpipe.config.folders`)."""
    for arg in args:
        if arg.split("=", 1)[0] == "--experimental-rerun":
            raise ConfigError(
                "Hydra's rerun loads a pickle file, which can run any code",
                where="--experimental-rerun",
                hint="rerun a recorded run with: python -m dlpipe reproduce <run id>",
            )
        flag = OWN_CONFIG_FLAGS.get(arg.split("=", 1)[0])
        if flag:
            raise ConfigError(
                "a primary config of your own is not read: dlpipe's conf/config.yaml chooses"
                " the groups and holds the checked defaults",
                where=flag,
                hint="keep your configs in ./conf (or name the folder with --config-dir DIR):"
                " its experiment/<name>.yaml runs with experiment=<name>",
            )
