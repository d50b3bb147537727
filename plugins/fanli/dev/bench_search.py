"""`fanli bench-search`: exact-wording search on synthetic libraries, in headless Chromium.

For each size: synthesise, build (in a child process, as `fanli bench` does), serve the site on
localhost, open the search page once, then for every query time `fanliSearch` (first page of
hits), count the bytes of the index files it loaded, and compare every id it matches with a
plain substring scan of the data (recall and precision).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from fanli.core.load import load_library
from fanli.dev.bench import BUILD_SCRIPT, run_child
from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve
from fanli.dev.synth import write_project
from fanli.site.search_index import INDEX_DIR, entries, matches, query_words

# (query, kind): common words, traditional script, wording without its punctuation, wording with
# no exact hit, for which the page shows the nearest wording (timed as `nearest`), and wording
# searched with 精确匹配标点 on (`strict`: the page checks the candidates' text, so it reads more).
QUERIES = [
    ("建设", "common"),
    ("党员", "common"),
    ("廉政", "common"),
    ("党", "common"),
    ("抓早抓小", "common"),
    ("警示教育", "common"),
    ("村集体经济", "common"),
    ("流动党员", "common"),
    ("党风廉政建设", "common"),
    ("不敢腐、不能腐、不想腐", "common"),
    ("主体责任", "common"),
    ("中央八项规定精神", "common"),
    ("廉政 教育", "common"),
    ("形式主义 官僚主义", "common"),
    ("２０２３", "common"),
    ("XX", "common"),
    ("黨風廉政建設", "traditional"),
    ("監督執紀問責", "traditional"),
    ("壓實管黨治黨政治責任", "traditional"),
    ("抓早抓小防微杜渐", "no punctuation"),
    ("不敢腐不能腐不想腐", "no punctuation"),
    ("四种形态", "no punctuation"),
    ("加强廉政警示教育", "nearest"),
    ("全面落实从严治党责任制度", "nearest"),
    ("深入推进党风廉政建设工作取得新成效", "nearest"),
    ("不敢腐、不能腐、不想腐", "strict"),
    ("抓早抓小、防微杜渐", "strict"),
    ("“四风”", "strict"),
]


def measure(reports: int, project: Path, data_dir: Path, chromium: str) -> dict:
    write_project(project, reports=reports, data_dir=data_dir)
    build = run_child(BUILD_SCRIPT, [str(project / "mkdocs.yml")], project / "build.log")
    site = Path(build.report["site_dir"])
    index_dir = site / INDEX_DIR
    index_bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    library = load_library(project / "data")
    items = entries(library)
    text_bytes = sum(len(e.text.encode()) for e in items)

    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(f"{base}search/")
        page.evaluate("() => fanliSearch.ready()")
        meta_bytes = (index_dir / "meta.js").stat().st_size
        for query, kind in QUERIES:
            before = page.evaluate("() => fanliSearch.fetched.length")
            call = {
                "nearest": "fanliSearch.nearest(q, {})",
                "strict": "fanliSearch(q, {limit: 20, exact: true})",
            }.get(kind, "fanliSearch(q, {limit: 20})")
            ms = page.evaluate(
                "q => { const t = performance.now(); return " + call + ".then(() => performance.now() - t) }",
                query,
            )
            loaded = page.evaluate("n => fanliSearch.fetched.slice(n)", before)
            fetched = sum((index_dir / name).stat().st_size for name in loaded)
            exact = kind == "strict"
            found = set(page.evaluate("([q, exact]) => fanliSearch.ids(q, {exact})", [query, exact]))
            words = query_words(query, exact)
            truth = {n for n, e in enumerate(items) if matches(e.text, words, exact)}
            right = len(found & truth)
            same_as_more = None
            if kind == "nearest":  # the 20 shown are those found reading the text of 5× as many candidates
                scores = "(q, o) => fanliSearch.nearest(q, o).then(r => r.hits.map(h => h.score))"
                same_as_more = page.evaluate(f"([q]) => ({scores})(q, {{}})", [query]) == page.evaluate(
                    f"([q]) => ({scores})(q, {{ranked: 1000, read: 200}})", [query]
                )
            rows.append(
                {
                    "query": query,
                    "kind": kind,
                    "hits": len(truth),
                    "ms": ms,
                    "bytes": fetched,
                    "recall": right / len(truth) if truth else 1.0,
                    "precision": right / len(found) if found else 1.0,
                    "same_as_more": same_as_more,
                }
            )
        browser.close()
    ms = sorted(r["ms"] for r in rows if r["kind"] not in ("nearest", "strict"))
    strict = sorted(r["ms"] for r in rows if r["kind"] == "strict")
    near = sorted(r["ms"] for r in rows if r["kind"] == "nearest")
    return {
        "reports": reports,
        "build_s": build.wall_s,
        "index_s": (build.report.get("timings") or {}).get("search"),
        "peak_rss_mb": build.peak_rss_mb,
        "text_mb": text_bytes / 1e6,
        "index_mb": index_bytes / 1e6,
        "meta_kb": meta_bytes / 1e3,
        "recall": min(r["recall"] for r in rows),
        "precision": min(r["precision"] for r in rows),
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        "nearest_p95_ms": near[min(len(near) - 1, round(0.95 * (len(near) - 1)))] if near else 0.0,
        "strict_max_ms": strict[-1] if strict else 0.0,
        "median_kb_loose": statistics.median(r["bytes"] for r in rows if r["kind"] != "strict") / 1e3,
        "median_kb": statistics.median(r["bytes"] for r in rows) / 1e3,
        "max_kb": max(r["bytes"] for r in rows) / 1e3,
        "queries": rows,
    }


def main(args: argparse.Namespace) -> int:
    chromium = CHROMIUM
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fanli-bench-search-"))
    results = []
    for reports in args.reports:
        print(f"bench-search: {reports:,} reports …", file=sys.stderr, flush=True)
        results.append(measure(reports, workdir / f"reports-{reports}", Path(args.data), chromium))
        if args.workdir is None:
            shutil.rmtree(workdir / f"reports-{reports}", ignore_errors=True)
    print(
        "| reports | recall | precision | p50 ms | p95 ms | nearest p95 ms | median KB/query | max KB/query "
        "| index build s | index MB | text MB | index/text | meta KB | build s | peak RSS MB |"
    )
    print("|" + "---:|" * 15)
    for r in results:
        cells = [
            f"{r['reports']:,}", f"{r['recall']:.0%}", f"{r['precision']:.0%}", f"{r['p50_ms']:.0f}",
            f"{r['p95_ms']:.0f}", f"{r['nearest_p95_ms']:.0f}", f"{r['median_kb']:.0f}", f"{r['max_kb']:.0f}",
            f"{r['index_s'] or 0:.1f}",
            f"{r['index_mb']:.1f}", f"{r['text_mb']:.1f}", f"{r['index_mb'] / r['text_mb']:.2f}",
            f"{r['meta_kb']:.0f}", f"{r['build_s']:.1f}", f"{r['peak_rss_mb']:.0f}",
        ]  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    for r in results:
        same = [q["same_as_more"] for q in r["queries"] if q["same_as_more"] is not None]
        print(f"\nN = {r['reports']:,}: median KB/query without the strict queries {r['median_kb_loose']:.0f}; "
              f"strict (精确匹配标点) max ms {r['strict_max_ms']:.0f}; nearest: the same 20 scores as reading "
              f"200 of 1,000 candidates for {sum(same)} of {len(same)} queries")  # fmt: skip
        print(f"\nN = {r['reports']:,}: " + "; ".join(f"{q['query']} ({q['kind']}) {q['hits']} hits {q['ms']:.0f} ms "
              f"{q['bytes'] / 1e3:.0f} KB" for q in r["queries"]))  # fmt: skip
    return 0
