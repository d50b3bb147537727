"""Writing unit files without losing anything: merging, annotating, atomic replacement.

A new unit file is written by `fanli.dump` (PyYAML, the canonical layout). A file that already
exists may have been edited by hand, with comments; adding a document to it goes through
ruamel.yaml's round-trip mode, which keeps the comments and the layout of what is already there
(a document replaced with `--force` keeps the comments on its fields).

Temporary files are written in `data/.fanli-tmp/`, never among the unit files, and named after
the process writing them: a run killed mid-write leaves its temp file there, and the next run
removes it. `stray_files` finds what does not belong in `data/units/` for `fanli check`.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from fanli.core.errors import FanliError

UNSURE_MARK = "待确认"
TEMP_DIR = ".fanli-tmp"  # in the data folder: on the same file system, so a rename is atomic
TEMP_SUFFIX = ".tmp"


class MergeFailure(FanliError):
    """The document cannot be added to the unit file; the message says why."""


def round_trip_yaml() -> YAML:
    """ruamel.yaml set up to write what `fanli.dump` writes: block style, unindented lists, long lines."""
    rt = YAML(typ="rt")
    rt.indent(mapping=2, sequence=2, offset=0)
    rt.width = 1_000_000
    rt.allow_unicode = True
    rt.preserve_quotes = True
    return rt


def _dump(rt: YAML, data: Any) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def first_line(error: object) -> str:
    """An error's first line: a YAML error about a file that is not YAML may quote all of it."""
    text = str(error).strip()
    line = text.splitlines()[0] if text else ""
    return line[:200] + ("…" if len(line) > 200 or len(text) > len(line) else "")


def merged_text(target: Path, new_documents: list[dict[str, Any]], force: bool) -> str:
    """The unit file `target` with the new documents added, each replacing its namesake when `force`;
    the file's unit, other documents and comments are kept. One round trip, however many documents:
    ruamel.yaml is thorough, not fast."""
    rt = round_trip_yaml()
    try:
        existing = rt.load(target.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YAMLError) as e:
        raise MergeFailure(f"{target}: cannot be read as YAML ({first_line(e)}); fix or move it first") from e
    if not isinstance(existing, MutableMapping) or "unit" not in existing:
        raise MergeFailure(f"{target}: is not a unit file; fix or move it first")
    documents = existing.get("documents")
    if not isinstance(documents, list):
        documents = CommentedSeq()
        existing["documents"] = documents
    for document in new_documents:
        add_document(documents, document, force, str(target))
    return _dump(rt, existing)


def add_document(documents: list[Any], document: dict[str, Any], force: bool, where: str) -> None:
    """Appends `document`, or replaces the one with its id when `force`; refuses otherwise."""
    ids = [d.get("id") if isinstance(d, Mapping) else None for d in documents]
    if document["id"] not in ids:
        documents.append(document)
    elif force:
        index = ids.index(document["id"])
        documents[index] = _keeping_comments(documents[index], document)
    else:
        raise MergeFailure(f"document id {document['id']} already in {where}; use --force to replace it")


def _trailing_slot(node: Any) -> tuple[Any, Any] | None:
    """Where ruamel.yaml keeps the comment lines that follow a node: on its deepest last entry."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[last]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            node = value
            continue
        return node, last
    return None


def _keeping_comments(old: Any, new: dict[str, Any]) -> Any:
    """`new` in place of `old`, with the comments on `old`'s fields moved to the same fields of `new`.

    ruamel.yaml hangs the comment lines that follow a document (the next document's heading
    comment) on the document's deepest last entry: they move to `new`'s deepest last entry."""
    if not isinstance(old, CommentedMap) or not old:
        return new
    replacement = _commented(new)
    replacement.ca.comment = old.ca.comment
    trailing = None
    old_slot, new_slot = _trailing_slot(old), _trailing_slot(replacement)
    if old_slot is not None:
        container, key = old_slot
        tokens = container.ca.items.pop(key, None)
        if tokens:
            trailing = tokens[0] if isinstance(container, CommentedSeq) else tokens[2]
    for key, tokens in old.ca.items.items():
        if key in replacement:
            replacement.ca.items[key] = tokens
    if trailing is not None and new_slot is not None:
        container, key = new_slot
        slot = container.ca.items.setdefault(key, [None, None, None, None])
        slot[0 if isinstance(container, CommentedSeq) else 2] = trailing
    return replacement


def temp_dir(data_dir: Path) -> Path:
    return data_dir / TEMP_DIR


def clean_stale_temp_files(data_dir: Path) -> list[Path]:
    """Removes the temp files of runs that are no longer running (killed mid-write); returns them."""
    removed = []
    folder = temp_dir(data_dir)
    for path in sorted(folder.glob(f"*{TEMP_SUFFIX}")) if folder.is_dir() else []:
        pid = path.name.split(".", 1)[0]
        if pid.isdigit() and _running(int(pid)):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stray_files(data_dir: Path) -> list[str]:
    """`file: why` for each file in `data/units/` that is no unit file, and each temp file left behind."""
    found = []
    units = data_dir / "units"
    for path in sorted(units.iterdir()) if units.is_dir() else []:
        if path.is_dir():
            found.append(f"{path}: a folder in {units}; unit files are read only from {units} itself")
        elif path.suffix != ".yml" or path.name.startswith("."):
            found.append(f"{path}: not a unit file (data/units/ holds only <unit-id>.yml); move or delete it")
    folder = temp_dir(data_dir)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        found.append(f"{path}: left by an import that was stopped; `fanli import` removes it, or delete it")
    return found


def outside_data(target: Path, data_dir: Path) -> bool:
    """True for a unit file that is a link leading out of the data folder (fanli never writes through one)."""
    if not target.is_symlink():
        return False
    return not target.resolve().is_relative_to(data_dir.resolve())


def write_atomically(target: Path, text: str, temp_folder: Path | None = None) -> None:
    """Readers see the old file or the new one, never half of one. The temp file goes to
    `temp_folder` (by default `.fanli-tmp/` beside the target's folder), never beside the target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = temp_folder or target.parent.parent / TEMP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f"{os.getpid()}.{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _commented(value: Any) -> Any:
    if isinstance(value, Mapping):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


def annotated_yaml(data: dict[str, Any], unsure: Mapping[tuple[str | int, ...], str], dropped: list[str]) -> str:
    """The YAML of `data` with a `# 待确认: …` comment on the line of every unsure guess.

    A guess about a field that is absent (a section without a kind) goes on the line of the
    mapping's first field. Lines dropped as page furniture are listed in a comment at the top."""
    tree = _commented(data)
    for path, note in unsure.items():
        *parents, key = path
        node = tree
        for part in parents:
            node = node[part]
        anchor = key if key in node else next(iter(node))
        node.yaml_add_eol_comment(f"{UNSURE_MARK}: {note}", anchor)
    text = _dump(round_trip_yaml(), tree)
    if dropped:
        shown = "、".join(dict.fromkeys(dropped))
        text = f"# 已略去的页码和页眉（{len(dropped)} 行）: {shown}\n" + text
    return text
