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
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fanli.core.errors import FanliError

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
