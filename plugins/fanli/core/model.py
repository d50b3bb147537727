"""Frozen data model of the library.

Everything downstream (derive, render, the MkDocs glue, the command line) reads these
objects and never the YAML, so the data format can change in one place: `load`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Category:
    """One entry of a taxonomy axis (a genre, unit level, section kind or theme)."""

    name: str
    slug: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    genres: tuple[Category, ...]
    levels: tuple[Category, ...]
    kinds: tuple[Category, ...]
    themes: tuple[Category, ...]
    functions: tuple[Category, ...] = ()  # what a phrase does (开头引入, 过渡承接 …): the phrase library's second axis

    def axis(self, name: str) -> tuple[Category, ...]:
        return getattr(self, name)

    def by_name(self, axis: str) -> dict[str, Category]:
        return {c.name: c for c in self.axis(axis)}

    def slugs(self, axis: str) -> dict[str, str]:
        """Name → slug of every entry of an axis: the one map from a name in the data to its address."""
        return {c.name: c.slug for c in self.axis(axis)}


@dataclass(frozen=True)
class Source:
    """Where a piece of data was written: for messages and edit links."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    level: str
    region: str = ""
    source: Source = field(default=Source("", 0), compare=False)


@dataclass(frozen=True)
class Paragraph:
    text: str
    anchor: str  # "p12": unique within its document, in reading order


@dataclass(frozen=True)
class Section:
    heading: str  # verbatim, with its numbering and punctuation: "（一）深化学习内容，强化教育管理。"
    anchor: str  # "s2-1": the path of positions from the top of the document
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    run_in: bool = False  # the heading opened its first paragraph's line in the source
    paragraphs: tuple[Paragraph, ...] = ()
    subsections: tuple[Section, ...] = ()
    depth: int = 1

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in reading order."""
        yield self
        for sub in self.subsections:
            yield from sub.walk()

    def all_paragraphs(self) -> Iterator[Paragraph]:
        for section in self.walk():
            yield from section.paragraphs


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    year: int
    genre: str
    themes: tuple[str, ...]
    unit: Unit
    source: str = ""  # the original file name
    opening: tuple[Paragraph, ...] = ()
    sections: tuple[Section, ...] = ()
    closing: tuple[Paragraph, ...] = ()
    origin: Source = field(default=Source("", 0), compare=False)
    # The frame around the text, kept as metadata (never paragraphs): "——在…会议上的讲话",
    # "各位领导、同志们：", "以上报告，请批评指正。", the signing unit's lines and "2023年12月20日".
    subtitle: str = ""
    salutation: str = ""
    closing_formula: str = ""
    signature: tuple[str, ...] = ()
    date: str = ""

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order."""
        yield from self.opening
        for section in self.sections:
            yield from section.all_paragraphs()
        yield from self.closing

    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs()) + sum(len(s.heading) for s in self.walk())


@dataclass(frozen=True)
class Phrase:
    """A curated phrase of `data/phrases.yml`: its category is a section kind or a function."""

    text: str
    category: str
    tags: tuple[str, ...] = ()
    note: str = ""
    source: Source = field(default=Source("", 0), compare=False)


@dataclass(frozen=True)
class Library:
    taxonomy: Taxonomy
    units: tuple[Unit, ...]
    documents: tuple[Document, ...]
    phrases: tuple[Phrase, ...] = ()
