"""Measure Pagefind on a built synthetic site, for docs/search-engine.md.

Usage (after `fanli synth --reports 1000 --out DIR && mkdocs build -f DIR/mkdocs.yml`):

    pip install "pagefind[extended]"
    python scripts/compare_pagefind.py DIR

Indexes the report pages of DIR/site with Pagefind, then asks the same queries as
`fanli bench-search` in headless Chromium, plain and in quotes (Pagefind's phrase search),
and compares the pages returned with the pages whose text contains the query.
Prints one Markdown table row per query and mode.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from fanli.core.load import load_library
from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve
from fanli.site import routes

QUERIES = ["建设", "党员", "廉政", "警示教育", "抓早抓小", "党风廉政建设", "村集体经济", "不敢腐、不能腐、不想腐"]
DOC_PAGE = re.compile(r"/\d{4}/(?!theme/)[^/]+/[^/]+/$")  # report pages, not a year's theme lists


def truth(project: Path, query: str) -> set[str]:
    library = load_library(project / "data")
    found = set()
    for doc in library.documents:
        text = "".join(p.text for p in doc.paragraphs()) + "".join(s.heading for s in doc.walk()) + doc.title
        if query in text:
            found.add("/" + routes.page_url(routes.document(doc)))
    return found


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
    print("| query | truth pages | mode | pages found | recall | precision | ms | KB fetched |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        loaded: list[int] = []
        page.on("requestfinished", lambda request: loaded.append(request.sizes()["responseBodySize"]))
        page.goto(base)
        page.evaluate("async () => { window.pf = await import('./pagefind/pagefind.js'); await pf.init(); }")
        for query in QUERIES:
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
                    f"| {query} | {len(expected)} | {mode} | {len(found)} | {recall:.0%} | {precision:.0%} "
                    f"| {result['ms']:.0f} | {fetched / 1024:.0f} |"
                )
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
