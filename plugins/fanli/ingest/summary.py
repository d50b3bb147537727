"""What `fanli import` shows: a progress bar while it works (on a terminal only) and a summary table.

The table has one row per file that did not simply import: needs review (the fields whose
guesses are marked 待确认), duplicates (of what), replaced, failed (why); then the dropped lines
of each file, and the counts. A file that imported with nothing to say is counted, not listed,
so a batch of a thousand shows what needs a person.
"""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from fanli.ingest.batch import BatchResult, Progress, Status

SHOWN_DROPPED = 20  # dropped lines listed per file; the count says how many more


class TerminalProgress(Progress):
    """A rich progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean)."""

    def __init__(self) -> None:
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None
        if sys.stderr.isatty():
            self.bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> TerminalProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def stage(self, description: str, total: int) -> None:
        if self.bar is not None:
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(description, total=total)

    def advance(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)


def print_summary(result: BatchResult, console: Console | None = None) -> None:
    """Failures as one `error:` line each on stderr; the table, dropped lines and counts on stdout."""
    wide = None if sys.stdout.isatty() else 10_000  # in a log or a pipe: one row a line, never folded
    console = console or Console(highlight=False, soft_wrap=True, width=wide)
    errors = Console(stderr=True, highlight=False, soft_wrap=True, width=10_000)
    for problem in result.problems:
        errors.print(f"error: {problem}", markup=False)
    for outcome in result.outcomes:
        if outcome.status is Status.FAILED:
            errors.print(f"error: {outcome.message}", markup=False)
    listed = [o for o in result.outcomes if o.status not in (Status.IMPORTED, Status.FAILED) or o.notes]
    if listed:
        table = Table(title="fanli import", show_lines=False)
        table.add_column("file", overflow="fold")
        table.add_column("result")
        table.add_column("details", overflow="fold")
        for outcome in listed:
            details = outcome.message
            if outcome.status is Status.REVIEW:
                details = "待确认: " + ", ".join(outcome.unsure)
            details = "; ".join(filter(None, [details, *outcome.notes]))
            table.add_row(str(outcome.source), outcome.status.value, details)
        console.print(table, markup=False)
    for outcome in result.outcomes:
        if outcome.dropped and outcome.status in (Status.IMPORTED, Status.REVIEW):
            console.print(
                f"{outcome.source.name}: {len(outcome.dropped)} line(s) dropped as page furniture:", markup=False
            )
            for line in outcome.dropped[:SHOWN_DROPPED]:
                console.print(f"  - {line}", markup=False)
            if len(outcome.dropped) > SHOWN_DROPPED:
                console.print(f"  … and {len(outcome.dropped) - SHOWN_DROPPED} more", markup=False)
    for path in result.written:
        console.print(f"wrote {path}", markup=False)
    counts = [
        ("imported", result.count(Status.IMPORTED, Status.REVIEW)),
        ("needs review", result.count(Status.REVIEW)),
        ("duplicates skipped", result.count(Status.DUPLICATE)),
        ("replaced in this batch", result.count(Status.REPLACED)),
        ("failed", result.count(Status.FAILED) + len(result.problems)),
        ("not written", result.count(Status.NOT_WRITTEN)),
    ]
    console.print(
        ", ".join(f"{label}: {n}" for label, n in counts if n or label in ("imported", "failed")), markup=False
    )
