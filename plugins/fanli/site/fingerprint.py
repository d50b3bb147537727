"""Fingerprints of what a page or a data script is made from, to tell whether it must be made again.

A serve rebuild after one edit re-plans the whole site (cheap next to rendering it) and renders
only the pages whose inputs changed: two plans' pages with the same fingerprint give the same
output. A fingerprint is a hash of the value's whole structure: text, numbers, containers in their
order, every field of a dataclass (those left out of comparisons too: a document's origin is its
edit link), and for a data script's builder (a `functools.partial` or a nested function) the
function's name, code and captured values. An object that a page reads through a method (the
similar-wording notes) says what the method reads by a `__fingerprint__()` method. A value of any
other type has no fingerprint (`Unknown`): what holds it is made again every time rather than risk
a stale page.

The values fingerprinted are the plan's, which nothing changes once it is made: dataclass instances
and long lists are remembered by identity, and what the next plan uses again (derived objects of
unchanged documents, which `site.indexes.PlanMemo` gives again) is not hashed again. A remembered
object's token is its digest, so a page's token names each object it holds in 16 bytes.

The loaded library's own objects (documents, their sections and paragraphs, units) are fingerprinted
by identity alone, which is what makes a rebuild's fingerprints cheap: `core.load.LoadCache` gives
the very same objects again for every unit file that did not change, and frozen objects do not
change. This holds only while the objects of the plan compared with stay alive (so that no new object
can take the identity of an old one): `OutputReuse` keeps them until the next plan is fingerprinted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from functools import partial
from types import CodeType, FunctionType
from typing import Any

from fanli.core.model import Document, Paragraph, Section, Unit

DIGEST_SIZE = 16
BY_IDENTITY = (Document, Section, Paragraph, Unit)  # what a load cache gives again, unchanged
REMEMBERED_LENGTH = 16  # lists, tuples and dicts at least this long are hashed once per plan (shared lists)
CARRIED_HEIGHT = 1  # remembered for the next plan: what a page holds, and what one list or object of it holds


class Unknown(Exception):
    """A value the fingerprint cannot vouch for."""


class Fingerprints:
    """Fingerprints with a memory: dataclass instances (phrase entries, places…) and long lists recur on
    many pages, and each is hashed once while this object lives. It keeps what it remembers alive, so
    an identity is never reused for another object meanwhile; `forget` drops it all between builds."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, Any]] = {}  # what the plan under way used
        self._carried: dict[int, tuple[object, Any]] = {}  # of which what the next plan may use again
        self._last: dict[int, tuple[object, Any]] = {}  # what the last plan carried
        self._height = 0  # remembered objects being worked out around the value asked for
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, value: Any) -> bytes:
        """The value's fingerprint; raises Unknown if some part of it has none."""
        return _digest(self._token(value))

    def next_plan(self) -> None:
        """The plan under way is fingerprinted: what it used is remembered for the next one (and kept
        alive, so that no new object takes its identity), but only the objects a page holds or lists
        (`CARRIED_HEIGHT`): the next plan gives the same objects again in new pages and lists, while
        what is inside them (a phrase's every occurrence…) it meets only inside them, and memory would
        hold millions of those. What the plan did not use is forgotten."""
        self._last, self._known, self._carried = self._carried, {}, {}

    def forget(self) -> None:
        self._known, self._carried, self._last = {}, {}, {}

    def _token(self, value: Any) -> Any:
        """The value as nested tuples of plain values (pickled and hashed by `_digest`), each part
        marked with its kind so that different values never give the same token."""
        kind = type(value)
        if kind is str or kind is int or value is None or kind is bool or kind is float or kind is bytes:
            return value
        if kind in BY_IDENTITY:
            return ("#", id(value))
        names = self._fields.get(kind)
        if names is not None:  # a dataclass met before: the commonest case after plain values
            return self._remembered(value, names)
        if kind is tuple or kind is list:
            if len(value) >= REMEMBERED_LENGTH:
                return self._remembered(value)
            if all(type(item) is str for item in value):
                return (kind.__name__, value if kind is tuple else tuple(value))
            return (kind.__name__, self._items(value))
        if isinstance(value, str):  # Markup: a str whose text is HTML
            return (kind.__name__, str(value))
        if isinstance(value, dict):  # Counter and defaultdict too: the same items, the same page
            if len(value) >= REMEMBERED_LENGTH:  # a table many scripts are given (text files by document)
                return self._remembered(value)
            return ("{", tuple((self._token(k), self._token(v)) for k, v in value.items()))
        if kind is set or kind is frozenset:
            return ("<", tuple(sorted(self.of(item) for item in value)))
        if kind is CodeType:  # a nested function's or lambda's code, among its parent's constants
            return ("code", value.co_code, self._token(value.co_consts), value.co_names)
        if hasattr(kind, "__fingerprint__") or isinstance(value, (partial, FunctionType)):
            return self._remembered(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            return self._remembered(value, names)
        if isinstance(value, type(len)):  # a built-in function: its name says what it does
            return ("builtin", value.__module__, value.__qualname__)
        raise Unknown(f"{kind.__module__}.{kind.__qualname__}")

    def _items(self, items: Any) -> tuple[Any, ...]:
        """The tokens of a list's items: those remembered looked up at once (an object remembered is
        alive, so an item with its identity is that very object)."""
        known, last, tokens = self._known, self._last, []
        carried = self._carried if self._height <= CARRIED_HEIGHT else None
        for item in items:
            kind = type(item)
            if kind is str or kind is int:  # the commonest items first: as `_token` gives them
                tokens.append(item)
                continue
            if kind in BY_IDENTITY:
                tokens.append(("#", id(item)))
                continue
            kept = known.get(id(item))
            if kept is None:
                kept = last.get(id(item))
                if kept is None:
                    tokens.append(self._token(item))
                    continue
                known[id(item)] = kept
                if carried is not None:
                    carried[id(item)] = kept
            tokens.append(kept[1])
        return tuple(tokens)

    def _remembered(self, value: Any, names: tuple[str, ...] = ()) -> Any:
        """The token of an object (a dataclass instance with its fields `names`) or long list, worked out
        once while this object remembers it: its digest, so that no token grows long."""
        kept = self._known.get(id(value))
        if kept is not None:
            return kept[1]
        kept = self._last.get(id(value))
        if kept is None:
            self._height += 1
            try:
                kept = (value, ("=", _digest(self._worked_out(value, names))))
            finally:
                self._height -= 1
        self._known[id(value)] = kept
        if self._height <= CARRIED_HEIGHT:
            self._carried[id(value)] = kept
        return kept[1]

    def _worked_out(self, value: Any, names: tuple[str, ...]) -> Any:
        kind = type(value)
        token: Any
        if names:
            token = (kind.__qualname__, tuple([self._token(getattr(value, name)) for name in names]))
        elif kind is tuple or kind is list:
            token = ("@", self._items(value))
        elif isinstance(value, dict):
            token = ("{", tuple(zip(self._items(value), self._items(value.values()), strict=True)))
        elif hasattr(kind, "__fingerprint__"):
            token = (kind.__qualname__, self._token(value.__fingerprint__()))
        elif isinstance(value, partial):
            token = ("partial", self._token((value.func, value.args, value.keywords)))
        else:  # a function
            cells = tuple(cell.cell_contents for cell in value.__closure__ or ())
            token = (
                "function",
                self._token(
                    (
                        value.__module__,
                        value.__qualname__,
                        value.__code__,
                        value.__defaults__,
                        value.__kwdefaults__,
                        cells,
                    )
                ),
            )
        return token


def alike(last: Any, value: Any) -> bool:
    """Whether two plans' values have the same fingerprint, found without hashing either: what a serve
    rebuild compares each page's inputs with (`render.reuse`). The rules are `Fingerprints`' own, and
    equal fingerprints follow from alike values: the library's objects (`BY_IDENTITY`) count by identity,
    an object that says what a page reads of it by its `__fingerprint__()`, a dataclass instance by its
    every field, containers by their items in order. The same object is alike itself (the plan's values
    are not changed once planned, and the caller keeps `last` alive), so a page whose inputs the edit
    left alone is told in a few identity checks, and the first difference ends the comparison. Raises
    Unknown, as a fingerprint would, on a value of any other type."""
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
        return len(last) == len(value) and all(a is b or alike(a, b) for a, b in zip(last, value, strict=True))
    if how is _DICT:
        return len(last) == len(value) and all(
            alike(ka, kb) and alike(va, vb) for (ka, va), (kb, vb) in zip(last.items(), value.items(), strict=True)
        )
    if how is _FINGERPRINT:
        return alike(last.__fingerprint__(), value.__fingerprint__())
    if how is _FIELDS:
        return all(alike(getattr(last, name), getattr(value, name)) for name in _FIELD_NAMES[kind])
    if how is _SET and all(type(item) in _PLAIN_TYPES for item in (*last, *value)):
        return bool(last == value)
    if how is _BY_IDENTITY:
        return False
    raise Unknown(f"{kind.__module__}.{kind.__qualname__}")


_PLAIN, _SEQUENCE, _DICT, _SET, _BY_IDENTITY, _FINGERPRINT, _FIELDS, _UNKNOWN = (
    "plain", "sequence", "dict", "set", "identity", "fingerprint", "fields", "unknown"
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
    _HOW[kind] = how
    return how


def link_shown(document: Document, anchor: str) -> tuple[object, ...]:
    """What a link to a paragraph elsewhere shows (the similar-wording notes, a phrase's places): its
    address (year, unit and document id), the unit's name and the year. The fingerprint of such a
    place, rather than its document's identity: an edit elsewhere in that document leaves it as it was."""
    return (document.id, document.year, document.unit.id, document.unit.name, anchor)


def _digest(token: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(token, protocol=5), digest_size=DIGEST_SIZE).digest()
