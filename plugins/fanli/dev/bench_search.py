"""`fanli bench-search`: exact-wording search on synthetic libraries, in headless Chromium.

For each size: synthesise, build (in a child process, as `fanli bench` does), serve the site on
localhost, open the search page once (counting the bytes of the index files opening it loads),
then for every query time `fanliSearch` (first page of hits), count the bytes of the index files it
loaded (metadata blocks m/N.js included; files loaded by an earlier query of the same page are not
counted again), count them again on a freshly opened page (opening included), and compare every id
it matches with a plain substring scan of the data (recall and precision), on a third page so that
the ids, which need every block, load nothing for the measured pages.
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
from fanli.site.search_index import INDEX_DIR, entries, in_filters, matches, ordered_documents, query_words

# (query, kind): common words, traditional script, wording without its punctuation, wording with
# no exact hit, for which the page shows the nearest wording (timed as `nearest`), and wording
# searched with 精确匹配标点 on (`strict`: the page checks the candidates' text, so it reads more).
# kinds that needed every occurrence (until the group files g/AXIS/N.js: the metadata of every block)
LOAD_EVERY_BLOCK = ("strict", "filtered", "show-all", "marks")
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
    ("廉政", "filtered"),
    ("抓早抓小", "filtered"),
    ("建设", "filtered"),
    ("廉政", "filtered"),
    ("警示教育", "filtered"),
    ("主体责任", "filtered"),
    ("党风廉政建设", "filtered"),
    ("监督", "filtered"),
    ("抓早抓小、防微杜渐", "filtered"),
    ("建设", "show-all"),
    ("抓早抓小", "show-all"),
    ("村集体经济", "show-all"),
    ("党风廉政建设", "widespread"),
    # filters on two axes besides the year, several kinds or themes (the "cell" rows, read by slice:
    # g/cell-GENRE-LEVEL/N.js or g/cell-KIND/N.js; several kinds alone: g/kinds/N.js); the last two
    # added 2026-12-05: a theme and a kind (by kind), several themes alone (every place slice)
    ("廉政", "filtered"),
    ("建设", "filtered"),
    ("党", "filtered"),
    ("不敢腐、不能腐、不想腐", "filtered"),
    ("廉政", "filtered"),
    ("党", "filtered"),
    # words of punctuation alone (`marks`, matched as written; until 2026-12-05 the text of every
    # candidate was read, and every block): folded, then unfolded, with the newest year, with a theme
    ("，", "marks"),
    ("——", "marks"),
    ("。”", "marks"),
    ("……", "marks"),
    ("”、“", "marks"),
    ("》《", "marks"),
    ("、 “四风”", "marks"),
    ("，", "marks show-all"),
    ("”、“", "marks show-all"),
    ("，", "marks year"),
    ("”、“", "marks theme"),
    ("——", "marks theme"),
    ("”、“", "marks theme genre"),  # and on two axes (the "cell" group set)
]
# The filters of the `filtered` queries, in order (`filters_of`): the newest year; the first theme,
# genre, level and kind of the taxonomy; the newest year with the second theme; the oldest year with
# the first kind; strict (a query with punctuation) with the first theme.
FILTERS = [
    ("year",),
    ("year",),
    ("theme",),
    ("genre",),
    ("level",),
    ("kind",),
    ("year", "theme"),
    ("oldest", "kind"),
    ("theme",),
    ("theme", "genre"),
    ("kind×2",),
    ("theme×2", "level"),
    ("year", "genre", "kind"),
    ("theme", "kind"),
    ("theme×2",),
]
TIMED = "([q, o]) => { const t = performance.now(); return CALL.then(() => performance.now() - t) }"
OPENED_FILES = "() => fanliSearch.ready().then(() => fanliSearch.fetched.slice())"


def measure(reports: int, project: Path, data_dir: Path, chromium: str) -> dict:
    write_project(project, reports=reports, data_dir=data_dir)
    build = run_child(BUILD_SCRIPT, [str(project / "mkdocs.yml")], project / "build.log")
    site = Path(build.report["site_dir"])
    index_dir = site / INDEX_DIR
    index_bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    library = load_library(project / "data")
    items = entries(library)
    docs = ordered_documents(library)
    text_bytes = sum(len(e.text.encode()) for e in items)

    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page, check = browser.new_page(), browser.new_page()

        def opened(tab) -> int:
            """Opens the search page in `tab`: the bytes of the index files that loads."""
            tab.goto(f"{base}search/")
            return sum((index_dir / name).stat().st_size for name in tab.evaluate(OPENED_FILES))

        open_bytes = opened(page)
        opened(check)
        for query, kind, filters, exact, fold in asked(library):
            call = TIMED.replace("CALL", "fanliSearch.nearest(q, o)" if kind == "nearest" else "fanliSearch(q, o)")
            # as the page asks: a folded hit's sources are read when its list is opened (`sources: false`)
            options = {"limit": 20, "exact": exact, "filters": filters, "fold": fold, "sources": False}
            if kind == "widespread":
                options["sort"] = "widespread"
            before = page.evaluate("() => fanliSearch.fetched.length")
            ms = page.evaluate(call, [query, options])
            loaded = page.evaluate("n => fanliSearch.fetched.slice(n)", before)
            fetched = sum((index_dir / name).stat().st_size for name in loaded)
            fresh = browser.new_page()
            opened(fresh)
            fresh.evaluate(call, [query, options])
            fresh_bytes = sum((index_dir / name).stat().st_size for name in fresh.evaluate("() => fanliSearch.fetched"))
            fresh.close()
            found = set(
                check.evaluate("([q, exact, filters]) => fanliSearch.ids(q, {exact, filters})", [query, exact, filters])
            )
            words = query_words(query, exact)
            truth = {
                n for n, e in enumerate(items) if matches(e.text, words, exact) and in_filters(e, docs[e.doc], filters)
            }
            result = page.evaluate("([q, o]) => fanliSearch(q, o).then(r => r.total)", [query, options])
            right = len(found & truth) if kind == "nearest" or result == len(truth) else -1  # counts too
            same_as_more = None
            if kind == "nearest":  # the 20 shown are those found reading the text of 5× as many candidates
                scores = "(q, o) => fanliSearch.nearest(q, o).then(r => r.hits.map(h => h.score))"
                same_as_more = check.evaluate(f"([q]) => ({scores})(q, {{}})", [query]) == check.evaluate(
                    f"([q]) => ({scores})(q, {{ranked: 1000, read: 200}})", [query]
                )
            rows.append(
                {
                    "query": query,
                    "kind": kind + (" " + "+".join(f"{a}={shown(v)}" for a, v in filters.items()) if filters else ""),
                    "hits": len(truth),
                    "ms": ms,
                    "bytes": fetched,
                    "fresh_bytes": fresh_bytes,
                    "recall": right / len(truth) if truth else 1.0,
                    "precision": right / len(found) if found else 1.0,
                    "same_as_more": same_as_more,
                }
            )
        browser.close()
    ms = sorted(r["ms"] for r in rows if r["kind"] != "nearest")
    strict = sorted(r["ms"] for r in rows if r["kind"] == "strict")
    near = sorted(r["ms"] for r in rows if r["kind"] == "nearest")
    every = [r["bytes"] for r in rows if r["kind"].split(" ")[0] in LOAD_EVERY_BLOCK]
    return {
        "reports": reports,
        "build_s": build.wall_s,
        "index_s": (build.report.get("timings") or {}).get("search"),
        "peak_rss_mb": build.peak_rss_mb,
        "text_mb": text_bytes / 1e6,
        "index_mb": index_bytes / 1e6,
        "open_kb": open_bytes / 1e3,
        "recall": min(r["recall"] for r in rows),
        "precision": min(r["precision"] for r in rows),
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        "nearest_p95_ms": near[min(len(near) - 1, round(0.95 * (len(near) - 1)))] if near else 0.0,
        "strict_max_ms": strict[-1] if strict else 0.0,
        "median_kb_loose": statistics.median(
            r["bytes"] for r in rows if r["kind"].split(" ")[0] not in LOAD_EVERY_BLOCK
        )
        / 1e3,
        "every_max_kb": max(every) / 1e3,
        "median_kb": statistics.median(r["bytes"] for r in rows) / 1e3,
        "max_kb": max(r["bytes"] for r in rows) / 1e3,
        "fresh_median_kb": statistics.median(r["fresh_bytes"] for r in rows) / 1e3,
        "fresh_max_kb": max(r["fresh_bytes"] for r in rows) / 1e3,
        "queries": rows,
    }


def asked(library) -> list[tuple[str, str, dict, bool, bool]]:
    """QUERIES as the page asks them: (query, kind, filters, exact, fold). A `filtered` query takes the
    next filter of FILTERS; `marks AXIS …` its axes; strict wording (and a filtered one with 、) is
    matched with its punctuation; 显示每一处 (`show-all`) lists every occurrence (fold off)."""
    filter_list = iter(FILTERS)
    out = []
    for query, kind in QUERIES:
        marks = kind.split()[1:] if kind.startswith("marks") else []  # `marks show-all`, `marks year` …
        picked = tuple(a for a in marks if a != "show-all")
        filters = filters_of(next(filter_list), library) if kind == "filtered" else filters_of(picked, library)
        exact = kind == "strict" or (kind == "filtered" and "、" in query)
        fold = kind != "show-all" and "show-all" not in marks
        out.append((query, kind, filters, exact, fold))
    return out


def shown(value: object) -> str:
    """A filter's value as the benchmark prints it (several: joined by |)."""
    return "|".join(map(str, value)) if isinstance(value, list) else str(value)


def filters_of(axes: tuple[str, ...], library) -> dict:
    """A filter of the benchmark (`FILTERS`): "year" the newest, "oldest" the oldest year, an axis its
    first value in the taxonomy (the second theme when with the year alone), "AXIS×2" its first two."""
    tax = library.taxonomy
    first = {"genre": tax.genres, "level": tax.levels, "kind": tax.kinds, "theme": tax.themes}
    out: dict = {}
    for axis in axes:
        if axis in ("year", "oldest"):
            out["year"] = (max if axis == "year" else min)(d.year for d in library.documents)
        elif axis.endswith("×2"):
            out[axis[:-2]] = [c.name for c in first[axis[:-2]][:2]]
        else:
            out[axis] = first[axis][1 if axis == "theme" and axes == ("year", "theme") else 0].name
    return out


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
        "| index build s | index MB | text MB | index/text | KB on open | build s | peak RSS MB |"
    )
    print("|" + "---:|" * 15)
    for r in results:
        cells = [
            f"{r['reports']:,}", f"{r['recall']:.0%}", f"{r['precision']:.0%}", f"{r['p50_ms']:.0f}",
            f"{r['p95_ms']:.0f}", f"{r['nearest_p95_ms']:.0f}", f"{r['median_kb']:.0f}", f"{r['max_kb']:.0f}",
            f"{r['index_s'] or 0:.1f}",
            f"{r['index_mb']:.1f}", f"{r['text_mb']:.1f}", f"{r['index_mb'] / r['text_mb']:.2f}",
            f"{r['open_kb']:.0f}", f"{r['build_s']:.1f}", f"{r['peak_rss_mb']:.0f}",
        ]  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    for r in results:
        same = [q["same_as_more"] for q in r["queries"] if q["same_as_more"] is not None]
        print(f"\nN = {r['reports']:,}: on a fresh page (opening included) median KB {r['fresh_median_kb']:.0f}, "
              f"max {r['fresh_max_kb']:.0f}; median KB/query without the strict and filtered queries "
              f"{r['median_kb_loose']:.0f}; "
              f"strict (精确匹配标点) max ms {r['strict_max_ms']:.0f}; nearest: the same 20 scores as reading "
              f"200 of 1,000 candidates for {sum(same)} of {len(same)} queries")  # fmt: skip
        print(f"\nN = {r['reports']:,}: " + "; ".join(f"{q['query']} ({q['kind']}) {q['hits']} hits {q['ms']:.0f} ms "
              f"{q['bytes'] / 1e3:.0f} KB ({q['fresh_bytes'] / 1e3:.0f} KB fresh)" for q in r["queries"]))  # fmt: skip
    return 0
