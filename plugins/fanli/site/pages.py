"""The plan of the browsing pages: documents, years, themes, units, genres, search.

Each `PageSpec` names its source path, its template and the objects the template needs;
long lists are cut into pages (`paginate`). Nothing here knows about MkDocs or HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from fanli.core.model import Category, Library, Taxonomy
from fanli.site import routes
from fanli.site.common_outline import CommonOutline, genre_outlines
from fanli.site.indexes import (
    PlanMemo,
    document_kinds,
    documents_by_genre,
    documents_by_theme,
    documents_by_unit,
    documents_by_year,
    group_by,
    newest_first,
    themed_sections,
    units_by_level,
    years,
)

if TYPE_CHECKING:
    from fanli.site.similar import SimilarIndex

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    page_size: int = 200  # entries on one page of a long list
    group_size: int = 30  # entries shown per group before a "show all" link


@dataclass(frozen=True)
class Deferred:
    """A page's context value computed when the page is rendered rather than when the site is planned:
    data every page has its own of (a report's similar wording), which would otherwise be held for all
    pages at once, and computed before the side outputs' worker starts instead of beside it."""

    compute: Callable[[], Any]

    def __fingerprint__(self) -> object:
        """What the page shows (`site.fingerprint`, serve rebuilds): the value itself, worked out
        again. Not what it is computed from: copied wording is in many documents, and an edit to one
        would otherwise change every page that shares a paragraph with it."""
        return self.compute()


def resolved(context: Mapping[str, Any]) -> dict[str, Any]:
    """A page's context with its `Deferred` values computed: what its template is given."""
    return {k: v.compute() if isinstance(v, Deferred) else v for k, v in context.items()}


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


def document_pages(
    library: Library, similar: SimilarIndex | None = None, memo: PlanMemo | None = None
) -> list[PageSpec]:
    memo = memo or PlanMemo()
    by_unit = documents_by_unit(library)
    return [
        PageSpec(
            routes.document(doc),
            "document.html",
            doc.title,
            {
                "doc": doc,
                "kinds": memo.get("kinds", doc, document_kinds),
                "siblings": [d for d in by_unit[doc.unit.id] if d.id != doc.id],
                "similar": Deferred(partial(similar.document_wording, doc)) if similar else {},
            },
            doc.origin.path,
        )
        for doc in library.documents
    ]


def _year_theme_route(year: int, theme: Category) -> str:
    return routes.year_theme(year, theme.slug)


def related_links(taxonomy: Taxonomy, query: str, phrases: bool = True) -> list[tuple[str, str, str]]:
    """(label, route, filter) links from a browsing page to the section examples (and the phrase
    library) filtered to what the page lists: `year=2023`, `theme=…`, `unit=…`."""
    links = [(k.name, routes.kind(k.slug), query) for k in taxonomy.kinds]
    return [*links, ("表述库", routes.PHRASES, query)] if phrases else links


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
        groups = _groups(by_theme, tax.themes, settings.group_size, partial(_year_theme_route, year))
        unthemed = [d for d in docs if not d.themes]
        pages.append(
            PageSpec(
                routes.year(year),
                "year.html",
                f"{year}年",
                {
                    "year": year,
                    "groups": groups,
                    "unthemed": unthemed,
                    "total": len(docs),
                    "related": related_links(tax, f"year={year}"),
                },
            )
        )
        for theme in tax.themes:
            if theme.name in by_theme:
                pages += _paged_pages(
                    by_theme[theme.name],
                    settings,
                    partial(routes.year_theme, year, theme.slug),
                    "documents.html",
                    f"{year}年 · {theme.name}",
                    crumbs=[(routes.YEARS, "按年份"), (routes.year(year), f"{year}年")],
                    description=theme.description,
                )
    return pages


def theme_pages(library: Library, settings: Settings, memo: PlanMemo | None = None) -> list[PageSpec]:
    tax = library.taxonomy
    by_theme = documents_by_theme(newest_first(library.documents))
    sections = themed_sections(library, memo)
    pages = [
        PageSpec(routes.THEMES, "categories.html", "按主题", {"entries": _counted(tax.themes, by_theme, routes.theme)})
    ]
    for theme in tax.themes:
        crumbs = [(routes.THEMES, "按主题")]
        tagged = sections.get(theme.name, [])
        pages += _paged_pages(
            by_theme.get(theme.name, []),
            settings,
            partial(routes.theme, theme.slug),
            "documents.html",
            theme.name,
            crumbs=crumbs,
            description=theme.description,
            sections=tagged[: settings.group_size],
            sections_total=len(tagged),
            sections_src=routes.theme_sections(theme.slug),
            related=related_links(tax, f"theme={theme.slug}"),
        )
        pages += _paged_pages(
            tagged,
            settings,
            partial(routes.theme_sections, theme.slug),
            "sections.html",
            f"{theme.name} · 相关段落",
            crumbs=[*crumbs, (routes.theme(theme.slug), theme.name)],
            description=theme.description,
        )
    return pages


def unit_pages(
    library: Library, settings: Settings, unit_phrases: Mapping[str, Sequence[Any]] | None = None
) -> list[PageSpec]:
    """Units by level, and a page per unit (`unit_phrases`: the phrases its reports use most, by unit id)."""
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
            partial(routes.level, level.slug),
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
                {
                    "unit": unit,
                    "by_year": list(group_by(docs, lambda d: (d.year,)).items()),
                    "total": len(docs),
                    "related": related_links(tax, f"unit={unit.id}", phrases=False),
                    "compare": ",".join(d.id for d in docs),
                    "phrases": (unit_phrases or {}).get(unit.id, []),
                },
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
            partial(route_of, category.slug),
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


def basket_pages(library: Library, outlines: Sequence[CommonOutline] | None = None) -> list[PageSpec]:
    """The basket page: empty until the browser fills it from what the reader collected; it offers
    each genre's common outline (`outlines`, worked out here when not given) as a skeleton to draft from."""
    skeletons = genre_outlines(library) if outlines is None else outlines
    return [PageSpec(routes.BASKET, "basket.html", "素材篮", {"skeletons": skeletons})]


def site_pages(
    library: Library,
    settings: Settings = Settings(),
    similar: SimilarIndex | None = None,
    unit_phrases: Mapping[str, Sequence[Any]] | None = None,
    outlines: Sequence[CommonOutline] | None = None,
    memo: PlanMemo | None = None,
) -> list[PageSpec]:
    """The browsing pages of the site: documents, years, themes, units, genres (`plan` adds the writing aids)."""
    return [
        *document_pages(library, similar, memo),
        *year_pages(library, settings),
        *theme_pages(library, settings, memo),
        *unit_pages(library, settings, unit_phrases),
        *genre_pages(library, settings),
        *search_pages(library),
        *basket_pages(library, outlines),
    ]
