"""Writing unit files without losing anything: merging, annotating, atomic replacement.

A new unit file is written by `fanli.dump` (PyYAML, the canonical layout). A file that already
exists may have been edited by hand, with comments; adding a document to it goes through
ruamel.yaml's round-trip mode, which keeps the comments and the layout of what is already there.
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


def merged_text(target: Path, new_documents: list[dict[str, Any]], force: bool) -> str:
    """The unit file `target` with the new documents added, each replacing its namesake when `force`;
    the file's unit, other documents and comments are kept. One round trip, however many documents:
    ruamel.yaml is thorough, not fast."""
    rt = round_trip_yaml()
    try:
        existing = rt.load(target.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YAMLError) as e:
        raise MergeFailure(f"{target}: cannot be read as YAML ({e}); fix or move it first") from e
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
        documents[ids.index(document["id"])] = document
    else:
        raise MergeFailure(f"document id {document['id']} already in {where}; use --force to replace it")


def write_atomically(target: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
