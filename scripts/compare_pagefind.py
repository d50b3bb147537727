"""Measure Pagefind on a built synthetic site, for docs/search-engine.md.

Usage (after `fanli synth --reports 1000 --out DIR && mkdocs build -f DIR/mkdocs.yml`):

    pip install "pagefind[extended]"
    python scripts/compare_pagefind.py DIR

Indexes the report pages of DIR/site with Pagefind, then asks the same queries as
`fanli bench-search` in headless Chromium, plain and in quotes (Pagefind's phrase search),
and compares the pages returned with the pages whose text contains the query as fanli's search
folds it (titles, headings and paragraphs; traditional script read as simplified; punctuation and
spaces ignored): the truth `fanli bench-search` checks itself against.
Prints one Markdown table row per query and mode.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

from playwright.sync_api import sync_playwright

from fanli.core.load import load_library
from fanli.dev.bench_search import QUERIES as BENCH_QUERIES
from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve
from fanli.site import routes
from fanli.site.search_index import entries, matches, ordered_documents, query_words

# common words, traditional script, wording without its punctuation, and wording with no exact hit
QUERIES = [
    (q, kind)
    for q, kind in BENCH_QUERIES
    if len(q) > 1 and " " not in q and q not in ("２０２３", "XX") and kind != "filtered"  # no filters in Pagefind
]
DOC_PAGE = re.compile(r"/\d{4}/(?!theme/)[^/]+/[^/]+/$")  # report pages, not a year's theme lists


@cache
def items(project: Path) -> list[tuple[str, str]]:
    """(report page, text) of every title, heading and paragraph."""
    library = load_library(project / "data")
    docs = ordered_documents(library)
    return [("/" + routes.page_url(routes.document(docs[e.doc])), e.text) for e in entries(library)]


def truth(project: Path, query: str) -> set[str]:
    """Report pages with a title, heading or paragraph that contains the folded query."""
    words = query_words(query)
    return {url for url, text in items(project) if matches(text, words)}


def main(project: Path) -> None:
    site = project / "site"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "[0-9][0-9][0-9][0-9]/*/*/index.html"],
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
        for query, kind in QUERIES:
            expected = truth(project, query)
            for mode, asked in (("plain", query), ("quoted", f'"{query}"')):
                loaded.clear()
                result = page.evaluate(
                    """async q => { const t = performance.now(); const r = await pf.search(q);
                    const data = await Promise.all(r.results.map(x => x.data()));
                    return {ms: performance.now() - t, urls: data.map(d => d.url)}; }""",
                    asked,
                )
                fetched = sum(loaded)
                found = {u for u in result["urls"] if DOC_PAGE.search(u)}
                hits = len(found & expected)
                recall = hits / len(expected) if expected else 1.0
                precision = hits / len(found) if found else (1.0 if not expected else 0.0)
                print(
                    f"| {query} | {kind} | {len(expected)} | {mode} | {len(found)} | {recall:.0%} | {precision:.0%} "
                    f"| {result['ms']:.0f} | {fetched / 1024:.0f} |"
                )
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
