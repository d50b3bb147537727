"""Writing unit files without losing anything: merging, annotating, atomic replacement.

A new unit file is written by `fanli.dump` (PyYAML, the canonical layout). A file that already
exists may have been edited by hand, with comments; adding a document to it goes through
ruamel.yaml's round-trip mode, which keeps the comments and the layout of what is already there
(a document replaced with `--force` keeps the comments on its fields).

The importer's unsure guesses are marked `# 待确认: why` at the end of their line: inserted into
`dump_yaml`'s output, so a file is the canonical layout byte for byte apart from its marks.

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

import yaml
from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from fanli.core.dump import dump_yaml
from fanli.core.errors import FanliError
from fanli.ingest.types import DataPath

UNSURE_MARK = "待确认"
TEMP_DIR = ".fanli-tmp"  # in the data folder: on the same file system, so a rename is atomic
TEMP_SUFFIX = ".tmp"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MergeFailure(FanliError):
    """The document cannot be added to the unit file; the message says why."""


def round_trip_yaml() -> YAML:
    """ruamel.yaml set up to write what `fanli.dump` writes: block style, unindented lists, long lines."""
    rt = YAML(typ="rt")
    rt.indent(mapping=2, sequence=2, offset=0)
    rt.width = 1_000_000
    rt.allow_unicode = True
    rt.preserve_quotes = True
    # Unit files refuse YAML aliases: a value that occurs twice (one list object in two documents)
    # is written out twice, never as an anchor and an alias.
    rt.representer.ignore_aliases = lambda data: True
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


def _slot_index(container: Any) -> int:
    """Where in ruamel.yaml's comment slots an entry's end-of-line comment is kept."""
    return 0 if isinstance(container, CommentedSeq) else 2


def _comment(container: Any, key: Any) -> CommentToken | None:
    tokens = container.ca.items.get(key)
    return tokens[_slot_index(container)] if tokens else None


def _set_comment(container: Any, key: Any, value: str, column: int) -> None:
    """The end-of-line comment (and the comment lines after it) of `container[key]`, at `column` (or a
    space after the value, when that is further right); "" for none."""
    slot = container.ca.items.setdefault(key, [None, None, None, None])
    slot[_slot_index(container)] = CommentToken(value, CommentMark(column)) if value.strip() else None
    if not any(slot):
        del container.ca.items[key]


def _is_mark(comment: str) -> bool:
    return comment.lstrip().startswith(f"# {UNSURE_MARK}")


def _carry_comments(old: Any, new: Any) -> None:
    """The comments on `old`'s fields onto the same fields of `new`, at any depth (list items by
    position). A 待确认 mark is the importer's, and the new import decides it: its guess is marked
    again, unless the old file holds the same value unmarked (a person confirmed it by deleting the
    mark). Any other comment is a person's and is kept, with the new mark after it."""
    if isinstance(old, CommentedMap) and isinstance(new, CommentedMap):
        pairs = [(key, key) for key in old if key in new]
    elif isinstance(old, CommentedSeq) and isinstance(new, CommentedSeq):
        pairs = [(i, i) for i in range(min(len(old), len(new)))]
    else:
        return
    for key, _ in pairs:
        old_token, new_token = _comment(old, key), _comment(new, key)
        before, _, lines_after = old_token.value.partition("\n") if old_token else ("", "", "")
        mark = new_token.value.split("\n", 1)[0].strip() if new_token else ""
        if mark and not _is_mark(before) and old[key] == new[key]:
            mark = ""  # confirmed (or never in doubt) in the library: not marked again
        kept = "" if _is_mark(before) else before.strip()
        comment = "  ".join(part for part in (kept, mark) if part)
        column = old_token.column if old_token and kept else new_token.column if new_token else 0
        _set_comment(new, key, f"{comment}\n{lines_after}" if comment or lines_after.strip() else "", column)
        _carry_comments(old[key], new[key])


def _keeping_comments(old: Any, new: Any) -> Any:
    """`new` in place of `old`, with the comments on `old`'s fields moved to the same fields of `new`
    (`_carry_comments`); `new` may carry the importer's marks.

    ruamel.yaml hangs the comment lines that follow a document (the next document's heading
    comment) on the end-of-line comment of the document's deepest last entry: they move to `new`'s
    deepest last entry."""
    if not isinstance(old, CommentedMap) or not old:
        return new
    replacement = new if isinstance(new, CommentedMap) else _commented(new)
    replacement.ca.comment = old.ca.comment
    following = ""
    old_slot = _trailing_slot(old)
    if old_slot is not None:
        token = _comment(*old_slot)
        if token is not None:
            own, _, following = token.value.partition("\n")
            _set_comment(*old_slot, f"{own}\n" if own.strip() else "", token.column)
    _carry_comments(old, replacement)
    new_slot = _trailing_slot(replacement)
    if following and new_slot is not None:
        token = _comment(*new_slot)
        own = token.value.split("\n", 1)[0] if token else ""
        _set_comment(*new_slot, f"{own}\n{following}", token.column if token else 0)
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


# --- the 待确认 marks -------------------------------------------------------------------------------

# Where the mark of a guess about an absent field goes: a section's single `kind` is written as
# `kinds` when there are several; a document without sections has its whole text in `opening`.
_STANDS_FOR = {"kind": "kinds", "sections": "opening"}


def field_name(path: DataPath) -> str:
    """("documents", 0, "sections", 2, "kind") → "sections[3].kind": where a guess sits, for a person."""
    return dotted(path[2:] if path[:1] == ("documents",) else path)


def dotted(path: DataPath) -> str:
    """("documents", 1, "title") → "documents[2].title", counting from 1 as people do."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def _key_line(node: yaml.Node, path: DataPath) -> tuple[int, str | None]:
    """The line (from 0) of the key at `path` in the composed YAML; for an absent key, the line of the
    key that stands for it, or of the mapping's first key, with the absent key's name."""
    *parents, key = path
    for part in parents:
        node = node.value[part] if isinstance(part, int) else dict((k.value, v) for k, v in node.value)[part]
    keys = {k.value: k for k, _ in node.value}
    if key in keys:
        return keys[key].start_mark.line, None
    stand_in = keys.get(_STANDS_FOR.get(str(key), ""), node.value[0][0])
    return stand_in.start_mark.line, str(key)


def marked_yaml(data: dict[str, Any], unsure: Mapping[DataPath, str]) -> str:
    """`dump_yaml(data)` with `  # 待确认: why` at the end of the line of each unsure guess: the
    canonical layout, byte for byte, apart from the marks (a file without guesses has none).
    A person confirms a guess by deleting its mark."""
    text = dump_yaml(data)
    if not unsure:
        return text
    root = yaml.compose(text, Loader=_Loader)
    assert root is not None  # dump_yaml wrote a mapping
    notes: dict[int, list[str]] = {}
    for path, note in unsure.items():
        line, absent = _key_line(root, path)
        notes.setdefault(line, []).append(f"{absent}：{note}" if absent else note)
    lines = text.split("\n")
    for line, found in notes.items():
        lines[line] += f"  # {UNSURE_MARK}: {'；'.join(found)}"
    return "\n".join(lines)


def marked_document(data: dict[str, Any], unsure: Mapping[DataPath, str]) -> CommentedMap:
    """The report's one document with its marks, as ruamel.yaml nodes, to be merged into a unit file."""
    document_unsure = {path: note for path, note in unsure.items() if path[:2] == ("documents", 0)}
    text = marked_yaml({"documents": data["documents"][:1]}, document_unsure)
    document: CommentedMap = round_trip_yaml().load(text)["documents"][0]
    return document


def unsure_marks(text: str) -> list[tuple[int, str, str]]:
    """(line from 1, field, note) for each 待确认 mark in unit-file YAML `text`; the field is the
    path of the key on the marked line ("" when the text is not YAML)."""
    marked = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if f"# {UNSURE_MARK}" in line]
    if not marked:
        return []
    fields: dict[int, str] = {}
    with contextlib.suppress(yaml.YAMLError):
        _key_paths(yaml.compose(text, Loader=_Loader), (), fields)
    return [(n, fields.get(n, ""), line.partition(f"# {UNSURE_MARK}")[2].lstrip(":： ")) for n, line in marked]


def _key_paths(node: yaml.Node | None, path: DataPath, found: dict[int, str]) -> None:
    """Line (from 1) → dotted path of the first key on it, for every key under `node`."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.setdefault(key.start_mark.line + 1, dotted((*path, key.value)))
            _key_paths(value, (*path, key.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _key_paths(item, (*path, index), found)


def annotated_yaml(data: dict[str, Any], unsure: Mapping[DataPath, str], dropped: list[str]) -> str:
    """What `fanli parse` shows: the unit file import would write, marks included. Lines dropped as
    page furniture are listed in a comment at the top."""
    text = marked_yaml(data, unsure)
    if dropped:
        shown = "、".join(dict.fromkeys(dropped))
        text = f"# 已略去的页码和页眉（{len(dropped)} 行）: {shown}\n" + text
    return text
