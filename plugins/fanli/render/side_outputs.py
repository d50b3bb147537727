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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from time import perf_counter
from typing import Any

from fanli.core.errors import FanliError
from fanli.core.model import Library
from fanli.render.html import Renderer
from fanli.render.reuse import content_digest, unchanged
from fanli.render.word import WordWriter, browser_layout, collection_blocks
from fanli.site import routes, search_index
from fanli.site.downloads import phrase_downloads
from fanli.site.phrases import PhraseEntry
from fanli.site.plan import ScriptSpec

Job = Callable[[Path], Any]


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

    def finish(self) -> Any:
        """The job's result ({} if none was started), once it is done; raises SideOutputError if it failed."""
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


@dataclass
class Written:
    """What `write_side_outputs` did: seconds by phase, and every file's content digest by site-relative path."""

    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class _Writer:
    """Writes files under the site folder, each file's bytes only if `previous` says it holds others;
    without `previous` (a build that is not a serve rebuild's) no digest is worked out."""

    site_dir: Path
    previous: Mapping[str, bytes] | None
    written: Written = field(default_factory=Written)

    def write(self, relative: str, content: bytes) -> None:
        if self.previous is None:
            path = self.site_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            return
        digest = content_digest(content)
        self.written.files[relative] = digest
        if not unchanged(self.site_dir, relative, digest, self.previous):
            path = self.site_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


@dataclass
class _IndexWriter:
    """The search index's files (`search_index.FileSink`), each written as soon as it is made."""

    writer: _Writer

    def __setitem__(self, name: str, content: bytes) -> None:
        self.writer.write(f"{search_index.INDEX_DIR}/{name}", content)


def write_side_outputs(
    library: Library,
    renderer: Renderer,
    scripts: Sequence[ScriptSpec],
    phrases: list[PhraseEntry],
    site_dir: Path,
    kept_scripts: frozenset[str] = frozenset(),
    previous: Mapping[str, bytes] | None = None,
    search_cache: search_index.SearchCache | None = None,
) -> Written:
    """The files beside the pages, which need nothing of MkDocs: the search index, the data scripts
    of the writing aids, the Word downloads. Written one at a time, never all in memory.

    A serve rebuild (`render.reuse`) passes the scripts whose inputs are unchanged (`kept_scripts`,
    not built again), the digests of the files the last build left in the folder (`previous`) and the
    documents prepared for the search index (`search_cache`, brought up to date before the fork);
    `previous` is None when no later build reuses what this one writes."""
    writer = _Writer(site_dir, previous)
    timings = writer.written.timings
    started = perf_counter()
    search_index.build_search_index(library, renderer.use_directory_urls, search_cache, _IndexWriter(writer))
    timings["search"] = perf_counter() - started

    started = perf_counter()
    for script in scripts:
        if (
            previous
            and script.src in kept_scripts
            and unchanged(site_dir, script.src, previous.get(script.src, b""), previous)
        ):
            writer.written.files[script.src] = previous[script.src]
            continue
        payload = script.build(renderer.url)
        writer.write(script.src, renderer.render_script(script.key, payload).encode("utf-8"))
    timings["scripts"] = perf_counter() - started

    layout = routes.data_script(routes.WORD_LAYOUT)
    writer.write(layout, renderer.render_script(routes.WORD_LAYOUT, browser_layout()).encode())
    started = perf_counter()
    word = WordWriter()
    for download in phrase_downloads(library, phrases):
        writer.write(download.path, word.docx(collection_blocks(download)))
    timings["word"] = perf_counter() - started
    return writer.written
