"""Our errors' pieces: overrides in hints are written so that they can be pasted, and no
message quotes a secret."""

from __future__ import annotations

import pytest

from dlpipe.config.compose import parse_overrides
from dlpipe.errors import ConfigError, DataError, list_override, without_secrets


def test_list_overrides_in_hints_quote_what_hydra_reads_only_quoted() -> None:
    assert list_override("data.preprocess.onehot", ["island"]) == "data.preprocess.onehot=[island]"
    korean = list_override("data.preprocess.onehot", ["섬", "sex"])
    assert korean == """'data.preprocess.onehot=["섬","sex"]'"""
    (parsed,) = parse_overrides([korean.strip("'")])  # what the shell passes on
    assert parsed.value() == ["섬", "sex"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("(columns: AWS_SECRET_ACCESS_KEY=hunter2)", "(columns: AWS_SECRET_ACCESS_KEY=***)"),
        ("first line: export GITHUB_TOKEN=hunter2", "first line: export GITHUB_TOKEN=***"),
        ("db_password: hunter2", "db_password: ***"),
        ("api-key='hunter 2'", "api-key=***"),
        (
            "no server at http://me:hunter2@127.0.0.1:5000",
            "no server at http://me:***@127.0.0.1:5000",
        ),
        ("https://store/x?token=hunter2&page=2", "https://store/x?token=***&page=2"),
        ("keyword arguments: {'password': 'hunter2'}", "keyword arguments: {'password': ***}"),
    ],
)
def test_secret_looking_values_never_reach_a_message(text: str, shown: str) -> None:
    assert without_secrets(text) == shown
    assert "hunter2" not in str(DataError(text, where="data.path", hint=text))


@pytest.mark.parametrize(
    "text",
    [
        "data.target=x",
        "data.text.max_tokens: must be >= 1, got 0",
        "model.layers[0] (StringLookup): oov_token: '[UNK]'",
        "hint: e.g. hydra.run.dir=outputs/my-run",
        "sqlite:///mlflow.db",
        "hint: DLPIPE_TRUST_PICKLE=1 for its MLflow model",
        "'data.target=\"생존\"'",
    ],
)
def test_ordinary_messages_are_left_as_they_are(text: str) -> None:
    assert without_secrets(text) == text


def test_a_message_quotes_a_file_only_in_short() -> None:
    header = ",".join(f"column_{i}" for i in range(2000))  # a very wide first line
    assert len(str(DataError(f"no column 'x' in: {header}", where="data.target"))) <= 1200


def test_a_secret_looking_key_is_named_and_its_message_kept() -> None:
    """A key whose name looks secret is the place of a mistake, not a value to hide (the
    message's first word became ***, in the terminal and in the run's error tag)."""
    shown = str(
        ConfigError("unknown key 'aws_secret_access_key'", where="tracking.aws_secret_access_key")
    )
    assert shown == "tracking.aws_secret_access_key: unknown key 'aws_secret_access_key'"
    assert "hunter2" not in str(ConfigError("x", where="tracking.password=hunter2"))
