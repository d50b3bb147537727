"""Search in a real browser: the hook against a substring scan, the page, filters, the URL, copying, titles
and headings, traditional script, punctuation, folded copies, nearest wording, sorting, the phrase block,
the keyboard shortcut, highlighting on arrival, and file://."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from fanli.core.load import load_library
from fanli.core.model import Library
from fanli.site import routes
from fanli.site.search_index import (
    SearchIndex,
    entries,
    in_filters,
    matches,
    normalize,
    ordered_documents,
    query_words,
    read_meta,
)

from browser import PageWatch, clipboard_page, serve
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser
QUERIES = [
    "抓早抓小",
    "警示教育",
    "党风廉政建设",
    "廉政",
    "党",
    "不敢腐、不能腐、不想腐",
    "廉政 教育",
    "ｘｘ",
    "没有的措辞",
    "压力传导不够",
    "黨風廉政建設",
    "抓早抓小防微杜渐",
    "存在问题",
    "述职报告",
    "“四风”",
    "抓早抓小、防微杜渐",
    "一、",
    "小、",
    "，",
    "。”",
    "——",
    "抓早 ，",
    "、 “四风”",
]


def expected(query: str, genre: str | None = None, exact: bool = False) -> list[tuple[str, str]]:
    """(url, text) of every title, heading and paragraph containing the query, in result order, by a
    plain scan."""
    library = load_library(ROOT / "data")
    docs = ordered_documents(library)
    words = query_words(query, exact)
    return [
        (routes.page_url(routes.document(docs[e.doc])) + (f"#{e.anchor}" if e.anchor else ""), e.text)
        for e in entries(library)
        if matches(e.text, words, exact) and (genre is None or docs[e.doc].genre == genre)
    ]


def distinct(found: list[tuple[str, str]]) -> int:
    """How many different wordings (folded as the index folds them) a list of hits holds."""
    return len({normalize(text) for _, text in found})


def wait_done(page) -> None:
    page.wait_for_selector("#fanli-search[data-state=done]")


def test_fanli_search_equals_a_substring_scan(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/")
        for query in QUERIES:
            for exact in (False, True):
                options = {"limit": 10000, "fold": False, "exact": exact}
                result = page.evaluate("([q, o]) => fanliSearch(q, o)", [query, options])
                assert [(h["url"], h["text"]) for h in result["hits"]] == expected(query, exact=exact), query
                assert result["total"] == len(result["hits"])
                assert result["distinct"] == distinct(expected(query, exact=exact))
        paged = page.evaluate("() => fanliSearch('廉政', {offset: 3, limit: 2, fold: false})")
        assert [h["url"] for h in paged["hits"]] == [url for url, _ in expected("廉政")[3:5]]
        assert paged["total"] == len(expected("廉政"))
        hit = paged["hits"][0]
        assert {"title", "unit", "year", "genre", "kind"} <= set(hit) and hit["year"] in (2022, 2023, 2024)
        filtered = page.evaluate("() => fanliSearch('廉政', {filters: {genre: '工作总结'}, limit: 1000, fold: false})")
        assert [h["url"] for h in filtered["hits"]] == [url for url, _ in expected("廉政", "工作总结")]
        assert 0 < filtered["total"] < paged["total"]
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_type_highlight_filter_reload_and_copy(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "years/")
        box = page.locator(".md-header .fanli-header-search input")
        box.fill("廉政")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        wait_done(page)
        total = len(expected("廉政"))
        status = page.locator(".fanli-search-status").inner_text()
        assert f"共 {total} 处" in status and f"{distinct(expected('廉政'))} 种不同表述" in status
        first = page.locator(".fanli-hit").first
        assert first.locator("mark").first.inner_text() == "廉政"
        link = first.locator(".fanli-hit-meta a")
        assert re.search(r"\?hl=%E5%BB%89%E6%94%BF(#|$)", link.get_attribute("href"))

        # typing a new query updates the results and the address
        search = page.locator("#fanli-search input[name=q]")
        search.fill("抓早抓小")
        page.wait_for_function("() => location.search.includes(encodeURIComponent('抓早抓小'))")
        page.wait_for_selector("#fanli-search[data-state=done]")
        assert page.locator(".fanli-hit").count() == distinct(expected("抓早抓小"))
        assert page.locator(".fanli-hit mark").first.inner_text() == "抓早抓小"

        page.locator("#fanli-search select[name=genre]").select_option("工作总结")
        page.wait_for_function("() => location.search.includes('genre=')")
        page.wait_for_selector("#fanli-search[data-state=done]")
        in_genre = distinct(expected("抓早抓小", "工作总结"))
        assert 0 < page.locator(".fanli-hit").count() == in_genre < len(expected("抓早抓小"))
        assert all("工作总结" in m for m in page.locator(".fanli-hit-meta").all_inner_texts())

        page.reload()
        page.wait_for_selector("#fanli-search[data-state=done]")
        assert page.locator("#fanli-search input[name=q]").input_value() == "抓早抓小"
        assert page.locator("#fanli-search select[name=genre]").input_value() == "工作总结"
        assert page.locator(".fanli-hit").count() == in_genre

        hit = page.locator(".fanli-hit").first
        text = hit.locator(".fanli-hit-text").inner_text()
        hit.locator(".fanli-copy").click()
        page.wait_for_function("() => document.querySelector('.fanli-hit .fanli-copy').textContent === '已复制'")
        assert page.evaluate("() => navigator.clipboard.readText()") == text
        assert text in [t for _, t in expected("抓早抓小", "工作总结")]

        link = hit.locator(".fanli-hit-meta a")
        anchor = link.get_attribute("href").rsplit("#", 1)[1]
        link.click()
        page.wait_for_url(re.compile(f"#{anchor}$"))
        assert page.locator(f"#{anchor}").inner_text().startswith(text[:30])
        assert page.locator(f"#{anchor} mark.fanli-landed").all_inner_texts() == ["抓早抓小"]
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_hits_are_text_and_a_long_list_loads_in_pages(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/?q=" + quote("，") + "&exact=1")
        wait_done(page)
        total = distinct(expected("，", exact=True))
        assert total > 40 and page.locator(".fanli-hit").count() < total
        more = page.locator(".fanli-search-more")
        if more.is_visible():  # else the next page is on its way already (the button scrolled into view)
            with contextlib.suppress(PlaywrightTimeout):
                more.click(timeout=5000)
        page.wait_for_function("n => document.querySelectorAll('.fanli-hit').length > n", arg=20)
        tags = page.evaluate(
            "() => [...document.querySelectorAll('.fanli-hit-text *')]"
            ".filter(e => !(e.tagName === 'MARK' || (e.tagName === 'SPAN' && e.className === 'fanli-ph')))"
            ".map(e => e.tagName)"
        )
        assert tags == []
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_search_works_from_disk(browser, tmp_path: Path) -> None:
    site = build_site(ROOT, tmp_path / "site", use_directory_urls=False)
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((site / "search.html").as_uri() + "?q=" + quote("抓早抓小"))
    wait_done(page)
    assert page.locator(".fanli-hit").count() == distinct(expected("抓早抓小"))
    href = page.locator(".fanli-hit-meta a").first.get_attribute("href")
    assert re.match(r"\d{4}/[^/]+/[^/]+\.html\?hl=[^#]+#p\d+$", href)
    features(page)
    page.goto((site / "years.html").as_uri())
    keyboard_shortcut(page)
    page.goto((site / "search.html").as_uri() + "?q=" + quote("抓早抓小"))
    wait_done(page)
    page.locator(".fanli-hit-meta a").first.click()
    page.wait_for_selector("mark.fanli-landed")
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_placeholders_in_hits_are_marked_as_on_report_pages(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/?q=" + quote("共开展督查"))
        page.wait_for_selector("#fanli-search[data-state=done]")
        hit = page.locator(".fanli-hit-text").first
        assert "共开展督查X次" in hit.inner_text()
        assert hit.locator("mark").inner_text() == "共开展督查"
        assert "X" in hit.locator("span.fanli-ph").all_inner_texts()
        assert watch.errors == [] and watch.outside == []
        page.close()


def search_for(page, query: str) -> None:
    box = page.locator("#fanli-search input[name=q]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "q => document.querySelector('#fanli-search').dataset.state === 'done'"
        " && document.querySelector('.fanli-search-status').textContent.includes(q)",
        arg=query.strip(),
    )


def features(page) -> None:
    """Every search feature through the page itself (served or from disk)."""
    # headings and titles, each labelled, linking to its anchor
    search_for(page, "压力传导不够")
    hit = page.locator(".fanli-hit").first
    assert hit.get_attribute("data-type") == "小标题"
    assert "小标题" in hit.locator(".fanli-hit-type").inner_text()
    assert re.search(r"#s\d+(-\d+)*$", hit.locator(".fanli-hit-meta a").get_attribute("href"))
    assert "（二）党风廉政建设压力传导不够" in hit.locator(".fanli-hit-text").inner_text()
    search_for(page, "述职报告")
    assert "标题" in page.locator(".fanli-hit[data-type=标题]").first.inner_text()
    assert "标题、各级小标题和段落" in page.locator(".fanli-search-scope").inner_text()

    # traditional script: the same hits, the text as written, the right characters marked
    search_for(page, "黨風廉政建設")
    found = expected("党风廉政建设")
    status = page.locator(".fanli-search-status").inner_text()
    assert f"共 {len(found)} 处" in status and f"{distinct(found)} 种不同表述" in status
    assert set(page.locator(".fanli-hit mark").all_inner_texts()) == {"党风廉政建设"}

    # punctuation ignored, the mark covering it; the switch makes it strict
    search_for(page, "抓早抓小防微杜渐")
    assert page.locator(".fanli-hit").count() == distinct(expected("抓早抓小防微杜渐")) > 0
    assert page.locator(".fanli-hit mark").first.inner_text() == "抓早抓小、防微杜渐"
    page.locator("#fanli-search input[name=exact]").check()
    page.wait_for_selector(".fanli-near-heading")
    assert "没有标题、小标题或段落包含" in page.locator(".fanli-search-status").inner_text()
    page.locator("#fanli-search input[name=exact]").uncheck()
    wait_done(page)

    # a word of punctuation alone is matched as written even with punctuation ignored (the default)
    search_for(page, "”、")
    found = expected("”、")
    status = page.locator(".fanli-search-status").inner_text()
    assert found and f"共 {len(found)} 处" in status and f"{distinct(found)} 种不同表述" in status
    assert page.locator(".fanli-hit").count() == distinct(found)
    assert set(page.locator(".fanli-hit mark").all_inner_texts()) == {"”、"}

    # identical wording folded, with its sources; unfolded on request; most widespread first
    search_for(page, "存在问题")
    found = expected("存在问题")
    assert page.locator(".fanli-hit").count() == distinct(found) < len(found)
    assert f"共 {len(found)} 处" in page.locator(".fanli-search-status").inner_text()
    page.locator("#fanli-search select[name=sort]").select_option("widespread")
    page.wait_for_function("() => location.search.includes('sort=widespread')")
    wait_done(page)
    first = page.locator(".fanli-hit").first
    assert first.locator(".fanli-hit-text").inner_text() == "存在问题："
    assert "同样的表述共 3 处" in first.locator(".fanli-hit-copies summary").inner_text()
    assert first.locator(".fanli-hit-sources a").count() == 0  # read when the list is opened
    first.locator(".fanli-hit-copies summary").click()
    first.locator(".fanli-hit-sources a").nth(2).wait_for()
    assert first.locator(".fanli-hit-sources a").count() == 3
    page.locator("#fanli-search input[name=all]").check()
    page.wait_for_function("n => document.querySelectorAll('.fanli-hit').length === n", arg=len(found))
    page.locator("#fanli-search input[name=all]").uncheck()
    page.locator("#fanli-search select[name=sort]").select_option("newest")
    wait_done(page)

    # the phrase library block
    search_for(page, "抓早抓小")
    block = page.locator(".fanli-search-phrases")
    assert block.is_visible() and "表述库" in block.inner_text()
    assert all("phrases" in (href or "") for href in block.locator("a").evaluate_all("as => as.map(a => a.href)"))

    # nearest wording when nothing matches exactly
    search_for(page, "加强廉政警示教育")
    page.wait_for_selector(".fanli-near-heading")
    assert "最接近的表述" in page.locator(".fanli-near-heading").inner_text()
    near = page.locator(".fanli-hit-near")
    assert 0 < near.count() <= 20
    texts = near.locator(".fanli-hit-text").all_inner_texts()
    assert "一是加强警示教育。" in texts[:5]
    assert all(hit.locator("mark").count() > 0 for hit in near.all())

    # a filtered search with no hits says which filters are on
    page.locator("#fanli-search select[name=genre]").select_option("工作总结")
    search_for(page, "压力传导不够")
    assert "已启用筛选：文种：工作总结" in page.locator(".fanli-search-status").inner_text()
    page.locator("#fanli-search select[name=genre]").select_option("")
    wait_done(page)


def keyboard_shortcut(page) -> None:
    """`/` and `s` put the cursor in the search box, unless one is typing already."""
    for key in ("/", "s"):
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.name") == "q"
        assert page.evaluate("() => document.activeElement.value") == ""
    page.keyboard.type("s/")  # typed into the box, not captured
    assert page.evaluate("() => document.activeElement.value") == "s/"


def test_search_features(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/")
        page.wait_for_function("() => document.querySelector('#fanli-search').dataset.state !== 'loading'")
        features(page)
        page.goto(base + "years/")
        keyboard_shortcut(page)
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_engine_equals_a_substring_scan_on_a_hostile_index(browser, tmp_path: Path) -> None:
    """The engine alone, from disk, on the hostile library's index, loose and strict. 防微抓早 then
    重重重重防微: 防微 of the next item sits where 抓早防微 would need it (a binary search that looked
    past the item's own positions found it)."""
    from test_search_index import QUERIES as INDEX_QUERIES
    from test_search_index import hostile_library, scan

    from fanli.site.search_index import build_search_index

    library = hostile_library(("防微抓早", "重重重重防微", "抓早，防微", "抓早 防微"))
    page_file = engine_page(tmp_path, build_search_index(library).files)
    page = browser.new_page()
    page.goto(page_file.as_uri())
    texts = [e.text for e in entries(library)]
    queries = [*INDEX_QUERIES, "抓早防微", "早防", "抓早，防微", "早，", "，防", "抓早防", "abc", "“引号”！", "会抓"]
    for query in queries:
        for exact in (False, True):
            found = page.evaluate("([q, exact]) => fanliSearch.ids(q, {exact})", [query, exact])
            assert found == scan(library, query, exact, texts), (query, exact)
    page.close()


def test_a_folded_page_reads_only_the_blocks_it_shows(browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening the page loads meta.js alone; a folded search without filters counts from the postings
    and reads the blocks (m/N.js) of the hits and sources it shows, and shows what the search over
    every occurrence (all blocks, here through a filter that keeps every year) shows."""
    from fanli.dev.synth import write_project
    from fanli.site import search_index

    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 7)
    write_project(tmp_path / "synth", reports=60, data_dir=ROOT / "data")
    library = load_library(tmp_path / "synth" / "data")
    index = search_index.build_search_index(library)
    page_file = engine_page(tmp_path, index.files)
    block_of = [e.doc // 7 for e in entries(library)]
    years = sorted({d.year for d in library.documents})
    opened, every = browser.new_page(), browser.new_page()
    opened.goto(page_file.as_uri())
    every.goto(page_file.as_uri())
    assert opened.evaluate("() => fanliSearch.ready().then(() => fanliSearch.fetched)") == ["meta.js"]
    folded_copies = False
    for query in ["建设", "党", "抓早抓小", "不敢腐不能腐不想腐", "黨風廉政建設", "没有的措辞"]:
        for sort in ("newest", "widespread"):
            before = opened.evaluate("() => fanliSearch.fetched.length")
            shown = opened.evaluate("([q, sort]) => fanliSearch(q, {sort})", [query, sort])
            loaded = opened.evaluate("n => fanliSearch.fetched.slice(n)", before)
            wanted = {
                f"m/{block_of[item]}.js"
                for hit in shown["hits"]
                for item in [hit["id"]] + [s["id"] for s in hit["sources"]]
            }
            assert {name for name in loaded if name.startswith("m/")} <= wanted, query
            assert wanted <= set(opened.evaluate("() => fanliSearch.fetched")), query
            reference = every.evaluate(
                "([q, sort, years]) => fanliSearch(q, {sort, filters: {year: years}})", [query, sort, years]
            )
            assert shown["total"] > 0 or query == "没有的措辞"
            for key in ("total", "distinct", "groups"):
                assert shown[key] == reference[key], (query, key)
            summary = [
                [(h["id"], h["count"], [s["id"] for s in h["sources"]]) for h in r["hits"]] for r in (shown, reference)
            ]
            assert summary[0] == summary[1], (query, sort)
            folded_copies = folded_copies or any(len(h["sources"]) > 1 for h in shown["hits"])
    assert folded_copies  # the hits shown listed copies from other blocks
    opened.close()
    # a filter on the year alone reads blocks of that year only (reports are in year order)
    docs = ordered_documents(library)
    for year in years:
        for query in ["建设", "抓早抓小", "不敢腐不能腐不想腐"]:
            fresh = browser.new_page()
            fresh.goto(page_file.as_uri())
            options = {"filters": {"year": year}, "fold": False, "limit": 100000}
            found = fresh.evaluate("([q, o]) => fanliSearch(q, o).then(r => r.hits.map(h => h.id))", [query, options])
            words = query_words(query)
            truth = [n for n, e in enumerate(entries(library)) if docs[e.doc].year == year and matches(e.text, words)]
            assert found == truth, (query, year)
            blocks = {f"m/{block_of[n]}.js" for n, e in enumerate(entries(library)) if docs[e.doc].year == year}
            read = {name for name in fresh.evaluate("() => fanliSearch.fetched") if name.startswith("m/")}
            assert {f"m/{block_of[n]}.js" for n in truth} <= read <= blocks
            fresh.close()
    every.close()


def test_filters_strict_and_every_occurrence_read_only_the_blocks_they_show(
    browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filters on any axes (with the year or not, several values on each), 精确匹配标点 and 显示每一处
    count from the postings and the group files (g/NAME/N.js) and read the metadata blocks of the hits
    and sources they show (an unfolded page: the blocks up to its last hit), not every block; their
    ids, counts and distinct wordings equal a scan of the data."""
    from fanli.dev.synth import write_project
    from fanli.site import search_index

    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 7)
    write_project(tmp_path / "synth", reports=60, data_dir=ROOT / "data")
    library = load_library(tmp_path / "synth" / "data")
    index = search_index.build_search_index(library)
    page_file = engine_page(tmp_path, index.files)
    items = entries(library)
    block_of = [e.doc // 7 for e in items]
    meta = search_index.read_meta(index)
    axes = meta["axes"]
    newest = axes["year"][0]
    cases = [
        ({"theme": axes["theme"][0]}, False),
        ({"genre": axes["genre"][0]}, False),
        ({"level": axes["level"][1]}, False),
        ({"kind": axes["kind"][0]}, False),
        ({"year": newest, "theme": axes["theme"][1]}, False),
        ({"year": axes["year"][-1], "kind": axes["kind"][1]}, True),
        ({"genre": [axes["genre"][0], axes["genre"][1]]}, False),
        ({}, True),
        # what the "cell" rows count (two axes besides the year, several themes), and "kinds" (several kinds)
        ({"theme": axes["theme"][0], "genre": axes["genre"][0]}, False),
        ({"level": axes["level"][1], "kind": axes["kind"][0]}, False),
        ({"kind": axes["kind"][:2]}, False),
        ({"theme": axes["theme"][:2]}, False),
        ({"theme": axes["theme"][:2], "level": axes["level"][:2]}, True),
        ({"year": newest, "theme": axes["theme"][0], "genre": axes["genre"][:2]}, True),
    ]
    check = browser.new_page()
    check.goto(page_file.as_uri())
    fewer = 0
    for filters, exact in cases:
        docs = ordered_documents(library)
        passing = [in_filters(e, docs[e.doc], filters) for e in items]
        for query in ["建设", "抓早抓小", "不敢腐、不能腐、不想腐", "“四风”", "抓早抓小、防微杜渐", "党 监督"]:
            truth = [n for n in scan_items(library, query, exact) if passing[n]]
            ids = check.evaluate("([q, o]) => fanliSearch.ids(q, o)", [query, {"exact": exact, "filters": filters}])
            assert ids == truth, (query, filters, exact)
            for fold in (True, False):
                page = browser.new_page()
                page.goto(page_file.as_uri())
                options = {"exact": exact, "filters": filters, "fold": fold, "limit": 20}
                shown = page.evaluate("([q, o]) => fanliSearch(q, o)", [query, options])
                assert shown["total"] == len(truth), (query, filters, exact)
                assert shown["distinct"] == len({normalize(items[n].text) for n in truth}), (query, filters)
                fetched = page.evaluate("() => fanliSearch.fetched")
                read = {name for name in fetched if name.startswith("m/")}
                # "cell" rows: only the slices of the named values, one way (by place or by kind)
                slices = {name.split("/")[1] for name in fetched if name.startswith("g/cell")}
                picked = search_index.wanted_values(meta, filters)
                ways = search_index.cell_slice_choices(meta, picked)
                assert not slices or any(slices <= set(names) for names in ways.values()), (query, filters, slices)
                assert bool(slices) == (search_index.group_set(picked) == "cell"), (query, filters, slices)
                # several kinds alone: rows by year and kinds ("kinds")
                kinds = any(name.startswith("g/kinds/") for name in fetched)
                assert kinds == (search_index.group_set(picked) == "kinds"), (query, filters)
                hits = [h["id"] for h in shown["hits"]]
                if fold:
                    assert hits == sorted(hits) and set(hits) <= set(truth)
                    wanted = {
                        f"m/{block_of[n]}.js"
                        for h in shown["hits"]
                        for n in [h["id"]] + [s["id"] for s in h["sources"]]
                    }
                    assert read <= wanted, (query, filters, exact)
                    assert all(s["id"] in truth for h in shown["hits"] for s in h["sources"])
                    # as the page asks (the sources read when their list is opened): the hits' blocks only
                    page.goto(page_file.as_uri())
                    shown = page.evaluate("([q, o]) => fanliSearch(q, o)", [query, {**options, "sources": False}])
                    read = {name for name in page.evaluate("() => fanliSearch.fetched") if name.startswith("m/")}
                    assert read <= {f"m/{block_of[h['id']]}.js" for h in shown["hits"]}, (query, filters, exact)
                    assert all(s in truth for h in shown["hits"] for s in h["sourceIds"])
                else:
                    assert hits == truth[:20], (query, filters, exact)
                    last = block_of[hits[-1]] if hits else -1
                    assert read <= {f"m/{n}.js" for n in range(last + 1)}, (query, filters, exact)
                fewer += len(read) < 9
                page.close()
    assert fewer > len(cases) * 6  # most pages read fewer than every block (60 reports: 9 blocks)
    check.close()
    # nearest wording under a filter: wordings with an occurrence that passes, from the group files
    # (it read every block), and the blocks of the candidates whose text is read
    docs = ordered_documents(library)
    canonical: dict[str, int] = {}
    first = [canonical.setdefault(normalize(e.text), n) for n, e in enumerate(items)]
    for filters in (
        {"theme": axes["theme"][0]},
        {"year": newest, "kind": axes["kind"][0]},
        {"theme": axes["theme"][0], "genre": axes["genre"][:2]},
    ):
        page = browser.new_page()
        page.goto(page_file.as_uri())
        near = page.evaluate("([q, f]) => fanliSearch.nearest(q, {filters: f})", ["加强廉政警示教育", filters])
        passing = {first[n] for n, e in enumerate(items) if in_filters(e, docs[e.doc], filters)}
        assert near["hits"] and all(h["id"] in passing for h in near["hits"]), filters
        read = {name for name in page.evaluate("() => fanliSearch.fetched") if name.startswith("m/")}
        assert len(read) < 9, filters  # not every block (the 40 candidates read, of 9 blocks)
        page.close()


def test_words_of_punctuation_alone_read_only_what_they_show(
    browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word of punctuation alone (matched as written in either matching), alone or with another word,
    folded or not, without a filter, with a year or with one axis: ids, 共 N 处 and M 种不同表述 equal a
    scan of the strict text, counted from the postings (and the group files of a filter), and the page
    reads the text files and metadata blocks of the hits it shows only (an unfolded page: the blocks up
    to its last hit); the engine before read the text of every candidate, and every block."""
    library, index, page_file = synthetic_engine_page(tmp_path, monkeypatch)
    items = entries(library)
    block_of = [e.doc // 7 for e in items]
    axes = read_meta(index)["axes"]
    docs = ordered_documents(library)
    cases = [
        {},
        {"year": axes["year"][0]},
        {"theme": axes["theme"][0]},
        {"year": axes["year"][-1], "kind": axes["kind"][1]},
    ]
    check = browser.new_page()
    check.goto(page_file.as_uri())
    for filters in cases:
        passing = [in_filters(e, docs[e.doc], filters) for e in items]
        for query in ["，", "”。", "”、“", "“", "廉政 ，", "、 “四风”", "¶"]:
            for exact in (False, True):
                truth = [n for n in scan_items(library, query, exact) if passing[n]]
                assert truth or query == "¶" or filters, query
                options = {"exact": exact, "filters": filters}
                assert check.evaluate("([q, o]) => fanliSearch.ids(q, o)", [query, options]) == truth, (query, options)
                for fold in (True, False):
                    page = browser.new_page()
                    page.goto(page_file.as_uri())
                    asked = {**options, "fold": fold, "limit": 20, "sources": False}
                    shown = page.evaluate("([q, o]) => fanliSearch(q, o)", [query, asked])
                    assert shown["total"] == len(truth), (query, asked)
                    assert shown["distinct"] == len({normalize(items[n].text) for n in truth}), (query, asked)
                    fetched = page.evaluate("() => fanliSearch.fetched")
                    blocks = {name for name in fetched if name.startswith("m/")}
                    texts = {name for name in fetched if name.startswith("t/")}
                    hits = [h["id"] for h in shown["hits"]]
                    assert texts == {f"t/{items[n].doc}.js" for n in hits}, (query, asked)
                    if fold:
                        assert hits == sorted(hits) and set(hits) <= set(truth), (query, asked)
                        assert len(hits) == min(20, shown["distinct"])
                        assert blocks == {f"m/{block_of[n]}.js" for n in hits}, (query, asked)
                        assert all(s in truth for h in shown["hits"] for s in h["sourceIds"])
                    else:
                        assert hits == truth[:20], (query, asked)
                        last = block_of[hits[-1]] if hits else -1
                        assert blocks <= {f"m/{n}.js" for n in range(last + 1)}, (query, asked)
                    page.close()
    check.close()


def synthetic_engine_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Library, SearchIndex, Path]:
    """60 synthetic reports indexed in blocks of 7 (copies across blocks), and the engine alone on a page
    opened from disk over that index."""
    from fanli.dev.synth import write_project
    from fanli.site import search_index

    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 7)
    write_project(tmp_path / "synth", reports=60, data_dir=ROOT / "data")
    library = load_library(tmp_path / "synth" / "data")
    index = search_index.build_search_index(library)
    return library, index, engine_page(tmp_path, index.files)


def scan_items(library: Library, query: str, exact: bool) -> list[int]:
    words = query_words(query, exact)
    return [n for n, e in enumerate(entries(library)) if matches(e.text, words, exact)]


def engine_page(folder: Path, files: dict[str, bytes]) -> Path:
    """The engine alone on a page opened from disk, over the given index files."""
    from fanli.site.search_index import INDEX_DIR

    for name, content in files.items():
        (folder / INDEX_DIR / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / INDEX_DIR / name).write_bytes(content)
    engine = ROOT / "plugins" / "fanli" / "render" / "assets" / "search" / "engine.js"
    (folder / "engine.js").write_bytes(engine.read_bytes())
    page_file = folder / "index.html"
    page_file.write_text(
        f'<!doctype html><meta charset="utf-8"><div id="fanli-search" data-index="{INDEX_DIR}/"></div>'
        '<script src="engine.js"></script>',
        encoding="utf-8",
    )
    return page_file
