"""What each Word download holds: which entries, in which order, how many, and which of their places.

One rule for every download of a list: it holds what the list shows for the same choice, in the
list's order (phrases most used first, section examples newest first), at most `DOWNLOAD_LIMIT`
entries, and the page offering it says so. A phrase category's download is the phrase index
filtered to that category (or mining pattern); a filtered download (made in the browser,
workbench/filtered-word.js) is what the filters on screen select. `render/word.py` only writes what
is chosen here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fanli.core.model import Library
from fanli.site import routes
from fanli.site.indexes import group_by
from fanli.site.phrases import CURATED, PATTERN_SLUGS, PATTERNS, PhraseEntry

DOWNLOAD_LIMIT = 300  # entries in one download of a list: a file people can open; the page states it
PHRASE_CONTEXTS = 3  # a phrase's newest places quoted under it


@dataclass(frozen=True)
class PhraseList:
    """The phrases of one category or mining pattern, as the phrase index filtered by `facet` lists them."""

    slug: str
    label: str
    facet: tuple[str, str]  # (facet, value) as the phrase index's data script names them
    entries: list[PhraseEntry]


@dataclass(frozen=True)
class Excerpt:
    """One entry of a download: a heading naming it, and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Collection:
    """A download of several excerpts under one title, and its site path."""

    path: str
    title: str
    note: str
    excerpts: tuple[Excerpt, ...]


def phrase_lists(library: Library, phrases: list[PhraseEntry]) -> list[PhraseList]:
    """Every phrase category that has phrases (section kinds and phrase functions), then every mining pattern."""
    tax = library.taxonomy
    by_category = group_by(phrases, lambda e: (e.category,) if e.category else ())
    by_pattern = group_by(phrases, lambda e: (e.pattern,))
    categories = [
        PhraseList(c.slug, c.name, ("category", c.name), by_category[c.name])
        for c in (*tax.kinds, *tax.functions)
        if c.name in by_category
    ]
    patterns = [
        PhraseList(f"found-{PATTERN_SLUGS[p]}", f"{p}（自动提取）", ("pattern", p), by_pattern[p])
        for p in PATTERNS
        if p != CURATED and by_pattern.get(p)
    ]
    return categories + patterns


def phrase_downloads(library: Library, phrases: list[PhraseEntry], limit: int = DOWNLOAD_LIMIT) -> Iterator[Collection]:
    """A download per phrase list, made at build time: its first `limit` phrases, each with its newest places."""
    for listed in phrase_lists(library, phrases):
        shown = listed.entries[:limit]
        note = f"共 {len(listed.entries)} 条表述，收录 {len(shown)} 条，每条附最新 {PHRASE_CONTEXTS} 处原文"
        yield Collection(
            routes.word_phrases(listed.slug),
            f"表述库 · {listed.label}",
            note,
            tuple(Excerpt(f"{e.text}（{e.count} 处）", phrase_places(e)) for e in shown),
        )


def phrase_places(entry: PhraseEntry) -> tuple[str, ...]:
    """The phrase's newest places in context, each naming its unit and year."""
    places = []
    for occurrence in entry.occurrences[:PHRASE_CONTEXTS]:
        before, found, after = occurrence.context()
        doc = occurrence.passage.document
        places.append(f"{before}{found}{after}（{doc.unit.name} · {doc.year}年）")
    return tuple(places)
