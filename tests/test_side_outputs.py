"""The forked worker that writes the search index, data scripts and Word files during the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fanli.render.side_outputs import SideOutputError, SideOutputs

from conftest import ROOT


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


@pytest.mark.parametrize("serving", [False, True])
def test_the_search_index_is_written_file_by_file_as_built(tmp_path: Path, serving: bool) -> None:
    """The worker writes each index file as soon as it is made, never holding them all (most of its peak
    memory at 10,000 reports): the files are `build_search_index`'s, byte for byte, with or without the
    digests a serve rebuild keeps."""
    from fanli.core.load import load_library
    from fanli.render.html import Renderer
    from fanli.render.side_outputs import write_side_outputs
    from fanli.site import search_index

    library = load_library(ROOT / "data")
    built = search_index.build_search_index(library).files
    taken: dict[str, bytes] = {}
    assert search_index.build_search_index(library, sink=taken).files == {} and taken == built

    written = write_side_outputs(
        library, Renderer(library.taxonomy), [], [], tmp_path, previous={} if serving else None
    )
    folder = tmp_path / search_index.INDEX_DIR
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert len(built) > 10 and on_disk == built
    index_digests = {path for path in written.files if path.startswith(f"{search_index.INDEX_DIR}/")}
    assert index_digests == ({f"{search_index.INDEX_DIR}/{name}" for name in built} if serving else set())
