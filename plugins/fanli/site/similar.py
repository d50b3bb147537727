"""Near-identical paragraphs across the library: reports copy from each other, and readers want to see where.

Each distinct paragraph text gets a MinHash of its character shingles; datasketch's LSH index
proposes candidates, and the exact Jaccard similarity of the shingle sets decides. Identical texts
are hashed once, so the cost follows the library's distinct text, not its size.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from fanli.core.model import Document, Library, Paragraph
from fanli.site.fingerprint import link_shown
from fanli.site.indexes import PlanMemo, newest_first

SHINGLE = 3  # characters per shingle
MIN_CHARS = 30  # shorter paragraphs are too generic to call copied
THRESHOLD = 0.7  # Jaccard similarity of shingle sets
NUM_PERM = 64
BUCKET_CAP = 12  # an LSH bucket compared pair by pair; larger ones hold boilerplate varied many times
WINDOW = 2  # in a larger bucket, the entries each entry is compared with (the next ones in text order)
HEAD = 8  # newest places kept per text, enough for a page's few links after leaving out its own


@dataclass(frozen=True, slots=True)
class Place:
    """Where a paragraph is: its document and anchor."""

    document: Document
    anchor: str

    def __fingerprint__(self) -> object:
        """What a page shows of it: a link (`fingerprint.link_shown`)."""
        return link_shown(self.document, self.anchor)


@dataclass(frozen=True, slots=True)
class SimilarWording:
    """Near-identical wording elsewhere for one paragraph: the first places to link to, and how many there are."""

    places: tuple[Place, ...]
    total: int


def _sort_key(place: Place) -> tuple[int, str, str, int]:
    return (-place.document.year, place.document.unit.id, place.document.id, int(place.anchor[1:]))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    compact = "".join(text.split())
    return {compact[i : i + size] for i in range(max(1, len(compact) - size + 1))}


class SimilarIndex:
    """For each paragraph, the near-identical paragraphs of other documents (newest first) and their number."""

    def __init__(self, places_by_text: dict[str, list[Place]], neighbours: dict[str, tuple[str, ...]]):
        self._places = places_by_text  # each list sorted newest first
        self._neighbours = neighbours  # text -> similar texts, itself included
        self._own: tuple[str, Counter[str]] = ("", Counter())
        self._heads: dict[str, list[Place]] = {}
        self._wording: dict[int, tuple[Document, dict[str, SimilarWording]]] | None = None  # see `remember`
        self._last_wording: dict[int, tuple[Document, dict[str, SimilarWording]]] = {}
        self._changed: set[str] = set()

    def remember(self, last: SimilarIndex | None) -> None:
        """Keeps each document's similar wording once worked out (a serve rebuild), and takes from `last`
        (the index of the last plan) that of each unchanged document none of whose paragraphs has a
        text whose similar places changed: the very same objects, which `site.fingerprint.alike` tells
        by identity.

        A text's similar places are all `lookup` reads: the places of its near-duplicates, merged newest
        first. They can change only for a text whose near-duplicates changed or one of whose
        near-duplicates has places shown differently; of those, the texts whose merged places are shown
        alike keep their documents' wording (an edit that keeps a paragraph near-identical to what it
        was leaves every copy of its old wording shown as it was)."""
        self._wording = {}
        if last is None or last._wording is None:
            return
        moved = {t for t, places in self._places.items() if not _shown_alike(last._places.get(t), places)}
        moved |= {t for t in last._places if t not in self._places}
        changed = {t for t, near in self._neighbours.items() if last._neighbours.get(t) != near}
        for text in moved:  # the relation is symmetric: whose neighbour it is, is its neighbour
            changed.update(self._neighbours.get(text, ()), last._neighbours.get(text, ()))
        self._changed = {  # a text no longer in the library is in no document to work out again
            t
            for t in changed
            if (places := self._similar_places(t)) is not None and not _shown_alike(last._similar_places(t), places)
        }
        self._last_wording = last._wording

    def _similar_places(self, text: str) -> list[Place] | None:
        """The places of the text's near-duplicates (itself included), newest first; None for a text not here."""
        neighbours = self._neighbours.get(text)
        return None if neighbours is None else list(heapq.merge(*(self._places[t] for t in neighbours), key=_sort_key))

    def _own_texts(self, doc: Document) -> Counter[str]:
        """The document's paragraph texts, kept for the next call: a page asks about each of its paragraphs."""
        if self._own[0] != doc.id:
            self._own = (doc.id, Counter(p.text for p in doc.paragraphs()))
        return self._own[1]

    def lookup(self, doc: Document, paragraph: Paragraph, limit: int = 2) -> tuple[list[Place], int]:
        """Up to `limit` places elsewhere with near-identical wording, and how many there are in all."""
        neighbours = self._neighbours.get(paragraph.text)
        if neighbours is None:
            return [], 0
        groups = [self._places[t] for t in neighbours]
        own = self._own_texts(doc)  # places of this document do not count
        total = sum(len(g) for g in groups) - sum(own[t] for t in neighbours)
        if total <= 0:
            return [], 0
        head = self._heads.get(paragraph.text)
        if head is None:  # the newest places of the text and its neighbours, shared by every copy of it
            head = self._heads[paragraph.text] = list(islice(heapq.merge(*groups, key=_sort_key), HEAD))
        shown = [p for p in head if p.document.id != doc.id][:limit]
        if len(shown) < min(limit, total):  # this document holds most of the head: look further
            merged = heapq.merge(*groups, key=_sort_key)
            shown = list(islice((p for p in merged if p.document.id != doc.id), limit))
        return shown, total

    def document_wording(self, doc: Document, limit: int = 2) -> dict[str, SimilarWording]:
        """The similar wording of each of the document's paragraphs that has some, by paragraph anchor:
        what its page shows under the paragraph."""
        if self._wording is None or limit != 2:
            return self._document_wording(doc, limit)
        kept = self._wording.get(id(doc)) or self._last_wording.pop(id(doc), None)
        if kept is None or kept[0] is not doc or any(p.text in self._changed for p in doc.paragraphs()):
            kept = (doc, self._document_wording(doc, limit))
        self._wording[id(doc)] = kept
        return kept[1]

    def _document_wording(self, doc: Document, limit: int) -> dict[str, SimilarWording]:
        found = {}
        for paragraph in doc.paragraphs():
            places, total = self.lookup(doc, paragraph, limit)
            if total:
                found[paragraph.anchor] = SimilarWording(tuple(places), total)
        return found


def _shown_alike(last: list[Place] | None, places: list[Place]) -> bool:
    """Whether two lists of places are shown alike (`Place.__fingerprint__`), in the same order."""
    if last is None or len(last) != len(places):
        return False
    return all(a is b or a.__fingerprint__() == b.__fingerprint__() for a, b in zip(last, places, strict=True))


def document_places(doc: Document) -> tuple[tuple[str, Place], ...]:
    """(text, place) of each of the document's paragraphs long enough to be called copied."""
    return tuple((p.text, Place(doc, p.anchor)) for p in doc.paragraphs() if len(p.text) >= MIN_CHARS)


def similar_index(
    library: Library,
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    memo: PlanMemo | None = None,
    remember: bool = False,
) -> SimilarIndex:
    """`remember` (a serve session, with its `memo`): the similar wording of each document is kept
    for the next plan, which works it out again only where it may have changed."""
    remembering = memo is not None and remember
    last = memo.carried.get("similar") if memo is not None and remembering else None
    memo = memo or PlanMemo()
    # texts in the order the library first has them; each text's places newest first (`_sort_key`):
    # the documents newest first, each document's paragraphs in reading order, which is anchor order
    places: dict[str, list[Place]] = {
        text: [] for doc in library.documents for text, _ in memo.get("places", doc, document_places)
    }
    for doc in newest_first(library.documents):
        for text, place in memo.get("places", doc, document_places):
            places[text].append(place)
    index = SimilarIndex(places, near_duplicates(places, threshold, num_perm))
    if remembering:
        index.remember(last)
        memo.carried["similar"] = index
    return index


def near_duplicates(texts: Iterable[str], threshold: float, num_perm: int) -> dict[str, tuple[str, ...]]:
    """For every text, the texts whose shingle sets are at least `threshold` alike (itself included).

    Texts with the same shingles are one entry. Candidates are the texts sharing a MinHash band
    (LSH, banded as datasketch chooses for the threshold); in a band bucket of more than `BUCKET_CAP`
    entries (boilerplate varied thousands of times) each entry is paired only with the `WINDOW`
    entries after it in text order, so the work stays linear in the library (the count of similar places of
    such boilerplate is then a lower bound) and a page still gets its few links.
    """
    keys = list(texts)
    by_grams: dict[frozenset[str], list[int]] = defaultdict(list)
    for key, text in enumerate(keys):
        by_grams[frozenset(shingles(text))].append(key)
    groups = list(by_grams.items())  # (shingles, keys of the texts that have them)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)  # only for its choice of bands and rows
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    # a shingle recurs across the library: hash each once (the same hash datasketch would use)
    signatures = MinHash.bulk([grams for grams, _ in groups], num_perm=num_perm, seed=1, hashfunc=_shingle_hash)
    for entry, signature in enumerate(signatures):
        for band in range(lsh.b):
            buckets[band, signature.hashvalues[band * lsh.r : (band + 1) * lsh.r].tobytes()].append(entry)
    order = sorted(range(len(groups)), key=lambda entry: keys[groups[entry][1][0]])
    rank = {entry: position for position, entry in enumerate(order)}
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) <= BUCKET_CAP:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
            continue
        members.sort(key=rank.__getitem__)
        for i, first in enumerate(members):
            pairs.update((first, second) for second in members[i + 1 : i + 1 + WINDOW])
    similar: dict[int, set[int]] = defaultdict(set)
    for first, second in pairs:
        if _jaccard(groups[first][0], groups[second][0]) >= threshold:
            similar[first].add(second)
            similar[second].add(first)
    result: dict[str, tuple[str, ...]] = {}
    for entry, (_, members) in enumerate(groups):
        alike = sorted(k for other in (entry, *similar[entry]) for k in groups[other][1])
        for key in members:
            result[keys[key]] = (keys[key], *(keys[k] for k in alike if k != key))
    return result


@lru_cache(maxsize=1 << 20)
def _shingle_hash(shingle: str) -> int:
    return sha1_hash32(shingle.encode("utf-8"))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
