"""The forked worker that writes the search index, data scripts and Word files during the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fanli.render.side_outputs import SideOutputError, SideOutputs


def _write_pid(site_dir: Path) -> dict[str, float]:
    (site_dir / "pid").write_text(str(os.getpid()), encoding="utf-8")
    return {"job": 1.5}


def _fail(site_dir: Path) -> dict[str, float]:
    raise ValueError("broken on purpose")


@pytest.mark.parametrize("parallel", [True, False])
def test_job_runs_and_returns_its_timings(tmp_path: Path, parallel: bool) -> None:
    outputs = SideOutputs()
    outputs.start(_write_pid, tmp_path, parallel)
    assert outputs.finish() == {"job": 1.5}
    ran_in = int((tmp_path / "pid").read_text(encoding="utf-8"))
    assert (ran_in != os.getpid()) is parallel
    assert outputs.finish() == {}  # collected once


@pytest.mark.parametrize("parallel", [True, False])
def test_a_failing_job_is_reported_with_its_traceback(tmp_path: Path, parallel: bool) -> None:
    outputs = SideOutputs()
    outputs.start(_fail, tmp_path, parallel)
    with pytest.raises(SideOutputError, match="broken on purpose"):  # in the worker or in this process
        outputs.finish()


def test_cancel_stops_the_worker(tmp_path: Path) -> None:
    outputs = SideOutputs()
    outputs.start(lambda site_dir: __import__("time").sleep(60) or {}, tmp_path)
    process = outputs.process
    outputs.cancel()
    assert not process.is_alive() and outputs.finish() == {}
