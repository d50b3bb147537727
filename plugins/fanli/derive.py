"""Pure functions from the library to what the site shows: indexes, groupings, page plans.

Nothing here knows about MkDocs or HTML. `site_pages` is the whole plan of generated pages:
each `PageSpec` names its source path, its template and the objects the template needs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from fanli import routes
from fanli.model import Category, Document, Library, Paragraph, Section, Unit

if TYPE_CHECKING:
    from fanli.similar import SimilarIndex

T = TypeVar("T")
OPENING, CLOSING = "开头", "结尾"


@dataclass(frozen=True)
class Settings:
    page_size: int = 200  # entries on one page of a long list
    group_size: int = 30  # entries shown per group before a "show all" link


@dataclass(frozen=True)
class PageSpec:
    src: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str = ""  # the data file the page comes from, for edit links


@dataclass(frozen=True)
class Pager:
    """Where one page sits in a paginated list: its number and every page's source path."""

    number: int
    srcs: tuple[str, ...]
    total: int  # entries over all pages
    first_index: int  # 0-based index of this page's first entry

    @property
    def count(self) -> int:
        return len(self.srcs)


@dataclass(frozen=True)
class Group:
    """A titled slice of a longer list, with the address of the whole list."""

    category: Category | None
    label: str
    items: tuple[Any, ...]
    total: int
    more_src: str


@dataclass(frozen=True)
class SectionHit:
    """The parts of one document that are of a section kind or carry a theme."""

    document: Document
    anchors: tuple[tuple[str, str], ...]  # (anchor, heading) pairs


@dataclass(frozen=True)
class Example:
    """One document's text of one section kind: its outermost sections, or its opening or closing paragraphs."""

    document: Document
    kind: str
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def anchors(self) -> tuple[tuple[str, str], ...]:
        """(anchor, heading) of each part, for links into the document."""
        if self.paragraphs:
            return ((self.paragraphs[0].anchor, self.kind),)
        return tuple((s.anchor, s.heading) for s in self.sections)

    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs) + sum(
            len(s.heading) + sum(len(p.text) for p in s.all_paragraphs())
            for section in self.sections
            for s in section.walk()
        )


# --- orderings and indexes ----------------------------------------------------------------


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


def document_kinds(doc: Document) -> list[str]:
    """The section kinds a document has, in taxonomy-independent reading order."""
    kinds: list[str] = [OPENING] if doc.opening else []
    for section in doc.walk():
        kinds.extend(section.kinds)
    if doc.closing:
        kinds.append(CLOSING)
    return list(dict.fromkeys(kinds))


@dataclass(frozen=True, slots=True)
class PlacedParagraph:
    """A paragraph with where it stands: the document part, and the sections around it."""

    paragraph: Paragraph
    part: str  # OPENING or CLOSING for the document's opening and closing paragraphs, "" in the body
    sections: tuple[Section, ...] = ()  # the sections it is in, outermost first

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds it is under: its part's, else those of the innermost section that names any."""
        if self.part:
            return (self.part,)
        for section in reversed(self.sections):
            if section.kinds:
                return section.kinds
        return ()


def placed_paragraphs(doc: Document) -> Iterator[PlacedParagraph]:
    """Every paragraph of the document in reading order, with the sections around it."""
    yield from (PlacedParagraph(p, OPENING) for p in doc.opening)

    def visit(section: Section, outer: tuple[Section, ...]) -> Iterator[PlacedParagraph]:
        chain = (*outer, section)
        for p in section.paragraphs:
            yield PlacedParagraph(p, "", chain)
        for sub in section.subsections:
            yield from visit(sub, chain)

    for section in doc.sections:
        yield from visit(section, ())
    yield from (PlacedParagraph(p, CLOSING) for p in doc.closing)


def outermost_sections(doc: Document, keep: Callable[[Section], bool]) -> list[Section]:
    """Sections for which `keep` holds, not descending into a kept section."""

    def visit(sections: Sequence[Section]) -> Iterable[Section]:
        for section in sections:
            if keep(section):
                yield section
            else:
                yield from visit(section.subsections)

    return list(visit(doc.sections))


def kind_examples(library: Library) -> dict[str, list[Example]]:
    """For every section kind, each document's text of that kind: newest first."""
    examples: dict[str, list[Example]] = defaultdict(list)
    for doc in newest_first(library.documents):
        if doc.opening:
            examples[OPENING].append(Example(doc, OPENING, paragraphs=doc.opening))
        for kind in dict.fromkeys(k for s in doc.walk() for k in s.kinds):
            sections = outermost_sections(doc, lambda s, kind=kind: kind in s.kinds)
            examples[kind].append(Example(doc, kind, tuple(sections)))
        if doc.closing:
            examples[CLOSING].append(Example(doc, CLOSING, paragraphs=doc.closing))
    return examples


def section_examples(library: Library, examples: dict[str, list[Example]] | None = None) -> dict[str, list[SectionHit]]:
    """For every section kind, the documents that have it and where: newest first."""
    examples = kind_examples(library) if examples is None else examples
    return {kind: [SectionHit(e.document, e.anchors) for e in hits] for kind, hits in examples.items()}


def themed_sections(library: Library) -> dict[str, list[SectionHit]]:
    """For every theme, the sections tagged with it: newest first."""
    tagged: dict[str, list[SectionHit]] = defaultdict(list)
    for doc in newest_first(library.documents):
        for theme in {t for s in doc.walk() for t in s.themes}:
            sections = outermost_sections(doc, lambda s, theme=theme: theme in s.themes)
            tagged[theme].append(SectionHit(doc, tuple((s.anchor, s.heading) for s in sections)))
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


# --- the page plan ------------------------------------------------------------------------


def paginate(items: Sequence[T], size: int, src_of: Callable[[int], str]) -> list[tuple[Pager, Sequence[T]]]:
    """The list cut into pages of `size` (at least one page, even when empty)."""
    count = max(1, -(-len(items) // size))
    srcs = tuple(src_of(n) for n in range(1, count + 1))
    return [(Pager(n + 1, srcs, len(items), n * size), items[n * size : (n + 1) * size]) for n in range(count)]


def paginate_by_weight(
    items: Sequence[T], budget: int, weight: Callable[[T], int], src_of: Callable[[int], str]
) -> list[tuple[Pager, Sequence[T]]]:
    """The list cut into pages whose items weigh at most `budget` together (an item heavier alone gets a page)."""
    bounds = [0]
    total = 0
    for i, item in enumerate(items):
        w = weight(item)
        if total and total + w > budget:
            bounds.append(i)
            total = 0
        total += w
    bounds.append(len(items))
    count = len(bounds) - 1
    srcs = tuple(src_of(n) for n in range(1, count + 1))
    return [(Pager(n + 1, srcs, len(items), bounds[n]), items[bounds[n] : bounds[n + 1]]) for n in range(count)]


def chunk_pages(
    chunks: Iterable[tuple[Pager, Sequence[Any]]], template: str, title: str, edit_path: str = "", **context: Any
) -> list[PageSpec]:
    """A page for each chunk of a paginated list, with its `items` and `pager`."""
    return [
        PageSpec(pager.srcs[pager.number - 1], template, title, {**context, "items": items, "pager": pager}, edit_path)
        for pager, items in chunks
    ]


def _paged_pages(
    items: Sequence[Any], settings: Settings, src_of: Callable[[int], str], template: str, title: str, **context: Any
) -> list[PageSpec]:
    return chunk_pages(paginate(items, settings.page_size, src_of), template, title, **context)


def _groups(
    grouped: dict[str, list[Any]], categories: Iterable[Category], size: int, more_src: Callable[[Category], str]
) -> list[Group]:
    return [
        Group(c, c.name, tuple(grouped[c.name][:size]), len(grouped[c.name]), more_src(c))
        for c in categories
        if grouped.get(c.name)
    ]


def document_pages(library: Library, similar: SimilarIndex | None = None) -> list[PageSpec]:
    by_unit = documents_by_unit(library)
    return [
        PageSpec(
            routes.document(doc),
            "document.html",
            doc.title,
            {
                "doc": doc,
                "kinds": document_kinds(doc),
                "siblings": [d for d in by_unit[doc.unit.id] if d.id != doc.id],
                "similar": similar,
            },
            doc.origin.path,
        )
        for doc in library.documents
    ]


def year_pages(library: Library, settings: Settings) -> list[PageSpec]:
    tax = library.taxonomy
    by_year = documents_by_year(library)
    rows = [
        (year, len(docs), len({d.unit.id for d in docs}), Counter(t for d in docs for t in d.themes))
        for year, docs in by_year.items()
    ]
    pages = [PageSpec(routes.YEARS, "years.html", "按年份", {"rows": rows, "themes": tax.themes})]
    for year, docs in by_year.items():
        by_theme = documents_by_theme(docs)
        groups = _groups(by_theme, tax.themes, settings.group_size, lambda c, y=year: routes.year_theme(y, c.slug))
        unthemed = [d for d in docs if not d.themes]
        pages.append(
            PageSpec(
                routes.year(year),
                "year.html",
                f"{year}年",
                {"year": year, "groups": groups, "unthemed": unthemed, "total": len(docs)},
            )
        )
        for theme in tax.themes:
            if theme.name in by_theme:
                pages += _paged_pages(
                    by_theme[theme.name],
                    settings,
                    lambda n, y=year, s=theme.slug: routes.year_theme(y, s, n),
                    "documents.html",
                    f"{year}年 · {theme.name}",
                    crumbs=[(routes.YEARS, "按年份"), (routes.year(year), f"{year}年")],
                    description=theme.description,
                )
    return pages


def theme_pages(library: Library, settings: Settings) -> list[PageSpec]:
    tax = library.taxonomy
    by_theme = documents_by_theme(newest_first(library.documents))
    sections = themed_sections(library)
    pages = [
        PageSpec(routes.THEMES, "categories.html", "按主题", {"entries": _counted(tax.themes, by_theme, routes.theme)})
    ]
    for theme in tax.themes:
        crumbs = [(routes.THEMES, "按主题")]
        tagged = sections.get(theme.name, [])
        pages += _paged_pages(
            by_theme.get(theme.name, []),
            settings,
            lambda n, s=theme.slug: routes.theme(s, n),
            "documents.html",
            theme.name,
            crumbs=crumbs,
            description=theme.description,
            sections=tagged[: settings.group_size],
            sections_total=len(tagged),
            sections_src=routes.theme_sections(theme.slug),
        )
        pages += _paged_pages(
            tagged,
            settings,
            lambda n, s=theme.slug: routes.theme_sections(s, n),
            "sections.html",
            f"{theme.name} · 相关段落",
            crumbs=[*crumbs, (routes.theme(theme.slug), theme.name)],
            description=theme.description,
        )
    return pages


def unit_pages(library: Library, settings: Settings) -> list[PageSpec]:
    tax = library.taxonomy
    by_unit = documents_by_unit(library)
    by_level = units_by_level(library)
    counts = {unit_id: len(docs) for unit_id, docs in by_unit.items()}
    groups = _groups(by_level, tax.levels, settings.group_size * 4, lambda c: routes.level(c.slug))
    pages = [PageSpec(routes.UNITS, "units.html", "按单位", {"groups": groups, "counts": counts})]
    for level in tax.levels:
        pages += _paged_pages(
            by_level.get(level.name, []),
            settings,
            lambda n, s=level.slug: routes.level(s, n),
            "unit_list.html",
            f"{level.name}单位",
            crumbs=[(routes.UNITS, "按单位")],
            description=level.description,
            counts=counts,
        )
    for unit in library.units:
        docs = by_unit.get(unit.id, [])
        pages.append(
            PageSpec(
                routes.unit(unit),
                "unit.html",
                unit.name,
                {"unit": unit, "by_year": list(group_by(docs, lambda d: (d.year,)).items()), "total": len(docs)},
                unit.source.path,
            )
        )
    return pages


def category_pages(
    categories: Sequence[Category],
    grouped: dict[str, list[Any]],
    settings: Settings,
    route_of: Callable[[str, int], str],
    index: tuple[str, str],
    template: str,
    title_of: Callable[[Category], str] = lambda c: c.name,
) -> list[PageSpec]:
    """An overview of one taxonomy axis (`index`: its source path and title) and a paginated list per entry."""
    index_src, index_title = index
    entries = _counted(categories, grouped, lambda slug: route_of(slug, 1))
    pages = [PageSpec(index_src, "categories.html", index_title, {"entries": entries})]
    for category in categories:
        pages += _paged_pages(
            grouped.get(category.name, []),
            settings,
            lambda n, s=category.slug: route_of(s, n),
            template,
            title_of(category),
            crumbs=[index],
            description=category.description,
        )
    return pages


def genre_pages(library: Library, settings: Settings) -> list[PageSpec]:
    return category_pages(
        library.taxonomy.genres,
        documents_by_genre(library),
        settings,
        routes.genre,
        (routes.GENRES, "按文种"),
        "documents.html",
    )


def _counted(
    categories: Iterable[Category], grouped: dict[str, list[Any]], src_of: Callable[[str], str]
) -> list[tuple[Category, int, str]]:
    return [(c, len(grouped.get(c.name, ())), src_of(c.slug)) for c in categories]


def search_pages(library: Library) -> list[PageSpec]:
    """The search page: its filters list the years of the library and the taxonomy."""
    tax = library.taxonomy
    axes = [("theme", "主题", tax.themes), ("genre", "文种", tax.genres), ("kind", "段落", tax.kinds)]
    axes.append(("level", "单位层级", tax.levels))
    return [PageSpec(routes.SEARCH, "search.html", "搜索", {"years": years(library), "axes": axes})]


def site_pages(
    library: Library, settings: Settings = Settings(), similar: SimilarIndex | None = None
) -> list[PageSpec]:
    """The browsing pages of the site: documents, years, themes, units, genres (`plan` adds the writing aids)."""
    return [
        *document_pages(library, similar),
        *year_pages(library, settings),
        *theme_pages(library, settings),
        *unit_pages(library, settings),
        *genre_pages(library, settings),
        *search_pages(library),
    ]
