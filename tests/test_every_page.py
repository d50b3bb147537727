"""Every kind of page in a real browser: nothing leaves the site, nothing fails, nothing executes.

One page of each generated template, plus the hand-written pages, is opened three ways: served
over HTTP, opened from disk (the `.html` variant), and built from a library full of hostile text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from fanli.core.load import load_library
from fanli.site import pages, routes

from browser import PageWatch, serve
from conftest import ROOT, build_site, hostile_project

pytestmark = pytest.mark.browser
HAND_WRITTEN = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))


def one_page_of_each_kind(data_dir: Path) -> list[str]:
    """Source paths: the first generated page of every template, and the hand-written pages."""
    first: dict[str, str] = {}
    for spec in pages.site_pages(load_library(data_dir)):
        first.setdefault(spec.template, spec.src)
    return HAND_WRITTEN + sorted(first.values())


def visit_all(browser, base: str, srcs: list[str], directory_urls: bool) -> dict[str, list[str]]:
    """Open every page; collect console errors, outside requests and dialogs (a sign of executed script)."""
    page = browser.new_page()
    watch = PageWatch(page, base)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems: dict[str, list[str]] = {}
    for src in srcs:
        page.goto(base + routes.page_url(src, directory_urls))
        page.wait_for_load_state("load")
        assert page.locator("h1").count() >= 1, src
        found = watch.errors + watch.outside + dialogs
        if page.evaluate("() => window.__pwned === true"):
            found.append("window.__pwned was set")
        if found:
            problems[src] = list(found)
        watch.errors.clear(), watch.outside.clear(), dialogs.clear()
    page.close()
    return problems


def test_every_page_kind_served_over_http(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        assert visit_all(browser, base, one_page_of_each_kind(ROOT / "data"), True) == {}


def test_every_page_kind_opened_from_disk(browser, tmp_path: Path) -> None:
    site = build_site(ROOT, tmp_path / "site", use_directory_urls=False)
    assert visit_all(browser, site.as_uri() + "/", one_page_of_each_kind(ROOT / "data"), False) == {}


def test_browsing_from_disk_follows_links(browser, tmp_path: Path) -> None:
    site = build_site(ROOT, tmp_path / "site", use_directory_urls=False)
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((site / "index.html").as_uri())
    page.locator(".fanli-overview").get_by_role("link", name="2023年", exact=True).click()
    page.wait_for_url("**/2023/index.html")
    page.locator(".fanli-list a").first.click()
    page.wait_for_url("**/2023/*/*.html")
    entry = page.locator(".fanli-outline a[href^='#s']").first
    target = entry.get_attribute("href")
    entry.click()
    page.wait_for_url(f"**{target}")
    assert page.locator(target).is_visible()
    page.get_by_role("link", name="按主题").first.click()
    page.wait_for_url("**/themes/index.html")
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_hostile_library_renders_inert_on_every_page_kind(browser, tmp_path: Path) -> None:
    project = hostile_project(tmp_path / "project")
    site = build_site(project, tmp_path / "site")
    with serve(site) as base:
        assert visit_all(browser, base, one_page_of_each_kind(project / "data"), True) == {}
        page = browser.new_page()
        page.goto(base + "2023/hostile/hostile-2023-zongjie/")
        content = page.locator(".fanli-document")
        assert content.locator("script, img, b, strong, em, code").count() == 0
        assert "<script>alert(1)</script>" in content.inner_text()
        assert "[链接](javascript:alert(1))" in content.inner_text()
        assert page.title().startswith("<script>alert('t')</script>{{ 7*7 }}**粗体**")
        page.close()


def test_hostile_text_in_search_results_stays_text(browser, tmp_path: Path) -> None:
    site = build_site(hostile_project(tmp_path / "project"), tmp_path / "site")
    with serve(site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for query in ("<script>", "javascript", "{{", "**镇"):
            # strict matching: by default punctuation is ignored and "{{" alone is no query at all
            page.goto(base + "search/?q=" + quote(query) + "&exact=1")
            page.wait_for_selector("#fanli-search[data-state=done]")
            hits = page.locator(".fanli-hit-text")
            assert hits.count() >= 1, query
            assert query in hits.first.inner_text()
            tags = page.evaluate(
                "() => [...document.querySelectorAll('.fanli-hit *')].map(e => e.tagName)"
                ".filter(t => !['MARK', 'A', 'BUTTON', 'DIV', 'P', 'SPAN', 'DETAILS', 'SUMMARY', 'UL', 'LI']"
                ".includes(t))"
            )
            assert tags == [], query
            assert page.locator(".fanli-hit a[href^='javascript']").count() == 0
        assert dialogs == [] and watch.errors == [] and watch.outside == []
        page.close()


def test_copy_button_works_opened_from_disk(browser, tmp_path: Path) -> None:
    site = build_site(ROOT, tmp_path / "site", use_directory_urls=False)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch = PageWatch(page, "file://")
    page.goto((site / "kinds" / "wenti.html").as_uri())
    example = page.locator(".fanli-example").first
    page.wait_for_function("() => document.querySelector('.fanli-example-text').textContent.length > 0")
    example.locator(".fanli-copy").click()
    page.wait_for_function("() => document.querySelector('.fanli-example .fanli-copy').textContent === '已复制'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    first = example.locator(".fanli-example-text p").first.evaluate("e => e.firstChild.textContent")
    assert first[:20] in copied and "¶" not in copied
    assert watch.errors == [] and watch.outside == []
    context.close()
