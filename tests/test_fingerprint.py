"""`site.fingerprint.alike`: what a serve rebuild compares a page's or a script's inputs by."""

from __future__ import annotations

import dataclasses
from functools import partial

import pytest

from fanli.site.fingerprint import Unknown, alike
from fanli.site.pages import Pager


@dataclasses.dataclass(frozen=True)
class Shown:
    """An object that says what a page shows of it."""

    text: str
    hidden: int

    def __fingerprint__(self) -> object:
        return self.text


def _library_document():
    from fanli.core.load import load_library

    from conftest import ROOT

    return load_library(ROOT / "data").documents[0]


def test_values_are_alike_by_structure_and_library_objects_by_identity() -> None:
    assert alike({"a": [1, ("x", 2.5)]}, {"a": [1, ("x", 2.5)]})
    assert not alike({"a": [1, 2]}, {"a": [1, 3]}) and not alike({"a": 1}, {"b": 1}) and not alike([1], (1,))
    assert alike(Pager(1, ("a", "b"), 5, 0), Pager(1, ("a", "b"), 5, 0))
    assert not alike(Pager(1, ("a", "b"), 5, 0), Pager(2, ("a", "b"), 5, 0))
    doc, again = _library_document(), _library_document()
    assert doc == again and doc is not again
    assert alike([doc], [doc]) and not alike([doc], [again])  # read again: another object, maybe another page
    assert alike(Shown("a", 1), Shown("a", 2)) and not alike(Shown("a", 1), Shown("b", 1))


def test_builders_are_alike_by_code_and_captured_values() -> None:
    def builder(n: int):
        def build(url: object) -> int:
            return n

        return build

    assert alike(builder(1), builder(1)) and not alike(builder(1), builder(2))
    assert alike(partial(max, 1), partial(max, 1)) and not alike(partial(max, 1), partial(min, 1))


def test_a_value_it_cannot_vouch_for_is_unknown() -> None:
    class Opaque:
        pass

    thing = Opaque()
    with pytest.raises(Unknown):
        alike([thing], [thing])  # even the same object: it might have changed
    with pytest.raises(Unknown):
        alike(Opaque(), Opaque())
