"""Pure functions from the library to its indexes: orderings, groupings, placed paragraphs, examples.

Nothing here knows about pages, MkDocs or HTML; `pages` and the other site modules build on it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, TypeVar

from fanli.core.model import Category, Document, Library, Paragraph, Section, Unit
from fanli.core.text import CLOSING, OPENING

T = TypeVar("T")
S = TypeVar("S")


@dataclass(frozen=True)
class SectionHit:
    """The parts of one document that are of a section kind or carry a theme."""

    document: Document
    anchors: tuple[tuple[str, str], ...]  # (anchor, heading) pairs


@dataclass(frozen=True, slots=True)
class ExampleBlock:
    """A line of a section example: a heading (depth 1… below the example's top) or a paragraph (depth 0)."""

    depth: int
    text: str
    anchor: str
    themes: tuple[str, ...] = ()  # a paragraph's themes, by the one rule; () for a heading


@dataclass(frozen=True)
class Example:
    """One document's text of one section kind: its outermost sections of that kind (each with the
    sections around it), or its opening or closing paragraphs."""

    document: Document
    kind: str
    sections: tuple[PlacedSection, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def anchors(self) -> tuple[tuple[str, str], ...]:
        """(anchor, heading) of each part, for links into the document."""
        if self.paragraphs:
            return ((self.paragraphs[0].anchor, self.kind),)
        return tuple((s.section.anchor, s.section.heading) for s in self.sections)

    @cached_property
    def blocks(self) -> list[ExampleBlock]:
        """The example's headings and the paragraphs that are of its kind (a subsection of another
        kind is left out, as search and the phrase library leave it out of this kind)."""
        if self.paragraphs:
            themes = themes_under(self.document, ())
            return [ExampleBlock(0, p.text, p.anchor, themes) for p in self.paragraphs]
        blocks: list[ExampleBlock] = []
        for top in self.sections:
            blocks += self._section_blocks(top.section, top.outer, top.section.depth - 1)
        return blocks

    def _section_blocks(self, section: Section, outer: tuple[Section, ...], base: int) -> list[ExampleBlock]:
        chain = (*outer, section)
        inner = [b for sub in section.subsections for b in self._section_blocks(sub, chain, base)]
        own = []
        if self.kind in kinds_under("", chain):
            themes = themes_under(self.document, chain)
            own = [ExampleBlock(0, p.text, p.anchor, themes) for p in section.paragraphs]
        if not own and not inner:
            return []
        return [ExampleBlock(section.depth - base, section.heading, section.anchor), *own, *inner]

    @cached_property
    def themes(self) -> tuple[str, ...]:
        """The themes of its paragraphs: an example is listed under a theme when any of them has it."""
        return tuple(dict.fromkeys(t for b in self.blocks for t in b.themes))

    def char_count(self) -> int:
        return sum(len(b.text) for b in self.blocks)


# --- what a plan derived, kept for the next one ---------------------------------------------


class PlanMemo:
    """What a plan derived, kept for the next plan in the same process (a serve rebuild).

    `core.load.LoadCache` gives the very same object again for a document that did not change; what
    is derived from it alone (`get`) is then the very same object again, and so is a value made from
    many documents that came out equal to the last plan's (`same`). The next plan does not work
    those out again, and `site.fingerprint.alike` tells them by identity. Each value is kept with its
    source, so no new object can take the identity of one remembered; what the last plan used
    and this one does not is forgotten when the next plan starts."""

    def __init__(self) -> None:
        self._values: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._last: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._same: dict[Hashable, Any] = {}
        self._last_same: dict[Hashable, Any] = {}
        self.carried: dict[str, Any] = {}  # what a plan leaves for the next one, by name (`similar.similar_index`)

    def next_plan(self) -> None:
        self._last, self._values = self._values, {}
        self._last_same, self._same = self._same, {}

    def same(self, key: Hashable, value: T) -> T:
        """`value`, or the value the last plan had under `key` if it is equal (frozen, or not changed
        once planned): comparing is cheap when their parts are the same objects."""
        last = self._last_same.get(key)
        if last is not None and type(last) is type(value) and last == value:
            value = last
        self._same[key] = value
        return value

    def get(self, what: Hashable, source: S, make: Callable[[S], T]) -> T:
        """`make(source)`, worked out once per source object (a document, or a plan value that `same`
        gave again); `what` names what `make` derives (and anything besides the source it depends on)."""
        key = (what, id(source))
        kept = self._values.get(key)
        if kept is None:
            kept = self._last.pop(key, None) or (source, make(source))
            self._values[key] = kept
        return kept[1]


# --- orderings and indexes ----------------------------------------------------------------


def source_label(doc: Document) -> str:
    """How a link to a passage of another report names that report: its unit and year."""
    return f"{doc.unit.name} {doc.year}"


def newest_first(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: (-d.year, d.unit.id, d.id))


def group_by(items: Iterable[T], key: Callable[[T], Iterable[Any]]) -> dict[Any, list[T]]:
    """Items under every key `key(item)` yields, keeping the items' order."""
    groups: dict[Any, list[T]] = defaultdict(list)
    for item in items:
        for k in key(item):
            groups[k].append(item)
    return groups


def years(library: Library) -> list[int]:
    return sorted({d.year for d in library.documents}, reverse=True)


def documents_by_year(library: Library) -> dict[int, list[Document]]:
    return group_by(newest_first(library.documents), lambda d: (d.year,))


def documents_by_theme(documents: Iterable[Document]) -> dict[str, list[Document]]:
    return group_by(documents, lambda d: d.themes)


def documents_by_unit(library: Library) -> dict[str, list[Document]]:
    return group_by(newest_first(library.documents), lambda d: (d.unit.id,))


def documents_by_genre(library: Library) -> dict[str, list[Document]]:
    return group_by(newest_first(library.documents), lambda d: (d.genre,))


def units_by_level(library: Library) -> dict[str, list[Unit]]:
    return group_by(sorted(library.units, key=lambda u: u.id), lambda u: (u.level,))


def document_kinds(doc: Document) -> tuple[str, ...]:
    """The section kinds a document has, in taxonomy-independent reading order."""
    kinds: list[str] = [OPENING] if doc.opening else []
    for section in doc.walk():
        kinds.extend(section.kinds)
    if doc.closing:
        kinds.append(CLOSING)
    return tuple(dict.fromkeys(kinds))


# --- where a paragraph or heading stands: its kinds and themes (the one rule) ----------------


def kinds_under(part: str, chain: Sequence[Section]) -> tuple[str, ...]:
    """The kinds a text is under: its document part's (开头/结尾), else those of the innermost
    section of `chain` (outermost first) that names any."""
    if part:
        return (part,)
    for section in reversed(chain):
        if section.kinds:
            return section.kinds
    return ()


def themes_under(doc: Document, chain: Sequence[Section]) -> tuple[str, ...]:
    """The themes a text is under: those of the sections of `chain` (outermost first) it is in,
    innermost first, then the document's. Search, section examples, phrases, the outline library and
    the Word downloads all filter by this."""
    return tuple(dict.fromkeys((*(t for s in reversed(chain) for t in s.themes), *doc.themes)))


@dataclass(frozen=True, slots=True)
class PlacedParagraph:
    """A paragraph with where it stands: its document, the document part, and the sections around it."""

    document: Document
    paragraph: Paragraph
    part: str  # OPENING or CLOSING for the document's opening and closing paragraphs, "" in the body
    sections: tuple[Section, ...] = ()  # the sections it is in, outermost first

    @property
    def kinds(self) -> tuple[str, ...]:
        return kinds_under(self.part, self.sections)

    @property
    def themes(self) -> tuple[str, ...]:
        return themes_under(self.document, self.sections)


@dataclass(frozen=True, slots=True)
class PlacedSection:
    """A section with the sections around it: its heading is under the same rule as its paragraphs."""

    document: Document
    section: Section
    outer: tuple[Section, ...] = ()  # the sections it is in, outermost first

    @property
    def kinds(self) -> tuple[str, ...]:
        return kinds_under("", (*self.outer, self.section))

    @property
    def themes(self) -> tuple[str, ...]:
        return themes_under(self.document, (*self.outer, self.section))


def placed_sections(doc: Document) -> Iterator[PlacedSection]:
    """Every section of the document in reading order, with the sections around it."""

    def visit(section: Section, outer: tuple[Section, ...]) -> Iterator[PlacedSection]:
        yield PlacedSection(doc, section, outer)
        for sub in section.subsections:
            yield from visit(sub, (*outer, section))

    for section in doc.sections:
        yield from visit(section, ())


def placed_paragraphs(doc: Document) -> Iterator[PlacedParagraph]:
    """Every paragraph of the document in reading order, with the sections around it."""
    yield from (PlacedParagraph(doc, p, OPENING) for p in doc.opening)
    for placed in placed_sections(doc):
        chain = (*placed.outer, placed.section)
        yield from (PlacedParagraph(doc, p, "", chain) for p in placed.section.paragraphs)
    yield from (PlacedParagraph(doc, p, CLOSING) for p in doc.closing)


def outermost_sections(doc: Document, keep: Callable[[Section], bool]) -> list[PlacedSection]:
    """Sections for which `keep` holds, not descending into a kept section."""

    def visit(sections: Sequence[Section], outer: tuple[Section, ...]) -> Iterable[PlacedSection]:
        for section in sections:
            if keep(section):
                yield PlacedSection(doc, section, outer)
            else:
                yield from visit(section.subsections, (*outer, section))

    return list(visit(doc.sections, ()))


def _has_kind(kind: str, section: Section) -> bool:
    return kind in section.kinds


def _has_theme(theme: str, section: Section) -> bool:
    return theme in section.themes


def document_examples(doc: Document) -> tuple[Example, ...]:
    """The document's text of each section kind it has, in reading order."""
    examples = [Example(doc, OPENING, paragraphs=doc.opening)] if doc.opening else []
    for kind in dict.fromkeys(k for s in doc.walk() for k in s.kinds):
        example = Example(doc, kind, tuple(outermost_sections(doc, partial(_has_kind, kind))))
        if example.blocks:
            examples.append(example)
    if doc.closing:
        examples.append(Example(doc, CLOSING, paragraphs=doc.closing))
    return tuple(examples)


def kind_examples(library: Library, memo: PlanMemo | None = None) -> dict[str, list[Example]]:
    """For every section kind, each document's text of that kind: newest first."""
    memo = memo or PlanMemo()
    examples: dict[str, list[Example]] = defaultdict(list)
    for doc in newest_first(library.documents):
        for example in memo.get("examples", doc, document_examples):
            examples[example.kind].append(example)
    return examples


def section_examples(library: Library, examples: dict[str, list[Example]] | None = None) -> dict[str, list[SectionHit]]:
    """For every section kind, the documents that have it and where: newest first."""
    examples = kind_examples(library) if examples is None else examples
    return {kind: [SectionHit(e.document, e.anchors) for e in hits] for kind, hits in examples.items()}


def document_themed_sections(doc: Document) -> tuple[tuple[str, SectionHit], ...]:
    """(theme, the document's outermost sections tagged with it) for each theme its sections carry."""
    hits = []
    for theme in {t for s in doc.walk() for t in s.themes}:
        sections = outermost_sections(doc, partial(_has_theme, theme))
        hits.append((theme, SectionHit(doc, tuple((s.section.anchor, s.section.heading) for s in sections))))
    return tuple(hits)


def themed_sections(library: Library, memo: PlanMemo | None = None) -> dict[str, list[SectionHit]]:
    """For every theme, the sections tagged with it: newest first."""
    memo = memo or PlanMemo()
    tagged: dict[str, list[SectionHit]] = defaultdict(list)
    for doc in newest_first(library.documents):
        for theme, hit in memo.get("themed sections", doc, document_themed_sections):
            tagged[theme].append(hit)
    return tagged


@dataclass(frozen=True)
class Overview:
    documents: int
    units: int
    first_year: int | None
    last_year: int | None
    by_year: list[tuple[int, int]]
    by_theme: list[tuple[Category, int]]
    by_genre: list[tuple[Category, int]]
    by_level: list[tuple[Category, int]]
    by_kind: list[tuple[Category, int]]
    latest: list[Document]


def overview(library: Library, examples: Mapping[str, Sized] | None = None, latest: int = 10) -> Overview:
    """Counts and entry points for the home page (`examples`: by kind, as `kind_examples` gives them)."""
    examples = kind_examples(library) if examples is None else examples
    docs = library.documents
    tax = library.taxonomy
    year_counts = Counter(d.year for d in docs)
    theme_counts = Counter(t for d in docs for t in d.themes)
    genre_counts = Counter(d.genre for d in docs)
    level_counts = Counter(u.level for u in library.units)
    return Overview(
        documents=len(docs),
        units=len(library.units),
        first_year=min(year_counts) if year_counts else None,
        last_year=max(year_counts) if year_counts else None,
        by_year=sorted(year_counts.items(), reverse=True),
        by_theme=[(c, theme_counts[c.name]) for c in tax.themes],
        by_genre=[(c, genre_counts[c.name]) for c in tax.genres],
        by_level=[(c, level_counts[c.name]) for c in tax.levels],
        by_kind=[(c, len(examples.get(c.name, ()))) for c in tax.kinds],
        latest=newest_first(docs)[:latest],
    )
