"""Run one job in a forked worker process while the build goes on, and collect its result.

The build machine has two cores and MkDocs uses one. The files fanli writes beside the pages
(search index, data scripts, Word downloads) need nothing MkDocs computes, so a forked copy of
the process writes them while MkDocs renders pages: the build takes about as long as the longer
of the two instead of their sum. Fork shares the loaded library copy-on-write; nothing is
pickled but the job's small result. Where fork is unavailable, or `parallel` is off, the job
runs in this process when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from time import perf_counter
from typing import Any

from fanli.core.errors import FanliError
from fanli.core.model import Library
from fanli.render.html import Renderer
from fanli.render.word import WordWriter, browser_layout, collection_blocks
from fanli.site import routes, search_index
from fanli.site.downloads import phrase_downloads
from fanli.site.phrases import PhraseEntry
from fanli.site.plan import ScriptSpec

Job = Callable[[Path], dict[str, float]]


class SideOutputError(FanliError):
    """The job failed; the message is its traceback."""


def _run(job: Job, site_dir: Path, connection: Connection) -> None:
    try:
        connection.send(("ok", job(site_dir)))
    except BaseException:  # the parent reports it: a worker must never die silently
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


class SideOutputs:
    def __init__(self) -> None:
        self.process: Any = None
        self.connection: Connection | None = None
        self.pending: tuple[Job, Path] | None = None

    def start(self, job: Job, site_dir: Path, parallel: bool = True) -> None:
        self.cancel()
        if not parallel or "fork" not in multiprocessing.get_all_start_methods():
            self.pending = (job, site_dir)
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_run, args=(job, site_dir, sender), name="fanli-side-outputs")
        self.process.start()
        sender.close()
        self.connection = receiver

    def finish(self) -> dict[str, float]:
        """The job's timings, once it is done; raises SideOutputError if it failed."""
        if self.pending is not None:
            job, site_dir = self.pending
            self.pending = None
            try:
                return job(site_dir)
            except Exception:  # reported the same way as a failure in the worker
                raise SideOutputError(traceback.format_exc()) from None
        if self.process is None or self.connection is None:
            return {}
        try:
            status, result = self.connection.recv()
        except EOFError:
            status, result = "error", "the worker process ended without a result"
        finally:
            self.process.join()
            self.connection.close()
            self.process = self.connection = None
        if status != "ok":
            raise SideOutputError(result)
        return result

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
        if self.connection is not None:
            self.connection.close()
        self.process = self.connection = self.pending = None


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def write_side_outputs(
    library: Library,
    renderer: Renderer,
    scripts: Sequence[ScriptSpec],
    phrases: list[PhraseEntry],
    site_dir: Path,
) -> dict[str, float]:
    """The files beside the pages, which need nothing of MkDocs: the search index, the data scripts
    of the writing aids, the Word downloads. Written one at a time, never all in memory."""
    timings: dict[str, float] = {}
    started = perf_counter()
    index = search_index.build_search_index(library, renderer.use_directory_urls)
    for name, content in index.files.items():
        _write(site_dir / search_index.INDEX_DIR / name, content)
    del index
    timings["search"] = perf_counter() - started

    started = perf_counter()
    for script in scripts:
        payload = script.build(renderer.url)
        _write(site_dir / script.src, renderer.render_script(script.key, payload).encode("utf-8"))
    timings["scripts"] = perf_counter() - started

    _write(
        site_dir / routes.data_script(routes.WORD_LAYOUT),
        renderer.render_script(routes.WORD_LAYOUT, browser_layout()).encode(),
    )
    started = perf_counter()
    writer = WordWriter()
    for download in phrase_downloads(library, phrases):
        _write(site_dir / download.path, writer.docx(collection_blocks(download)))
    timings["word"] = perf_counter() - started
    return timings
