"""The `fanli` command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fanli.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_check_passes_on_the_sample_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(ROOT / "data"), "check"]) == 0
    assert "5 documents" in capsys.readouterr().out


def test_check_lists_problems_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    unit = sorted((tmp_path / "data" / "units").glob("*.yml"))[0]
    unit.write_text(unit.read_text(encoding="utf-8").replace("genre: ", "genre: 小", 1), encoding="utf-8")
    (tmp_path / "data" / "units" / "empty.yml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"data/units/{unit.name}:" in err and "unknown genre '小" in err
    assert "data/units/empty.yml:1: the file is empty" in err
    assert "2 problem(s) found" in err


@pytest.mark.parametrize(
    ("data", "reports", "message"),
    [("data", "0", "a synthetic library needs at least one report"), ("missing", "3", "the taxonomy file is missing")],
)
def test_synth_refusals_are_one_line_and_exit_1(
    data: str, reports: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = ROOT / "data" if data == "data" else tmp_path / data
    assert main(["--data", str(data_dir), "synth", "--reports", reports, "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_a_dev_command_without_the_dev_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fanli bench` on an install without `fanli[dev]`: one line naming the extra, not a traceback."""
    import fanli.dev.bench

    def missing(_args: object) -> int:
        raise ModuleNotFoundError("No module named 'markdown'", name="markdown")

    monkeypatch.setattr(fanli.dev.bench, "main", missing)
    assert main(["bench", "--reports", "10"]) == 1
    assert "pip install 'fanli[dev]'" in capsys.readouterr().err
