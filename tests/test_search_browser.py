"""Search in a real browser: the hook against a substring scan, the page, filters, the URL, copying, file://."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from fanli.core.load import load_library
from fanli.site import routes
from fanli.site.search_index import entries, matches, ordered_documents, query_words

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
]


def expected(query: str, genre: str | None = None) -> list[tuple[str, str]]:
    """(url, text) of every paragraph containing the query, in result order, by a plain scan."""
    library = load_library(ROOT / "data")
    docs = ordered_documents(library)
    words = query_words(query)
    return [
        (routes.page_url(routes.document(docs[e.doc])) + "#" + e.paragraph.anchor, e.paragraph.text)
        for e in entries(library)
        if matches(e.paragraph.text, words) and (genre is None or docs[e.doc].genre == genre)
    ]


def test_fanli_search_equals_a_substring_scan(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/")
        for query in QUERIES:
            result = page.evaluate("q => fanliSearch(q, {limit: 10000})", query)
            assert [(h["url"], h["text"]) for h in result["hits"]] == expected(query), query
            assert result["total"] == len(result["hits"])
        paged = page.evaluate("() => fanliSearch('廉政', {offset: 3, limit: 2})")
        assert [h["url"] for h in paged["hits"]] == [url for url, _ in expected("廉政")[3:5]]
        assert paged["total"] == len(expected("廉政"))
        hit = paged["hits"][0]
        assert {"title", "unit", "year", "genre", "kind"} <= set(hit) and hit["year"] in (2022, 2023, 2024)
        filtered = page.evaluate("() => fanliSearch('廉政', {filters: {genre: '工作总结'}, limit: 1000})")
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
        page.wait_for_selector("#fanli-search[data-state=done]")
        total = len(expected("廉政"))
        assert f"共 {total} 段" in page.locator(".fanli-search-status").inner_text()
        first = page.locator(".fanli-hit").first
        assert first.locator("mark").first.inner_text() == "廉政"
        link = first.locator(".fanli-hit-meta a")
        assert re.search(r"#p\d+$", link.get_attribute("href"))

        # typing a new query updates the results and the address
        search = page.locator("#fanli-search input[name=q]")
        search.fill("抓早抓小")
        page.wait_for_function("() => location.search.includes(encodeURIComponent('抓早抓小'))")
        page.wait_for_selector("#fanli-search[data-state=done]")
        assert page.locator(".fanli-hit").count() == len(expected("抓早抓小"))
        assert page.locator(".fanli-hit mark").first.inner_text() == "抓早抓小"

        page.locator("#fanli-search select[name=genre]").select_option("工作总结")
        page.wait_for_function("() => location.search.includes('genre=')")
        page.wait_for_selector("#fanli-search[data-state=done]")
        in_genre = len(expected("抓早抓小", "工作总结"))
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
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_hits_are_text_and_a_long_list_loads_in_pages(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/?q=" + quote("，"))
        page.wait_for_selector("#fanli-search[data-state=done]")
        total = len(expected("，"))
        assert total > 40 and page.locator(".fanli-hit").count() < total
        page.locator(".fanli-search-more").click()
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
    page.wait_for_selector("#fanli-search[data-state=done]")
    assert page.locator(".fanli-hit").count() == len(expected("抓早抓小"))
    href = page.locator(".fanli-hit-meta a").first.get_attribute("href")
    assert re.match(r"\d{4}/[^/]+/[^/]+\.html#p\d+$", href)
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
