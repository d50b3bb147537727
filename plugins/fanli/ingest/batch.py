"""`fanli import PATH...`: a batch of report files and folders into `data/units/`, file by file.

Each file is its own transaction: it is read, parsed, checked against the library and written
(atomically, with every other report of the batch bound for the same unit file), or it fails
with one line that says why, and the other files still import. `all_or_nothing` restores the
old rule: one failure and nothing is written.

The same report twice (a .doc and a .pdf of it, or a re-import) is recognised by its text: the
document's sentences, punctuation and spacing aside, as a set; two documents sharing 85 % of
their sentences (Jaccard), so a page header more or less does not hide it, are one report. A
duplicate is skipped with a note naming what it repeats. Two reports of one batch with
the same document id are both named: without `force` the later is refused, with it the later
replaces the earlier and the summary says so for both.

Word-processor files go through LibreOffice in ONE process for the whole batch
(`fanli.ingest.convert`) before anything is parsed.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from fanli.core.load import DataError, load_unit_text
from fanli.core.model import Taxonomy
from fanli.ingest.convert import OFFICE_SUFFIXES, ConverterMissing, convert_batch
from fanli.ingest.importer import parse_source
from fanli.ingest.reading import SUPPORTED_SUFFIXES, ReadFailure, office_failure, office_file_problem, read_source
from fanli.ingest.types import ImportFailure, Report, read_taxonomy
from fanli.ingest.unitfile import (
    MergeFailure,
    clean_stale_temp_files,
    field_name,
    first_line,
    marked_document,
    marked_yaml,
    merged_text,
    outside_data,
    temp_dir,
    write_atomically,
)

NEAR_DUPLICATE = 0.85  # share of sentences in common (Jaccard) that makes two documents one report
SENTENCE_END = re.compile(r"[。！？；!?;\n]")
NOT_TEXT = re.compile(r"[\W_]+")
SKIPPED_NAMES = re.compile(r"^(?:\.|~\$)")  # hidden files, and Word's lock files (~$报告.docx)


class Status(Enum):
    IMPORTED = "imported"
    REVIEW = "needs review"  # imported, with guesses marked 待确认 to confirm
    DUPLICATE = "duplicate"
    REPLACED = "replaced"  # imported, then replaced by a later file of the batch with the same id (--force)
    FAILED = "failed"
    NOT_WRITTEN = "not written"  # read fine, but another file failed under --all-or-nothing


@dataclass
class Outcome:
    """What became of one file of the batch; a failure's `message` starts with the file's name."""

    source: Path
    status: Status = Status.FAILED
    message: str = ""
    document_id: str | None = None
    target: Path | None = None
    unsure: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: Report | None = field(default=None, repr=False)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    problems: list[str]  # paths that hold no report at all: a missing path, a folder with no reports
    written: list[Path]

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(o.status is Status.FAILED for o in self.outcomes)

    def count(self, *statuses: Status) -> int:
        return sum(o.status in statuses for o in self.outcomes)


class Progress:
    """What the batch reports while it works; the command line shows it as a progress bar."""

    def stage(self, description: str, total: int) -> None:
        """A new stage of `total` steps begins."""

    def advance(self) -> None:
        """One step of the stage is done."""


def report_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files to import, folders searched recursively for report files; and a line for each path
    that holds none. A file named on the command line is taken whatever its suffix (it fails with
    a clear line if unsupported); in folders, only report files are taken."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not SKIPPED_NAMES.match(p.name)
            )
            if not found:
                problems.append(f"{path}: a folder with no reports in it (fanli reads {' '.join(SUPPORTED_SUFFIXES)})")
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    unique = list({p.resolve(): p for p in reversed(files)}.values())[::-1]  # each file once, first mention kept
    return unique, problems


# --- recognising a report already imported --------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "source"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def document_sentences(document: dict[str, Any]) -> frozenset[str]:
    """A document's sentences for comparison: every text field cut at sentence ends, normalised
    (NFKC, punctuation and spaces out), so that line breaks, page layout and encoding do not count."""
    sentences = set()
    for text in _strings(document):
        for sentence in SENTENCE_END.split(unicodedata.normalize("NFKC", text)):
            words = NOT_TEXT.sub("", sentence)
            if words:
                sentences.add(words)
    return frozenset(sentences)


class TextIndex:
    """The documents seen so far (in the library, then in the batch), found again by their sentences:
    an inverted index from sentence to documents proposes the documents sharing any, and the
    Jaccard similarity of the two sentence sets decides."""

    def __init__(self) -> None:
        self.sentences: dict[str, frozenset[str]] = {}
        self.holders: dict[str, list[str]] = {}

    def find(self, sentences: frozenset[str]) -> str | None:
        """The label of a document with the same sentences, or nearly the same, if any."""
        shared = Counter(label for sentence in sentences for label in self.holders.get(sentence, ()))
        for label, common in shared.most_common():
            if common < NEAR_DUPLICATE * len(sentences):
                break  # Jaccard ≤ common / len(sentences): no candidate further down can reach the bar
            if common / (len(sentences) + len(self.sentences[label]) - common) >= NEAR_DUPLICATE:
                return label
        return None

    def add(self, label: str, sentences: frozenset[str]) -> None:
        if label in self.sentences:
            return
        self.sentences[label] = sentences
        for sentence in sentences:
            self.holders.setdefault(sentence, []).append(label)


@dataclass(frozen=True)
class Existing:
    """A document already in the library."""

    document_id: str
    target: Path
    source: str


def existing_documents(data_dir: Path) -> list[tuple[Existing, frozenset[str]]]:
    """Every document in `data/units/` with its sentences; a unit file that does not read is passed over
    here (it fails the import of any report bound for it, with its own message)."""
    found: list[tuple[Existing, frozenset[str]]] = []
    for target in sorted((data_dir / "units").glob("*.yml")):
        try:
            data = yaml.load(target.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        documents = data.get("documents") if isinstance(data, dict) else None
        for document in documents if isinstance(documents, list) else []:
            if isinstance(document, dict) and isinstance(document.get("id"), str):
                known = Existing(document["id"], target, str(document.get("source", "")))
                found.append((known, document_sentences(document)))
    return found


# --- the batch ------------------------------------------------------------------------------------


def _read(paths: list[Path], taxonomy: Taxonomy, progress: Progress, work: Path) -> list[Outcome]:
    """Each file read and parsed (word-processor files converted first, all in one LibreOffice run)."""
    office = [p for p in paths if p.suffix.lower() in OFFICE_SUFFIXES and office_file_problem(p) is None]
    converted: dict[Path, Path | None] = {}
    converter_missing: str | None = None
    if office:
        progress.stage(f"converting {len(office)} file(s) with LibreOffice", 1)
        try:
            converted = convert_batch(office, "docx", work)
        except ConverterMissing as e:
            converter_missing = str(e)
        progress.advance()
    progress.stage("reading", len(paths))
    outcomes = []
    for path in paths:
        outcome = Outcome(path)
        try:
            if path in converted and converted[path] is None:
                raise ReadFailure(office_failure(path))
            if path in office and converter_missing:
                raise ReadFailure(f"{path.name}: {converter_missing}")
            source = read_source(path, converted.get(path))
            outcome.report = parse_source(source, path, taxonomy)
            outcome.dropped, outcome.notes = source.dropped, source.notes
            outcome.unsure = [field_name(p) for p in outcome.report.unsure]
            outcome.document_id = outcome.report.data["documents"][0]["id"]
        except (ReadFailure, ImportFailure) as e:
            outcome.message = str(e)
        outcomes.append(outcome)
        progress.advance()
    return outcomes


def _settle(outcomes: list[Outcome], data_dir: Path, force: bool) -> None:
    """Duplicates skipped, id clashes named, each remaining report given its unit file."""
    index = TextIndex()
    library: dict[str, Existing] = {}
    for known, sentences in existing_documents(data_dir):
        library[known.document_id] = known
        index.add(f"library:{known.document_id}", sentences)
    in_batch: dict[str, Outcome] = {}
    for outcome in outcomes:
        if outcome.report is None:
            continue
        document = outcome.report.data["documents"][0]
        doc_id = document["id"]
        target = data_dir / "units" / f"{outcome.report.data['unit']['id']}.yml"
        sentences = document_sentences(document)
        same = index.find(sentences)
        replacing = force and doc_id in library  # --force: the user asked for this document to be replaced
        if same is not None and not (replacing and same.startswith("library:")):
            outcome.status, outcome.report = Status.DUPLICATE, None
            if same.startswith("library:"):
                known = library[same.removeprefix("library:")]
                outcome.message = f"already imported as {known.document_id} ({known.target.name}, from {known.source})"
                if known.document_id == doc_id:
                    outcome.message += "; --force replaces it"
            else:
                outcome.message = f"same report as {same} in this batch"
            continue
        if outside_data(target, data_dir):
            outcome.message = (
                f"{outcome.source.name}: {target} is a link to a file outside {data_dir}; "
                "fanli does not write through it"
            )
            outcome.report = None
            continue
        if doc_id in library and not force:
            outcome.message = (
                f"{outcome.source.name}: document id {doc_id} already in {library[doc_id].target} "
                f"(from {library[doc_id].source}) with other text; use --force to replace it"
            )
            outcome.report = None
            continue
        earlier = in_batch.get(doc_id)
        if earlier is not None:
            if not force:
                outcome.message = (
                    f"{outcome.source.name}: document id {doc_id} is also {earlier.source.name}'s in this batch; "
                    "import one of them alone, or both with --force (the later replaces the earlier)"
                )
                outcome.report = None
                continue
            earlier.status, earlier.report = Status.REPLACED, None
            earlier.message = f"replaced by {outcome.source.name} (same document id {doc_id}, --force)"
            outcome.notes.append(f"replaces {earlier.source.name}'s document (same id {doc_id}) from this batch")
        in_batch[doc_id] = outcome
        index.add(outcome.source.name, sentences)
        outcome.target = target
        outcome.status = Status.REVIEW if outcome.unsure else Status.IMPORTED
        if doc_id in library:
            outcome.notes.append(f"replaced {doc_id} in {target.name} (--force)")


def _unit_file_text(target: Path, group: list[Outcome], force: bool, taxonomy: Taxonomy) -> str:
    """The unit file `target` with the group's documents added: a new file, or the old one merged;
    each unsure guess marked `# 待确认` on its line (a merged file keeps its unit as it is)."""
    reports = [o.report for o in group if o.report is not None]
    if target.exists():
        text = merged_text(target, [marked_document(r.data, r.unsure) for r in reports], force)
    else:
        data = {"unit": reports[0].data["unit"], "documents": [r.data["documents"][0] for r in reports]}
        unsure = {path: note for path, note in reports[0].unsure.items() if path[0] == "unit"}
        for index, report in enumerate(reports):
            unsure |= {
                ("documents", index, *path[2:]): note
                for path, note in report.unsure.items()
                if path[:2] == ("documents", 0)
            }
        text = marked_yaml(data, unsure)
    load_unit_text(text, target, taxonomy)  # never write a file that would not load
    return text


def import_batch(
    paths: Iterable[Path],
    data_dir: Path,
    *,
    force: bool = False,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Imports every report file in `paths` (folders searched recursively) that reads and is new."""
    progress = progress or Progress()
    taxonomy = read_taxonomy(data_dir)
    clean_stale_temp_files(data_dir)
    files, problems = report_files(paths)
    with tempfile.TemporaryDirectory(prefix="fanli-import-") as work:
        outcomes = _read(files, taxonomy, progress, Path(work))
    _settle(outcomes, data_dir, force)
    groups: dict[Path, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.report is not None and outcome.target is not None:
            groups.setdefault(outcome.target, []).append(outcome)
    texts: dict[Path, str] = {}
    for target, group in groups.items():
        try:
            texts[target] = _unit_file_text(target, group, force, taxonomy)
        except (MergeFailure, DataError) as e:
            for outcome in group:
                outcome.status, outcome.report = Status.FAILED, None
                outcome.message = f"{outcome.source.name}: {target.name} cannot take it: {first_line(e)}"
    result = BatchResult(outcomes, problems, [])
    if all_or_nothing and result.failed:
        for outcome in outcomes:
            if outcome.status in (Status.IMPORTED, Status.REVIEW, Status.REPLACED):
                outcome.status, outcome.message = Status.NOT_WRITTEN, "another file failed (--all-or-nothing)"
        return result
    if texts:
        progress.stage("writing", len(texts))
    for target, text in texts.items():
        try:
            write_atomically(target, text, temp_dir(data_dir))
        except OSError as e:  # disk full, no permission: the old file is as it was
            for outcome in groups[target]:
                outcome.status, outcome.report = Status.FAILED, None
                outcome.message = f"{outcome.source.name}: {target} could not be written ({e.strerror or e})"
        else:
            result.written.append(target)
        progress.advance()
    with contextlib.suppress(OSError):
        temp_dir(data_dir).rmdir()  # only when empty: another import may be writing
    return result


def import_paths(paths: list[Path], data_dir: Path, force: bool = False) -> list[Path]:
    """All or nothing: every report imported, or ImportFailure with the first problem and nothing written."""
    result = import_batch(paths, data_dir, force=force, all_or_nothing=True)
    if result.problems:
        raise ImportFailure(result.problems[0])
    failed = [o for o in result.outcomes if o.status is Status.FAILED]
    if failed:
        raise ImportFailure(failed[0].message)
    return result.written
