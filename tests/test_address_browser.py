"""Pages follow a change of their address that keeps the page: of its hash alone, or of its query.

The filters of the section examples and of the outline library follow the address's hash: a link to
the page shown with other filters in its hash, and back or forward between two filter states, keep
the page (nothing is loaded) and must show the filters of the new hash: served with Material's
instant navigation (which follows such a link by history.pushState), served without it, and opened
from disk. A search from the header's box on the search page itself (another query, the same page,
which Material's instant navigation does not change) loads the page with the new query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import PageWatch, serve
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser

# (the page, relative to the site, with directory URLs; the facet whose filter is followed)
KINDS = ("kinds/wenti/", "genre")
OUTLINES = ("outlines/genre/zongjie/", "level")
ENTRIES = ".fanli-example, .fanli-outline-entry"


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample library served, built with its address as site_url (instant page changes on)."""
    folder = tmp_path_factory.mktemp("instant-filters")
    with serve(folder) as base:
        build_site(ROOT, folder / "site", site_url=base + "site/")
        yield base + "site/"


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("disk-filters") / "site", use_directory_urls=False)


def _ready(page) -> None:
    page.wait_for_selector("[data-fanli-ready] form.fanli-filter")


SHOWN = """([facet, entries]) => [
  document.querySelector(`form.fanli-filter select[name=${facet}]`).value,
  document.querySelector('.fanli-filter-status').textContent,
  Array.from(document.querySelectorAll(entries)).filter(e => !e.hidden).map(e => e.id),
]"""


def _shown(page, facet: str) -> list:
    """The facet's filter on screen: [its value, the status line, the ids of the entries shown]."""
    return page.evaluate(SHOWN, [facet, ENTRIES])


def _wait_for(page, facet: str, expected: list) -> None:
    """Wait until the page, set up, shows `expected` (_shown)."""
    page.wait_for_function(
        f"""([facet, entries, expected]) => document.querySelector('[data-fanli-ready] form.fanli-filter')
          && JSON.stringify(({SHOWN})([facet, entries])) === JSON.stringify(expected)""",
        arg=[facet, ENTRIES, expected],
    )


def _choose(page, facet: str, value: str) -> None:
    """Choose `value` in the facet's filter, as a reader does."""
    page.evaluate(
        """([facet, value]) => {
          const select = document.querySelector(`form.fanli-filter select[name=${facet}]`);
          select.value = value;
          select.dispatchEvent(new Event("change", {bubbles: true}));
        }""",
        [facet, value],
    )


def _follow_link(page, href: str) -> None:
    """Click a link to `href` (relative to the page shown), put into the page as a link a reader clicks."""
    page.evaluate(
        """href => {
          const a = document.createElement("a");
          a.href = href; a.textContent = "→"; a.className = "fanli-test-link";
          document.querySelector("article").append(a);
          a.click();
          a.remove();
        }""",
        href,
    )


def _filters_follow_the_hash(page, address: str, facet: str, *, served: bool) -> list:
    """`served`: Material (whose instant navigation runs whenever the site is served) fetches the
    page's content anew at the first change of its address, the hash's too, and sets it up again;
    the test waits for that page before going on."""
    page.goto(address)
    page.wait_for_load_state("networkidle")  # served with instant navigation: Material has read the sitemap
    _ready(page)
    options = page.locator(f"form.fanli-filter select[name={facet}] option")
    first, second = options.nth(1).get_attribute("value"), options.nth(2).get_attribute("value")
    assert first and second
    # each filter as chosen by hand: what the hash must show
    unfiltered = _shown(page, facet)
    chosen = {}
    for value in (first, second):
        _choose(page, facet, value)
        chosen[value] = _shown(page, facet)
    _choose(page, facet, "")
    assert _shown(page, facet) == unfiltered and unfiltered[1] == ""
    assert chosen[first][2] != chosen[second][2] and "条符合" in chosen[first][1]
    page.evaluate(
        "() => { window.__kept = true; document.querySelector('[data-md-component=container]').dataset.old = '1'; }"
    )

    _follow_link(page, f"#{facet}={first}")
    if served:
        page.wait_for_function(
            "() => { const c = document.querySelector('[data-md-component=container]');"
            " return !c.dataset.old && c.hasAttribute('data-fanli-ready'); }"
        )
    _wait_for(page, facet, chosen[first])
    _follow_link(page, f"#{facet}={second}")
    _wait_for(page, facet, chosen[second])
    # a link to a place on the page names no filter: the filters stay
    _follow_link(page, "#" + unfiltered[2][0])
    page.wait_for_timeout(300)
    assert _shown(page, facet) == chosen[second]
    page.go_back()
    _wait_for(page, facet, chosen[second])
    page.go_back()
    _wait_for(page, facet, chosen[first])
    page.go_back()
    _wait_for(page, facet, unfiltered)
    page.go_forward()
    _wait_for(page, facet, chosen[first])
    assert page.evaluate("() => window.__kept === true"), "the page was loaded again"
    return unfiltered


def _follow_to_no_hash(page, facet: str, unfiltered: list) -> None:
    """With instant navigation, a link to the page shown without a hash keeps the page too (the
    browser would load it again): Material changes only the address, telling no hashchange nor
    popstate. The page shows no filter, as its address."""
    page.evaluate("() => { window.__kept = true; }")
    _follow_link(page, page.evaluate("() => location.pathname"))
    _wait_for(page, facet, unfiltered)
    assert page.evaluate("() => window.__kept === true"), "the page was loaded again"


@pytest.mark.parametrize("where", [KINDS, OUTLINES], ids=["examples", "outlines"])
def test_filters_follow_the_hash_with_instant_navigation(browser, instant_site: str, where) -> None:
    path, facet = where
    page = browser.new_page()
    watch = PageWatch(page, instant_site)
    unfiltered = _filters_follow_the_hash(page, instant_site + path, facet, served=True)
    _follow_to_no_hash(page, facet, unfiltered)
    assert "navigation.instant" in page.evaluate("() => JSON.parse(__config.textContent).features")
    assert watch.errors == [] and watch.outside == []
    page.close()


@pytest.mark.parametrize("where", [KINDS, OUTLINES], ids=["examples", "outlines"])
def test_filters_follow_the_hash_served_without_instant_navigation(browser, sample_site: Path, where) -> None:
    path, facet = where
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        _filters_follow_the_hash(page, base + path, facet, served=True)
        assert watch.errors == [] and watch.outside == []
        page.close()


@pytest.mark.parametrize("where", [KINDS, OUTLINES], ids=["examples", "outlines"])
def test_filters_follow_the_hash_opened_from_disk(browser, disk_site: Path, where) -> None:
    path, facet = where
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    _filters_follow_the_hash(page, (disk_site / (path.rstrip("/") + ".html")).as_uri(), facet, served=False)
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_header_search_on_the_search_page_with_instant_navigation(browser, instant_site: str) -> None:
    page = browser.new_page()
    watch = PageWatch(page, instant_site)
    page.goto(instant_site + "search/?q=" + "廉政")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#fanli-search[data-state=done] .fanli-hit")
    page.locator(".fanli-header-search input").fill("抓早抓小")
    page.locator(".fanli-header-search input").press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '抓早抓小'")
    page.wait_for_selector("#fanli-search[data-state=done] .fanli-hit")
    assert page.locator("#fanli-search input[name=q]").input_value() == "抓早抓小"
    assert page.locator(".fanli-hit mark").first.inner_text() == "抓早抓小"
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '廉政'")
    page.wait_for_selector("#fanli-search[data-state=done] .fanli-hit mark")
    assert page.locator(".fanli-hit mark").first.inner_text() == "廉政"
    assert watch.errors == [] and watch.outside == []
    page.close()
