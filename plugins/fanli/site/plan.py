"""The whole site plan: derive's browsing pages plus the writing aids built on them.

Section examples (a page per kind, filterable over the whole set, and a compare view), the
outline library, the phrase library, trends, and similar wording on document pages. Pages are
`PageSpec`s as in `derive`; what the filters and the compare view read in the browser is planned
as `ScriptSpec`s: small data scripts (`fanliData[key] = …`) that work from disk as from a server.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from fanli.core.model import Document, Library, Section
from fanli.core.text import strip_number
from fanli.site import indexes, routes, search_index, trends
from fanli.site.common_outline import CommonOutline, genre_outlines
from fanli.site.downloads import DOWNLOAD_LIMIT, phrase_lists
from fanli.site.indexes import Example, PlanMemo, placed_sections
from fanli.site.pages import PageSpec, Settings, chunk_pages, paginate, paginate_by_weight, site_pages
from fanli.site.phrases import Occurrence, PhraseEntry, phrase_library
from fanli.site.similar import similar_index

OUTLINE_HEADINGS = 1_000  # headings on one page of the outline library
HEADINGS_PER_PAGE = 400  # reusable headings on one page
PHRASES_PER_PAGE = 300  # phrases on one page of the phrase index
OCCURRENCE_BYTES = 200_000  # estimated HTML of one page of a phrase's occurrences
SOURCES_PER_CONTEXT = 1_000  # sources listed under one context before it continues
EXAMPLE_BYTES = 1_000_000  # estimated text data of one page of section examples (its HTML is a list of headers)
UNIT_PHRASES = 12  # phrases listed on a unit's page

UrlOf = Callable[[str], str]  # a page's source path -> its site-relative URL
REPORTS_KEY = "reports"  # the data script of every report's address and name, by text file number


@dataclass(frozen=True)
class ScriptSpec:
    """A generated data script: `fanliData[key] = payload`, the payload built when the script is written."""

    src: str
    key: str
    build: Callable[[UrlOf], Any]


@dataclass(frozen=True)
class SitePlan:
    pages: list[PageSpec]
    scripts: list[ScriptSpec]
    examples: dict[str, list[Example]]  # by section kind, newest first: also what the Word downloads hold
    phrases: list[PhraseEntry]


@dataclass(frozen=True)
class ContextGroup:
    """Occurrences of a phrase with the same text around it (copied paragraphs), shown once with every source."""

    before: str
    found: str
    after: str
    occurrences: tuple[Occurrence, ...]
    first: int  # the number of its first occurrence among the phrase's, from 1


@dataclass(frozen=True)
class Heading:
    """A heading's wording without its numbering, with every section that uses it."""

    text: str
    theme: str
    sections: tuple[tuple[Document, Section], ...]


def site_plan(library: Library, settings: Settings | None = None, memo: PlanMemo | None = None) -> SitePlan:
    """`memo`: a serve session's, which keeps what was derived from each document for the next plan
    (and gives it again for the documents that did not change)."""
    settings = settings or Settings()
    serving = memo is not None
    memo = memo or PlanMemo()
    memo.next_plan()
    examples = indexes.kind_examples(library, memo)
    entries = phrase_library(library, memo)
    similar = similar_index(library, memo=memo, remember=serving)
    outlines = genre_outlines(library)  # the basket's skeletons and the outline library's common outlines
    pages = site_pages(
        library, settings, similar=similar, unit_phrases=unit_phrases(entries), outlines=outlines, memo=memo
    )
    # the same table again when it is equal: every page of examples' script holds it (`site.fingerprint.alike`)
    texts = memo.same("text files", text_files(library))
    example_pages, example_scripts = kind_pages(library, examples, texts)
    phrase_library_pages, phrase_scripts = phrase_pages(library, entries, texts, memo)
    outline_library_pages, outline_scripts = outline_pages(library, outlines, memo)
    pages += [*example_pages, *phrase_library_pages, *outline_library_pages]
    scripts = [*example_scripts, *phrase_scripts, *outline_scripts]
    pages.append(trends_page(library, entries))
    return SitePlan(pages, scripts, examples, entries)


# --- section examples ---------------------------------------------------------------------


def facet_options(library: Library) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices of the example filters."""
    tax = library.taxonomy
    return {
        "year": [(str(y), f"{y}年") for y in indexes.years(library)],
        "theme": [(c.slug, c.name) for c in tax.themes],
        "genre": [(c.slug, c.name) for c in tax.genres],
        "level": [(c.slug, c.name) for c in tax.levels],
    }


def text_files(library: Library) -> dict[str, int]:
    """Each document's text file in the search index (`t/N.js`, by document id): the one copy of its
    text the browser reads, which the section examples take their text from."""
    return {doc.id: number for number, doc in enumerate(search_index.ordered_documents(library))}


def kind_pages(
    library: Library, examples: dict[str, list[Example]], texts: dict[str, int]
) -> tuple[list[PageSpec], list[ScriptSpec]]:
    """A page per kind listing its examples' headers; the examples' text is filled in by examples.js
    from the search index's text files. Data scripts: per page of a kind, each example as the text
    file and anchors of its lines (`_example_row`); per kind, the filter index over all its pages."""
    tax = library.taxonomy
    slugs = {axis: tax.slugs(axis) for axis in ("themes", "genres", "levels")}
    entries = [(c, len(examples.get(c.name, ())), routes.kind(c.slug)) for c in tax.kinds]
    pages = [PageSpec(routes.KINDS, "kinds.html", "段落范例", {"entries": entries})]
    scripts = []
    options = facet_options(library)
    for kind in tax.kinds:
        chunks = paginate_by_weight(
            examples.get(kind.name, []), EXAMPLE_BYTES, example_bytes, partial(routes.kind, kind.slug)
        )
        key = f"kinds/{kind.slug}"
        pages += chunk_pages(
            chunks,
            "examples.html",
            f"段落范例 · {kind.name}",
            kind=kind,
            options=options,
            index_key=key,
            crumbs=[(routes.KINDS, "段落范例")],
            download_limit=DOWNLOAD_LIMIT,
        )
        for pager, items in chunks:
            scripts.append(
                ScriptSpec(
                    routes.data_script(f"{key}/{pager.number}"),
                    f"{key}/{pager.number}",
                    partial(_example_rows, items, texts, slugs["themes"]),
                )
            )

        def index(url: UrlOf, chunks=chunks, kind=kind) -> dict[str, Any]:
            return {
                "kind": kind.name,
                "facets": ["year", "theme", "genre", "level", "unit"],
                "pages": [url(src) for src in (chunks[0][0].srcs if chunks else ())],
                "texts": f"{search_index.INDEX_DIR}/t/",
                "levels": {c.slug: c.name for c in tax.levels},
                "items": [
                    [
                        pager.number,
                        f"e-{e.document.id}",
                        f"{e.document.title}（{e.document.unit.name} · {e.document.year}）",
                        str(e.document.year),
                        [slugs["themes"][t] for t in e.themes],
                        slugs["genres"][e.document.genre],
                        slugs["levels"][e.document.unit.level],
                        e.document.unit.id,
                    ]
                    for pager, items in chunks
                    for e in items
                ],
            }

        scripts.append(ScriptSpec(routes.data_script(key), key, index))
    pages.append(
        PageSpec(
            routes.COMPARE,
            "compare.html",
            "段落对比",
            {"kinds": tax.kinds, "crumbs": [(routes.KINDS, "段落范例")]},
        )
    )
    return pages, scripts


def _example_rows(
    examples: Sequence[Example], texts: dict[str, int], theme_slugs: dict[str, str], url: UrlOf
) -> dict[str, Any]:
    """A page's examples: {"themes": [theme slugs…], "rows": {element id: example row}}; a row's
    paragraph refers to its themes by their place in "themes" (each set of themes written once)."""
    theme_sets: dict[tuple[str, ...], int] = {}
    rows = {f"e-{e.document.id}": _example_row(e, texts, theme_slugs, theme_sets) for e in examples}
    return {"themes": list(theme_sets), "rows": rows}


def example_bytes(example: Example) -> int:
    """About how much the example weighs on its page: its text (three bytes a character), and its header."""
    return 3 * example.char_count() + 3_000


def _example_row(
    example: Example, texts: dict[str, int], theme_slugs: dict[str, str], theme_sets: dict[tuple[str, ...], int]
) -> list[Any]:
    """[text file number, [line…]]: no text, no title or metadata. A line is [depth, anchor] and, for a
    paragraph that lacks some of its example's themes, the number of its set of themes in
    `theme_sets` (which grows): the theme filter hides such a paragraph when it lacks the theme (as
    search would). The text of each line is the item with that anchor in the search index's text
    file of the document (`t/N.js`), which also gives the title, unit, year, genre and address."""
    lines: list[list[Any]] = []
    for block in example.blocks:
        line: list[Any] = [block.depth, block.anchor]
        if block.depth == 0 and set(block.themes) != set(example.themes):
            slugs = tuple(sorted(theme_slugs[t] for t in block.themes))
            line.append(theme_sets.setdefault(slugs, len(theme_sets)))
        lines.append(line)
    return [texts[example.document.id], lines]


# --- outline library -----------------------------------------------------------------------


def document_headings(doc: Document) -> tuple[tuple[str, str, str, tuple[Document, Section]], ...]:
    """(kind, theme, wording without numbering, use) of each of the document's headings under a kind."""
    found = []
    for placed in placed_sections(doc):
        kinds, themes = placed.kinds, placed.themes
        text = strip_number(placed.section.heading)
        if kinds and text:
            found.append((kinds[0], themes[0] if themes else "", text, (doc, placed.section)))
    return tuple(found)


def heading_count(doc: Document) -> int:
    return sum(1 for _ in doc.walk())


def reusable_headings(library: Library, memo: PlanMemo | None = None) -> dict[str, list[Heading]]:
    """Headings without numbering, by section kind; within a kind by theme (taxonomy order), then by use."""
    memo = memo or PlanMemo()
    found: dict[str, dict[tuple[str, str], list[tuple[Document, Section]]]] = defaultdict(lambda: defaultdict(list))
    for doc in indexes.newest_first(library.documents):
        for kind, theme, text, use in memo.get("headings", doc, document_headings):
            found[kind][(theme, text)].append(use)
    order = {c.name: i for i, c in enumerate(library.taxonomy.themes)}
    return {
        kind: [
            memo.same(("heading", kind, theme, text), Heading(text, theme, tuple(uses)))
            for (theme, text), uses in sorted(
                groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), -len(kv[1]), kv[0][1])
            )
        ]
        for kind, groups in found.items()
    }


def outline_pages(
    library: Library, outlines: Sequence[CommonOutline] | None = None, memo: PlanMemo | None = None
) -> tuple[list[PageSpec], list[ScriptSpec]]:
    """The outline library: per genre, every report's outline (filterable by year, theme and unit
    level over all pages, like the section examples); and the reusable headings by kind."""
    tax = library.taxonomy
    slugs = {axis: tax.slugs(axis) for axis in ("themes", "levels")}
    options = {facet: choices for facet, choices in facet_options(library).items() if facet != "genre"}
    scripts = []
    by_genre = indexes.documents_by_genre(library)
    memo = memo or PlanMemo()
    headings = reusable_headings(library, memo)
    crumbs = [(routes.OUTLINES, "提纲库")]
    genres = [(c, len(by_genre.get(c.name, ())), routes.outlines(c.slug)) for c in tax.genres]
    kinds = [(c, len(headings.get(c.name, ())), routes.headings(c.slug)) for c in tax.kinds if c.name in headings]
    common = {outline.genre.name: outline for outline in (genre_outlines(library) if outlines is None else outlines)}
    pages = [PageSpec(routes.OUTLINES, "outlines.html", "提纲库", {"genres": genres, "kinds": kinds})]
    for genre in tax.genres:
        docs = [d for d in by_genre.get(genre.name, []) if d.sections]
        chunks = paginate_by_weight(
            docs,
            OUTLINE_HEADINGS,
            lambda d: memo.get("heading count", d, heading_count),
            partial(routes.outlines, genre.slug),
        )
        key = f"outlines/{genre.slug}"
        pages += chunk_pages(
            chunks,
            "outline_list.html",
            f"提纲库 · {genre.name}",
            crumbs=crumbs,
            description=genre.description,
            options=options,
            index_key=key,
            common=common.get(genre.name),
            genre_pages=[(src, f"{g.name}（{n}）", g == genre) for g, n, src in genres],
        )

        def index(url: UrlOf, chunks=chunks) -> dict[str, Any]:
            return {
                "facets": ["year", "theme", "level"],
                "pages": [url(src) for src in (chunks[0][0].srcs if chunks else ())],
                "items": [
                    [
                        pager.number,
                        f"o-{d.id}",
                        f"{d.title}（{d.unit.name} · {d.year}）",
                        str(d.year),
                        [slugs["themes"][t] for t in d.themes],
                        slugs["levels"][d.unit.level],
                    ]
                    for pager, items in chunks
                    for d in items
                ],
            }

        scripts.append(ScriptSpec(routes.data_script(key), key, index))
    for kind in tax.kinds:
        if kind.name not in headings:
            continue
        heading_chunks = paginate(headings[kind.name], HEADINGS_PER_PAGE, partial(routes.headings, kind.slug))
        pages += chunk_pages(heading_chunks, "headings.html", f"标题库 · {kind.name}", crumbs=crumbs, kind=kind)
    return pages, scripts


# --- phrase library ------------------------------------------------------------------------


def phrase_pages(
    library: Library, entries: list[PhraseEntry], texts: dict[str, int], memo: PlanMemo | None = None
) -> tuple[list[PageSpec], list[ScriptSpec]]:
    """The phrase library's pages and scripts. A phrase page names each source of an occurrence by its
    report's text file number (`texts`) and anchor; its script makes the links from `reports.js`, where
    each report's address and name are said once for the whole library (498,266 links at 10,000 reports
    were 55 MiB of HTML)."""
    memo = memo or PlanMemo()
    tax = library.taxonomy
    theme_slug, kind_slug = tax.slugs("themes"), tax.slugs("kinds")
    chunks = paginate(entries, PHRASES_PER_PAGE, lambda n: routes.paged("phrases/all", n) if n > 1 else routes.PHRASES)
    categories = [c.name for c in (*tax.kinds, *tax.functions)]
    options = {
        "category": [(name, name) for name in categories],
        "pattern": [(p, p) for p in dict.fromkeys(e.pattern for e in entries)],
        "theme": [(c.slug, c.name) for c in tax.themes],
        "kind": [(c.slug, c.name) for c in tax.kinds],
        "year": [(str(y), f"{y}年") for y in indexes.years(library)],
    }
    downloads = [(listed.label, routes.word_phrases(listed.slug)) for listed in phrase_lists(library, entries)]
    pages = chunk_pages(
        chunks,
        "phrases.html",
        "表述库",
        options=options,
        index_key="phrases",
        downloads=downloads,
        download_limit=DOWNLOAD_LIMIT,
    )

    def index(url: UrlOf) -> dict[str, Any]:
        return {
            "facets": ["category", "pattern", "theme", "kind", "year"],
            "pages": [url(src) for src in chunks[0][0].srcs],
            "items": [
                [
                    pager.number,
                    f"ph-{e.slug}",
                    f"{e.text}（{e.count}）",
                    e.category,
                    e.pattern,
                    [theme_slug[t] for t in e.themes if t in theme_slug],
                    [kind_slug[k] for k in e.kinds if k in kind_slug],
                    sorted(str(y) for y in e.years),
                ]
                for pager, items in chunks
                for e in items
            ],
        }

    crumbs = [(routes.PHRASES, "表述库")]
    for entry in entries:
        groups = paginate_by_weight(
            memo.get("phrase contexts", entry, partial(_kept_context_groups, memo)),
            OCCURRENCE_BYTES,
            lambda g: 600 + 150 * len(g.occurrences),
            partial(routes.phrase, entry.slug),
        )
        edit_path = entry.curated.source.path if entry.curated else ""
        pages += chunk_pages(
            groups,
            "phrase.html",
            f"表述库 · {entry.text}",
            edit_path,
            entry=entry,
            crumbs=crumbs,
            texts=texts,
            reports_key=REPORTS_KEY,
        )
    reports = ScriptSpec(routes.data_script(REPORTS_KEY), REPORTS_KEY, partial(_report_names, texts, library.documents))
    return pages, [ScriptSpec(routes.data_script("phrases"), "phrases", index), reports]


def _report_names(texts: dict[str, int], documents: Sequence[Document], url: UrlOf) -> list[list[str]]:
    """[address, name] of each report, by its text file number in `texts` (the numbers the phrase pages
    name their sources by): what a phrase page's source links say."""
    names: list[list[str]] = [[] for _ in texts]
    for doc in documents:
        names[texts[doc.id]] = [url(routes.document(doc)), indexes.source_label(doc)]
    return names


def _kept_context_groups(memo: PlanMemo, entry: PhraseEntry) -> list[ContextGroup]:
    """The phrase's context groups, each the last plan's if it is the same (`PlanMemo.same`): when one
    occurrence of a common phrase changes, its other groups stay as they were."""
    return [memo.same(("phrase context", entry.text, group.first), group) for group in context_groups(entry)]


def context_groups(entry: PhraseEntry, size: int = SOURCES_PER_CONTEXT) -> list[ContextGroup]:
    """The phrase's occurrences grouped by their context, newest first; a long group continues in parts."""
    grouped: dict[tuple[str, int, int], list[Occurrence]] = defaultdict(list)
    for occurrence in entry.occurrences:  # the same place in the same text: the same context
        grouped[occurrence.passage.text, occurrence.start, occurrence.end].append(occurrence)
    groups = []
    number = 1
    for occurrences in grouped.values():
        before, found, after = occurrences[0].context()
        for start in range(0, len(occurrences), size):
            part = tuple(occurrences[start : start + size])
            groups.append(ContextGroup(before, found, after, part, number))
            number += len(part)
    return groups


# --- trends ------------------------------------------------------------------------------


def trends_page(library: Library, entries: Sequence[PhraseEntry]) -> PageSpec:
    years = sorted(indexes.years(library))
    return PageSpec(
        routes.TRENDS,
        "trends.html",
        "趋势",
        {
            "by_theme": trends.theme_charts(library, years, routes.theme),
            "by_phrase": trends.phrase_charts(entries, years, lambda e: routes.phrase(e.slug)),
            "years": years,
        },
    )


# --- links from the browsing pages ----------------------------------------------------------


@dataclass(frozen=True)
class PhraseLink:
    """A phrase as another page links to it. Not the whole entry: its occurrences change with an edit
    anywhere in the library, and the page would be rendered again for nothing (`site.fingerprint`)."""

    text: str
    slug: str


def unit_phrases(entries: Iterable[PhraseEntry], limit: int = UNIT_PHRASES) -> dict[str, list[tuple[PhraseLink, int]]]:
    """The phrases each unit's documents use most."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    entries = list(entries)
    for i, entry in enumerate(entries):
        for unit, n in entry.units.items():
            counts[unit][i] += n
    return {
        unit: [
            (PhraseLink(entries[i].text, entries[i].slug), n)
            for i, n in sorted(c.items(), key=lambda kv: (-kv[1], entries[kv[0]].text))[:limit]
        ]
        for unit, c in counts.items()
    }
