"""Whether what a page or a data script is made from changed since the last plan, to tell whether it
must be made again.

A serve rebuild after one edit re-plans the whole site (cheap next to rendering it) and renders only
the pages whose inputs changed: two plans' pages with alike inputs give the same output. `alike`
compares two values through their whole structure: text, numbers, containers in their order, every
field of a dataclass (those left out of comparisons too: a document's origin is its edit link), and for
a data script's builder (a `functools.partial` or a nested function) the function, its code and
captured values. An object that a page reads through a method (the similar-wording notes, a phrase
entry, a link to a paragraph) says what the method reads by a `__fingerprint__()` method, and is
compared by that. A value of any other type cannot be vouched for (`Unknown`): what holds it is made
again every time rather than risk a stale page.

The loaded library's own objects (documents, their sections and paragraphs, units) are compared by
identity alone, and so is every object with itself: `core.load.LoadCache` gives the very same objects
again for every unit file that did not change, `site.indexes.PlanMemo` gives again what the last plan
derived from them, and the plan's values are not changed once planned. So a page the edit left alone
is told in a few identity checks, whatever it holds, and a page that changed at its first difference.
This holds only while the values compared with stay alive (so that no new object can take the identity
of an old one): `render.reuse.OutputReuse` keeps the last plan's until the next is compared.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from types import FunctionType
from typing import Any

from fanli.core.model import Document, Paragraph, Section, Unit

BY_IDENTITY = (Document, Section, Paragraph, Unit)  # what a load cache gives again, unchanged


class Unknown(Exception):
    """A value `alike` cannot vouch for."""


def alike(last: Any, value: Any) -> bool:
    """Whether a value of the last plan (`last`, kept alive by the caller) and one of this plan make the
    same output (see the module's docstring). Raises Unknown on a value it cannot vouch for."""
    kind = type(last)
    how = _HOW.get(kind) or _how(kind)
    if last is value:
        if how is _UNKNOWN:
            raise Unknown(f"{kind.__module__}.{kind.__qualname__}")
        return True
    if type(value) is not kind:
        return False
    if how is _PLAIN:
        return bool(last == value)
    if how is _SEQUENCE:
        return len(last) == len(value) and all(alike(a, b) for a, b in zip(last, value, strict=True))
    if how is _DICT:
        return len(last) == len(value) and all(
            alike(ka, kb) and alike(va, vb) for (ka, va), (kb, vb) in zip(last.items(), value.items(), strict=True)
        )
    if how is _FINGERPRINT:
        return alike(last.__fingerprint__(), value.__fingerprint__())
    if how is _FIELDS:
        return all(alike(getattr(last, name), getattr(value, name)) for name in _FIELD_NAMES[kind])
    if how is _PARTIAL:
        return alike((last.func, last.args, last.keywords), (value.func, value.args, value.keywords))
    if how is _FUNCTION:  # a nested function made again: the same code (its module and name with it)
        return last.__code__ is value.__code__ and alike(_captured(last), _captured(value))
    if how is _SET and all(type(item) in _PLAIN_TYPES for item in (*last, *value)):
        return bool(last == value)
    if how is _BY_IDENTITY:
        return False
    raise Unknown(f"{kind.__module__}.{kind.__qualname__}")


_PLAIN, _SEQUENCE, _DICT, _SET, _BY_IDENTITY, _FINGERPRINT, _FIELDS, _PARTIAL, _FUNCTION, _UNKNOWN = (
    "plain", "sequence", "dict", "set", "identity", "fingerprint", "fields", "partial", "function", "unknown"
)  # fmt: skip
_PLAIN_TYPES = frozenset({str, int, float, bool, bytes, type(None)})
_HOW: dict[type, str] = {}  # how `alike` compares values of a type, by type
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _how(kind: type) -> str:
    """How `alike` compares values of `kind` (worked out once per type)."""
    how = _UNKNOWN
    if kind in _PLAIN_TYPES or issubclass(kind, str):  # Markup: a str whose text is HTML
        how = _PLAIN
    elif kind in BY_IDENTITY:
        how = _BY_IDENTITY
    elif kind is tuple or kind is list:
        how = _SEQUENCE
    elif issubclass(kind, dict):  # Counter and defaultdict too
        how = _DICT
    elif kind is set or kind is frozenset:
        how = _SET
    elif hasattr(kind, "__fingerprint__"):
        how = _FINGERPRINT
    elif dataclasses.is_dataclass(kind):
        how = _FIELDS
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    elif issubclass(kind, partial):
        how = _PARTIAL
    elif kind is FunctionType:
        how = _FUNCTION
    elif kind is type(len):  # a built-in function: the same one or not
        how = _BY_IDENTITY
    _HOW[kind] = how
    return how


def _captured(function: FunctionType) -> tuple[Any, ...]:
    """What a function works with besides its code: its defaults and the values of its closure."""
    cells = tuple(cell.cell_contents for cell in function.__closure__ or ())
    return (function.__defaults__, function.__kwdefaults__, cells)


def link_shown(document: Document, anchor: str) -> tuple[object, ...]:
    """What a link to a paragraph elsewhere shows (the similar-wording notes, a phrase's places): its
    address (year, unit and document id), the unit's name and the year. The fingerprint of such a
    place, rather than its document's identity: an edit elsewhere in that document leaves it as it was."""
    return (document.id, document.year, document.unit.id, document.unit.name, anchor)
