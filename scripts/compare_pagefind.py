"""Measure Pagefind on a built synthetic site, for docs/search-engine.md.

Usage (after `fanli synth --reports 1000 --out DIR && mkdocs build -f DIR/mkdocs.yml`):

    pip install "pagefind[extended]"
    python scripts/compare_pagefind.py DIR

Copies the report pages of DIR/site to DIR/pagefind-site, each with the values of its filters as
`data-pagefind-filter` attributes (year, genre, level; every kind and theme of its items: Pagefind
filters pages, not paragraphs), indexes them with Pagefind, then asks the queries of
`fanli bench-search` (`bench_search.QUERIES`, with its filters) in headless Chromium, plain and in
quotes (Pagefind's phrase search), and compares the pages returned with the pages holding a title,
heading or paragraph that contains the query as fanli's search folds it (traditional script read as
simplified; punctuation and spaces ignored, except in a word of punctuation alone, which fanli
matches as written) and passes the filters: the truth `fanli bench-search` checks itself against.
Rows of kind `heading` score the same answers against the pages whose title or a heading holds the
query: a page counts as found there when one of Pagefind's sub-results (its sections, titled by
their heading) or the page's title holds it. 显示每一处 and the widespread order have no Pagefind
counterpart (it lists pages, ranked by relevance): their rows ask the same words.
Prints one Markdown table row per query and mode.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

from playwright.sync_api import sync_playwright

from fanli.core.load import load_library
from fanli.core.model import Document
from fanli.dev.bench_search import asked, shown
from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve
from fanli.site import routes
from fanli.site.search_index import PARAGRAPH, Entry, entries, in_filters, matches, ordered_documents, query_words

DOC_PAGE = re.compile(r"/\d{4}/(?!theme/)[^/]+/[^/]+/$")  # report pages, not a year's theme lists
HEADING_KINDS = ("common", "traditional", "no punctuation", "strict", "marks")  # scored on titles and headings too
REPORT_PAGES = "[0-9][0-9][0-9][0-9]/*/*/index.html"
SEARCH = """async ([q, filters]) => { const t = performance.now(); const r = await pf.search(q, {filters});
const data = await Promise.all(r.results.map(x => x.data()));
return {ms: performance.now() - t, pages: data.map(d => ({url: d.url, title: (d.meta || {}).title || "",
headings: (d.sub_results || []).map(s => s.title)}))}; }"""


def url_of(doc: Document) -> str:
    return "/" + routes.page_url(routes.document(doc))


@cache
def items(project: Path) -> list[tuple[str, Entry, Document]]:
    """(report page, item, document) of every title, heading and paragraph."""
    library = load_library(project / "data")
    docs = ordered_documents(library)
    return [(url_of(docs[e.doc]), e, docs[e.doc]) for e in entries(library)]


def truth(project: Path, query: str, filters: dict, headings: bool = False) -> set[str]:
    """Report pages with an item (a title or heading if `headings`) that contains the folded query
    and passes the filters."""
    words = query_words(query)
    return {
        url
        for url, e, doc in items(project)
        if (not headings or e.type != PARAGRAPH) and matches(e.text, words) and in_filters(e, doc, filters)
    }


def filter_values(project: Path) -> dict[str, dict[str, set[str]]]:
    """Each report page's filter values (axis → values): the page has every value one of its items has."""
    pages: dict[str, dict[str, set[str]]] = {}
    for url, e, doc in items(project):
        has = pages.setdefault(url, {"year": {str(doc.year)}, "genre": {doc.genre}, "level": {doc.unit.level}})
        has.setdefault("kind", set()).update(e.kinds)
        has.setdefault("theme", set()).update(e.themes)
    return pages


def filtered_copy(project: Path) -> Path:
    """The report pages of the built site, each with its filter values as Pagefind reads them."""
    site, copy = project / "site", project / "pagefind-site"
    shutil.rmtree(copy, ignore_errors=True)
    for url, has in filter_values(project).items():
        source = site / url.strip("/") / "index.html"
        spans = "".join(
            f'<span data-pagefind-filter="{html.escape(axis)}:{html.escape(value)}"></span>'
            for axis, values in has.items()
            for value in sorted(values)
        )
        text = source.read_text(encoding="utf-8")
        body = text.index(">", text.index("<body")) + 1
        target = copy / url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text[:body] + spans + text[body:], encoding="utf-8")
    # pagefind.js picks its index, and how it splits the query into words, by the language of the page
    (copy / "index.html").write_text('<!doctype html><html lang="zh"><title>Pagefind</title></html>', encoding="utf-8")
    return copy


def pagefind_filters(filters: dict) -> dict:
    """fanli's filters as Pagefind's: a list of values means any of them."""
    return {
        axis: {"any": [str(v) for v in value]} if isinstance(value, list) else str(value)
        for axis, value in filters.items()
    }


def row(query: str, kind: str, expected: set[str], mode: str, found: set[str], ms: float, kb: float) -> str:
    hits = len(found & expected)
    recall = hits / len(expected) if expected else 1.0
    precision = hits / len(found) if found else (1.0 if not expected else 0.0)
    return (
        f"| {query} | {kind} | {len(expected)} | {mode} | {len(found)} | {recall:.0%} | {precision:.0%} "
        f"| {ms:.0f} | {kb:.0f} |"
    )


def main(project: Path) -> None:
    library = load_library(project / "data")
    site = filtered_copy(project)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", REPORT_PAGES],
        check=True,
        capture_output=True,
    )
    build = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    print(f"pagefind index: {build:.1f} s, {size / 1e6:.1f} MB")
    print("| query | kind | truth pages | mode | pages found | recall | precision | ms | KB fetched |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        loaded: list[int] = []
        page.on("requestfinished", lambda request: loaded.append(request.sizes()["responseBodySize"]))
        page.goto(base)
        page.evaluate("async () => { window.pf = await import('./pagefind/pagefind.js'); await pf.init(); }")
        for query, kind, filters, _exact, _fold in asked(library):
            expected = truth(project, query, filters)
            heading_truth = truth(project, query, filters, headings=True)
            label = kind + (" " + "+".join(f"{a}={shown(v)}" for a, v in filters.items()) if filters else "")
            words = query_words(query)
            for mode, words_asked in (("plain", query), ("quoted", f'"{query}"')):
                loaded.clear()
                result = page.evaluate(SEARCH, [words_asked, pagefind_filters(filters)])
                kb = sum(loaded) / 1024
                pages = [r for r in result["pages"] if DOC_PAGE.search(r["url"])]
                found = {r["url"] for r in pages}
                print(row(query, label, expected, mode, found, result["ms"], kb))
                if heading_truth and not filters and kind in HEADING_KINDS:
                    in_heading = {
                        r["url"] for r in pages if any(matches(t, words) for t in [r["title"], *r["headings"]])
                    }
                    print(row(query, "heading", heading_truth, mode, in_heading, result["ms"], kb))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
