"""``dlpipe init``: a starter project beside your data that `check` accepts as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import CliResult


def mixed_table(n: int = 120) -> pd.DataFrame:
    """Every kind init writes: numbers, a category, a date, free text, an id, a constant."""
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "id": range(1000, 1000 + n),
            "size": rng.normal(10, 2, n).round(2),
            "colour": rng.choice(["red", "green", "blue"], n),
            "day": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
            "note": [f"a free note number {i} about item {i * 7}" for i in range(n)],
            "farm": "north",
            "price": rng.normal(50, 5, n).round(1),
        }
    )


def test_init_writes_a_project_for_a_csv_that_check_accepts(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    csv = tmp_path / "downloads" / "shop-2024.csv"
    csv.parent.mkdir()
    mixed_table().to_csv(csv, index=False)

    made = cli_here("init", "shop", f"csv={csv}")

    assert made.code == 0, made.text
    project = tmp_path / "shop"
    data = yaml.safe_load((project / "conf" / "data" / "shop_2024.yaml").read_text())
    assert data["path"] == "data/shop-2024.csv"  # copied in: a config reads data inside only
    assert (project / "data" / "shop-2024.csv").read_bytes() == csv.read_bytes()
    assert data["target"] == "price" and "the last column" in made.out
    assert data["preprocess"]["kinds"] == {
        "id": "skip",
        "size": "number",
        "colour": "category",
        "day": "datetime",
        "note": "skip",
        "farm": "skip",
    }
    assert (
        "override /data: shop_2024" in (project / "conf" / "experiment" / "first.yaml").read_text()
    )
    assert (project / ".gitignore").read_text().splitlines()[1:] == [
        "mlflow.db",
        "mlruns/",
        "outputs/",
        "multirun/",
    ]
    assert (project / "data" / "README.md").is_file()
    assert "next: cd shop && python -m dlpipe check experiment=first" in made.out

    checked = cli_here("check", "experiment=first", cwd=project)

    assert checked.code == 0, checked.text
    assert "config OK: data=shop_2024 model=dense" in checked.out
    assert "[data.preprocess.kinds.colour]" in checked.out  # the written kinds are what it uses


def test_a_csv_inside_the_project_stays_where_it_is_and_names_need_no_care(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    table = pd.DataFrame(
        {"키 (cm)": np.arange(60.0), "yes": ["a", "b"] * 30, "생존": [0, 1, 1] * 20}
    )
    table.to_csv(tmp_path / "people.csv", index=False)

    made = cli_here("init", "csv=people.csv", "target=생존", "name=people_v1")

    assert made.code == 0, made.text
    data = yaml.safe_load((tmp_path / "conf" / "data" / "people_v1.yaml").read_text())
    assert data["path"] == "people.csv"
    assert not (tmp_path / "data" / "people.csv").exists()
    assert data["target"] == "생존"
    assert list(data["preprocess"]["kinds"]) == ["키 (cm)", "yes"]  # quoted where YAML needs it
    assert cli_here("check", "data=people_v1").code == 0

    table.to_csv(tmp_path / "semi.csv", index=False, sep=";")  # read as init is told
    assert cli_here("init", "csv=semi.csv", "sep=;", "target=생존").code == 0
    assert yaml.safe_load((tmp_path / "conf" / "data" / "semi.yaml").read_text())["sep"] == ";"
    assert cli_here("check", "data=semi").code == 0


def test_without_a_csv_the_first_experiment_runs_on_the_embedded_table(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    made = cli_here("init")

    assert made.code == 0, made.text
    assert not (tmp_path / "conf" / "data").exists()
    checked = cli_here("check", "experiment=first")
    assert "config OK: data=penguins" in checked.out


def test_init_never_overwrites_and_keeps_your_gitignore(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / ".gitignore").write_text("secrets/\noutputs/\n")
    assert cli_here("init").code == 0
    first = (tmp_path / "conf" / "experiment" / "first.yaml").read_text()
    (tmp_path / "conf" / "experiment" / "first.yaml").write_text(first + "seed: 7\n")

    again = cli_here("init")
    mixed_table().to_csv(tmp_path / "t.csv", index=False)
    added = cli_here("init", "csv=t.csv")  # a second table in the same project
    twice = cli_here("init", "csv=t.csv")

    assert again.code == 0 and added.code == 0, again.text + added.text
    assert "kept conf/experiment/first.yaml" in again.out
    assert "seed: 7" in (tmp_path / "conf" / "experiment" / "first.yaml").read_text()
    assert (tmp_path / "conf" / "data" / "t.yaml").is_file()
    assert twice.code == 2 and "t.yaml: already exists" in twice.err
    assert (tmp_path / ".gitignore").read_text().splitlines() == [
        "secrets/",
        "outputs/",
        "# written by runs (dlpipe init)",
        "mlflow.db",
        "mlruns/",
        "multirun/",
    ]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["one", "two"], "init"),
        (["target=y"], "init"),
        (["csv=t.csv", "name=1st data"], "name=1st data"),
        (["csv=t.csv", "target=nope"], "target=nope"),
        (["csv=missing.csv"], "csv=missing.csv"),
        (["csv=."], "csv=."),
        (["csv=semi.csv"], "sep"),  # the hint: try sep=';'
        (["sep=;"], "init"),
        (["csv=t.csv", "colour=red"], None),
    ],
)
def test_a_mistake_in_init_is_one_message_and_writes_nothing(
    cli_here: Callable[..., CliResult], tmp_path: Path, args: list[str], named: str | None
) -> None:
    mixed_table().to_csv(tmp_path / "t.csv", index=False)
    mixed_table().to_csv(tmp_path / "semi.csv", index=False, sep=";")

    result = cli_here("init", *args)

    assert result.code == 2, result.text
    assert "hint:" in result.err and "Traceback" not in result.text
    if named:
        assert f"error: {named}:" in result.err
    assert not (tmp_path / "conf").exists() and not (tmp_path / ".gitignore").exists()
