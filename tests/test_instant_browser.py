"""Instant navigation (Material's navigation.instant) in a real browser.

Served, with `site_url` naming the address readers use (here a sub-path, under the strict
Content-Security-Policy of docs/deploy.md), a link replaces the page's content without reloading, and
every page script works on the page it brings as after a full load, once (adding one passage adds
one). From disk, and served without `site_url`, every link loads its page in full and works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fanli.dev.csp import policy

from browser import PageWatch, clipboard_page, serve
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser

SUMMARY = "2023/xx-wei-3438/xx-wei-3438-2023-zongjie"  # a report of the sample library
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample library served under /site/, built with that address as its site_url; its base URL."""
    folder = tmp_path_factory.mktemp("instant")
    headers: dict[str, str] = {}
    with serve(folder, headers) as base:
        site = build_site(ROOT, folder / "site", site_url=base + "site/")
        headers["Content-Security-Policy"] = policy(site)  # the server reads its headers at each answer
        yield base + "site/"


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("disk") / "site", use_directory_urls=False)


def _start(browser, base: str):
    context, page, watch = clipboard_page(browser, base)
    context.set_default_timeout(10_000)
    page.add_init_script(RECORD_VIOLATIONS)
    return context, page, watch


def _open(page, address: str) -> None:
    """Load a page in full; Material changes pages instantly once it has read the sitemap (a link
    followed before then is loaded in full)."""
    page.goto(address)
    page.wait_for_load_state("networkidle")


def _follow(page, link) -> None:
    """Click `link`; the page it leads to must come by an instant page change: the window is the same
    (nothing reloaded), and the new content is in place with its page scripts set up (common.js)."""
    _changes(page, lambda: link.click())


def _changes(page, action) -> None:
    """Do `action`, which must bring another page by an instant page change, set up."""
    page.evaluate(
        "() => { window.__kept = true; document.querySelector('[data-md-component=container]').dataset.old = '1'; }"
    )
    action()
    page.wait_for_function(
        "() => { const c = document.querySelector('[data-md-component=container]');"
        " return !c.dataset.old && c.hasAttribute('data-fanli-ready'); }"
    )
    assert page.evaluate("() => window.__kept === true"), "the page was loaded in full"


def _follow_to(page, href: str) -> None:
    """Follow a link to `href` (relative to the page shown), put into the page as a link a reader clicks."""
    page.evaluate(
        """href => {
          const a = document.createElement("a");
          a.href = href; a.id = "fanli-test-link"; a.textContent = "→";
          document.querySelector("article").append(a);
        }""",
        href,
    )
    _follow(page, page.locator("#fanli-test-link"))


def _loaded_in_full(page, link) -> None:
    page.evaluate("() => { window.__kept = true; }")
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__kept") is None, "the link did not load its page"


def _basket_items(page) -> int:
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('fanli-basket') || 'null')")
    return len([e for e in (stored or {"entries": []})["entries"] if e["type"] == "item"])


def _tools_once(page) -> None:
    """Each paragraph of the report shown has its copy and basket buttons once."""
    page.wait_for_selector(".fanli-text p[id] .fanli-tools")
    counts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.fanli-text p[id]'), p =>
          [p.querySelectorAll('.fanli-copy').length, p.querySelectorAll('.fanli-basket-add').length])"""
    )
    assert counts and set(map(tuple, counts)) == {(1, 1)}, counts
    assert page.locator(".fanli-outline .fanli-basket-outline").count() == 1  # its outline's 用作提纲


def _examples_once(page) -> None:
    """The section examples of the page shown are filled in, each with one pick box, copy and basket button."""
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    counts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.fanli-example header'), h =>
          [h.querySelectorAll('.fanli-pick').length, h.querySelectorAll('.fanli-copy').length,
           h.querySelectorAll('.fanli-basket-add').length])"""
    )
    assert counts and set(map(tuple, counts)) == {(1, 1, 1)}, counts
    assert page.locator(".fanli-example-text p").count() > 0


def test_instant_navigation_between_every_kind_of_page(browser, instant_site: str) -> None:
    base = instant_site
    context, page, watch = _start(browser, base)
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    _open(page, base)
    assert "navigation.instant" in page.evaluate("() => JSON.parse(__config.textContent).features")

    # list pages to a report: its tools once, one passage added adds one, its copy button copies
    _follow(page, page.locator(".md-nav__link", has_text="按年份").first)
    assert page.url == base + "years/"
    _follow(page, page.locator("article a[href$='/2023/']").first)
    _follow(page, page.locator(f"article a[href$='{SUMMARY}/']").first)
    _tools_once(page)
    first = page.locator(".fanli-text p[id]").first
    first.locator(".fanli-basket-add").click()
    assert page.locator(".fanli-basket-count").inner_text() == "1" and _basket_items(page) == 1
    first.locator(".fanli-copy").click()
    page.wait_for_function("() => document.querySelector('.fanli-text p[id] .fanli-copy').textContent === '已复制'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied and "¶" not in copied and copied in first.inner_text()
    # one Word file for one click on the report's download button
    with page.expect_download() as report:
        page.click(".fanli-report-word")
    assert report.value.suggested_filename.endswith(".docx")
    page.wait_for_timeout(500)
    assert len(downloads) == 1
    # the table of contents (Material's, mounted again) follows the page
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() > 1

    # section examples: filled in, filters and picks work, once each (after a second kind page too)
    _follow(page, page.locator(".md-nav__link", has_text="段落范例").first)
    _follow(page, page.locator("article a[href$='kinds/wenti/']").first)
    _examples_once(page)
    _follow(page, page.locator(".md-nav__link", has_text="段落范例").first)
    _follow(page, page.locator("article a[href$='kinds/chengxiao/']").first)
    _examples_once(page)
    page.locator(".fanli-pick").first.check()
    page.locator(".fanli-pick").nth(1).check()
    assert page.locator(".fanli-picked").inner_text() == "2"
    total = page.locator(".fanli-example").count()
    genre = page.locator("form.fanli-filter select[name=genre] option").nth(1).get_attribute("value")
    page.select_option("form.fanli-filter select[name=genre]", genre)
    assert "条符合" in page.locator(".fanli-filter-status").inner_text()
    assert page.locator(".fanli-example:visible").count() < total
    page.locator(".fanli-example:visible .fanli-basket-add").first.click()
    assert _basket_items(page) == 2 and page.locator(".fanli-basket-count").inner_text() == "2"

    # the compare view, by the compare button: the two picks side by side, shared wording marked
    _follow(page, page.locator(".fanli-compare-go"))
    page.wait_for_function("() => document.querySelectorAll('.fanli-compare-column .fanli-example-text').length === 2")
    page.wait_for_function("() => document.querySelector('.fanli-compare-columns').hasAttribute('data-shared')")

    # back (Material brings the kind page again): its examples and the picks kept
    _changes(page, page.go_back)
    assert "/kinds/chengxiao/#genre=" in page.url  # with the filter it had
    _examples_once(page)
    assert page.locator(".fanli-picked").inner_text() == "2" and page.locator(".fanli-pick").first.is_checked()

    # the outline library: its filters
    _follow(page, page.locator(".md-nav__link", has_text="提纲库").first)
    _follow(page, page.locator("article a[href*='outlines/genre/']").first)
    entries = page.locator(".fanli-outline-entry")
    levels = page.locator("form.fanli-filter select[name=level] option")
    page.select_option("form.fanli-filter select[name=level]", levels.nth(1).get_attribute("value"))
    assert "条符合" in page.locator(".fanli-filter-status").inner_text()
    assert page.locator(".fanli-outline-entry:visible").count() < entries.count()
    # its genre filter is a page per genre: changing it moves instantly, the other filters kept
    other = page.evaluate("() => document.querySelector('select[data-navigate] option:not([selected])').value")
    address = page.evaluate("other => new URL(other, location.href).href", other)
    _changes(page, lambda: page.select_option("form.fanli-filter select[data-navigate]", other))
    assert page.url.startswith(address) and "level=" in page.url
    assert "条符合" in page.locator(".fanli-filter-status").inner_text()

    # the phrase library: one Word file for one click
    _follow(page, page.locator(".md-nav__link", has_text="表述库").first)
    with page.expect_download():
        page.click(".fanli-word-export")
    page.wait_for_timeout(500)
    assert len(downloads) == 2

    assert page.evaluate("() => window.__violations") == []
    assert watch.errors == [] and watch.outside == []
    context.close()


def test_search_basket_and_shortcuts_after_instant_changes(browser, instant_site: str) -> None:
    base = instant_site
    context, page, watch = _start(browser, base)
    _open(page, base + "years/")
    # the search page, reached by a link: its script runs on it
    _follow_to(page, "../search/?q=" + "警示教育")
    page.wait_for_selector("#fanli-search[data-state=done]")
    # the cursor is in the search box, as after a full load (autofocus)
    assert page.evaluate("() => document.activeElement === document.querySelector('#fanli-search input[name=q]')")
    hits = page.locator(".fanli-hit")
    assert hits.count() > 0
    hit = hits.first
    hit.locator(".fanli-basket-add").click()
    assert _basket_items(page) == 1
    # a hit's report: the words marked, the report's tools there once
    _follow(page, hit.locator(".fanli-hit-meta a"))
    page.wait_for_selector("mark.fanli-landed")
    _tools_once(page)
    # back to the search page (Material fetches it again): the search runs again, once
    _changes(page, page.go_back)
    assert "/search/" in page.url
    page.wait_for_selector("#fanli-search[data-state=done] .fanli-hit")
    assert page.locator("#fanli-search input[name=q]").input_value() == "警示教育"
    _changes(page, page.go_forward)
    page.wait_for_selector("mark.fanli-landed")
    _tools_once(page)

    # the header's search box: `/` puts the cursor there; a search brings the search page instantly
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement === document.querySelector('.fanli-header-search input')")
    page.keyboard.type("廉政")
    _changes(page, lambda: page.keyboard.press("Enter"))
    page.wait_for_selector("#fanli-search[data-state=done] .fanli-hit")
    assert "q=" in page.url
    # a second arrival: the browser's autofocus acts once per document, the page's script every time
    assert page.evaluate("() => document.activeElement === document.querySelector('#fanli-search input[name=q]')")
    # the engine of the first arrival serves the others: the index's meta.js was loaded once
    loads = (
        "() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('/search-index/meta.js')).length"
    )
    assert page.evaluate(loads) == 1

    # the basket page by the header's link: its items, removing one updates the count once
    _follow(page, page.locator(".fanli-basket-link"))
    page.wait_for_selector(".fanli-basket-list li")
    assert page.locator(".fanli-basket-list li").count() == 1
    _follow(page, page.locator(".md-nav__link", has_text="按年份").first)
    _follow(page, page.locator(".fanli-basket-link"))  # a second visit: nothing set up twice
    page.wait_for_selector(".fanli-basket-list li")
    assert page.locator(".fanli-basket-list li").count() == 1
    page.locator(".fanli-basket-list li").first.focus()
    page.keyboard.press("Delete")
    assert _basket_items(page) == 0 and page.locator(".fanli-basket-count").inner_text() == "0"
    assert page.locator(".fanli-basket-list li").count() == 0

    # the palette switch after an instant change
    _follow(page, page.locator(".md-nav__link", has_text="按年份").first)
    scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^=__palette]:visible").click()
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") != scheme

    assert page.evaluate("() => window.__violations") == []
    assert watch.errors == [] and watch.outside == []
    context.close()


def test_a_page_whose_scripts_arrive_out_of_order(browser, instant_site: str) -> None:
    """Material announces a page when the last script of its content has loaded; an earlier one (here
    the section kind's filter index, held back) may still be on its way: the page scripts wait for it."""
    base = instant_site
    context, page, watch = _start(browser, base)
    _open(page, base + "kinds/")

    def held_back(route) -> None:
        page.wait_for_timeout(1500)
        route.continue_()

    page.route("**/assets/fanli-data/kinds/wenti.js", held_back)
    _follow(page, page.locator("article a[href$='kinds/wenti/']").first)
    _examples_once(page)
    assert "未能加载" not in page.locator(".fanli-filter-status").inner_text()
    assert watch.errors == [] and watch.outside == []
    context.close()


def test_from_disk_every_link_loads_its_page(browser, disk_site: Path) -> None:
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / "index.html").as_uri())
    features = page.evaluate("() => JSON.parse(__config.textContent).features")
    assert "content.code.copy" in features and not [f for f in features if f.startswith("navigation.instant")]
    _loaded_in_full(page, page.locator(".md-nav__link", has_text="按年份").first)
    _loaded_in_full(page, page.locator("article a[href$='2023.html'], article a[href$='2023/index.html']").first)
    _loaded_in_full(page, page.locator(f"article a[href*='{SUMMARY}']").first)
    _tools_once(page)
    page.locator(".fanli-text p[id]").first.locator(".fanli-basket-add").click()
    assert page.locator(".fanli-basket-count").inner_text() == "1"
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() > 1
    _loaded_in_full(page, page.locator(".md-nav__link", has_text="段落范例").first)
    _loaded_in_full(page, page.locator("article a[href*='kinds/wenti']").first)
    _examples_once(page)
    page.go_back()
    page.wait_for_load_state("load")
    assert page.locator(".md-nav__link", has_text="段落范例").count() > 0
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_served_without_site_url_every_link_loads_its_page(browser, sample_site: Path) -> None:
    """Without site_url MkDocs lists no page in sitemap.xml, where Material looks up the pages it may
    change instantly: every link is a full load, as before."""
    assert "<loc>" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base)
        assert "navigation.instant" in page.evaluate("() => JSON.parse(__config.textContent).features")
        _loaded_in_full(page, page.locator(".md-nav__link", has_text="按年份").first)
        _loaded_in_full(page, page.locator("article a[href$='/2023/']").first)
        _loaded_in_full(page, page.locator(f"article a[href$='{SUMMARY}/']").first)
        _tools_once(page)
        assert watch.errors == [] and watch.outside == []
        page.close()
