"""Pages follow a change of their address that keeps the page: of its hash alone, or of its query.

The filters of the section examples and of the outline library follow the address's hash: a link to
the page shown with other filters in its hash, and back or forward between two filter states, keep
the page (nothing is loaded) and must show the filters of the new hash: served with Material's
instant navigation (which follows such a link by history.pushState), served without it, and opened
from disk. So must the compare view. A link to a place on a filtered page keeps the filters, and back
to a filtered page brings its filters and its scroll position. A search from the header's box on the
search page itself (another query, the same page, which Material's instant navigation does not
change) loads the page with the new query."""

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
ENTRIES = ".fanli-example, .fanli-outline-entry, .fanli-phrases > li[id]"


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


# --- a link to a place on a filtered page, back to a filtered page, the compare view's hash -------

PHRASES = ("phrases/", "category")
MODES = ["instant", "served", "disk"]


@pytest.fixture(scope="module")
def sites(instant_site: str, sample_site: Path, disk_site: Path) -> Iterator[dict[str, object]]:
    """The sample site as each mode opens it: served with instant navigation, served without, from disk."""
    with serve(sample_site) as base:
        yield {"instant": instant_site, "served": base, "disk": disk_site}


def _address(sites: dict[str, object], mode: str, path: str) -> str:
    """The page at `path` (relative to the site, with directory URLs) as `mode` opens it."""
    if mode == "disk":
        site = Path(str(sites[mode]))
        page = site / (path.rstrip("/") + ".html")
        return (page if page.exists() else site / path / "index.html").as_uri()
    return f"{sites[mode]}{path}"


def _choose_some(page, facet: str, nth: int = 1) -> list:
    """Choose the `nth` value of the facet's filter that shows some entries of the page, not all; what it shows."""
    total = len(_shown(page, facet)[2])
    values = page.locator(f"form.fanli-filter select[name={facet}] option").evaluate_all("os => os.map(o => o.value)")
    for value in values[1:]:
        _choose(page, facet, value)
        shown = _shown(page, facet)
        if 0 < len(shown[2]) < total:
            nth -= 1
            if not nth:
                return shown
    raise AssertionError(f"no {facet} filter shows some entries of the page")


def _open(browser, sites: dict[str, object], mode: str, path: str, **options):
    """A new page showing `path` as `mode` opens it, set up (and, served, Material's sitemap read); its watch."""
    page = browser.new_page(**options)
    watch = PageWatch(page, "file://" if mode == "disk" else str(sites[mode]))
    page.goto(_address(sites, mode, path))
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-fanli-ready]")
    return page, watch


def _mark_content(page) -> None:
    page.evaluate(
        "() => { window.__kept = true; document.querySelector('[data-md-component=container]').dataset.old = '1'; }"
    )


def _content_fetched_anew(page) -> bool:
    return page.evaluate("() => !document.querySelector('[data-md-component=container]').dataset.old")


def _in_view(page, element_id: str) -> bool:
    return page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
          return r.top >= 0 && r.top < innerHeight; }""",
        element_id,
    )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", [KINDS, OUTLINES, PHRASES], ids=["examples", "outlines", "phrases"])
def test_filters_survive_a_link_to_a_place_on_the_page(browser, sites, mode: str, where) -> None:
    """A reader's first link to a place on a filtered page (a heading's link, an entry of the table of
    contents) keeps the filters, though Material, whenever the site is served (with instant navigation
    or not), fetches the page's content anew at that first change of address (the container is
    replaced: the page scripts set it up again, the address naming a place, not filters); the place is
    in view on the page as filtered."""
    path, facet = where
    page, watch = _open(browser, sites, mode, path, viewport={"width": 1200, "height": 400})
    _ready(page)
    filtered = _choose_some(page, facet)
    _mark_content(page)
    # room below the list, so that a place below entries the filters hide can be scrolled to the top
    page.evaluate("() => { document.body.style.paddingBottom = '3000px'; }")
    # the first entry shown after one hidden: where the page as filtered and as not differ
    place = page.evaluate(
        """entries => { const all = Array.from(document.querySelectorAll(entries));
          const after = all.find((e, i) => !e.hidden && all.slice(0, i).some(o => o.hidden));
          return (after || all.filter(e => !e.hidden).pop()).id; }""",
        ENTRIES,
    )
    if path == OUTLINES[0]:  # the outline page's heading has a link to itself: the reader clicks it
        heading = page.locator("article h2[id]").first
        place = heading.get_attribute("id")
        heading.locator(f"a[href$='#{place}']").click()
    else:
        _follow_link(page, "#" + place)
    page.wait_for_function("place => location.hash === '#' + place", arg=place)
    if mode != "disk":  # Material (served, instant navigation or not) fetches the page anew: wait for it set up
        page.wait_for_function(
            "() => { const c = document.querySelector('[data-md-component=container]');"
            " return !c.dataset.old && c.hasAttribute('data-fanli-ready'); }"
        )
    else:
        page.wait_for_timeout(300)
        assert not _content_fetched_anew(page)
    page.wait_for_timeout(200)
    assert _shown(page, facet) == filtered
    assert page.evaluate("() => location.hash") == "#" + place  # the address names the place
    assert _in_view(page, place)
    # back to the address of the filters, forward to the place: the same filters
    page.go_back()
    page.wait_for_function("() => location.hash.includes('=')")
    _wait_for(page, facet, filtered)
    page.go_forward()
    page.wait_for_function("place => location.hash === '#' + place", arg=place)
    page.wait_for_timeout(300)
    assert _shown(page, facet) == filtered
    assert page.evaluate("() => window.__kept === true"), "the page was loaded again"
    assert watch.errors == [] and watch.outside == []
    page.close()


@pytest.mark.parametrize("mode", MODES)
def test_back_to_a_filtered_page_restores_its_filters_and_place(browser, sites, mode: str) -> None:
    """Filter, scroll, follow a link to another page, go back: the filters and the scroll position are
    those left. With instant navigation Material keeps the position in the history entry's state, which
    the filters' change of the address keeps, and sets it before the page scripts filter the page."""
    path, facet = KINDS
    page, watch = _open(browser, sites, mode, path, viewport={"width": 1200, "height": 400})
    _ready(page)
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    if mode == "instant":  # Material records the scroll position in the entry's state
        page.mouse.wheel(0, 10)
        page.wait_for_function("() => history.state && history.state.y > 0")
    filtered = _choose_some(page, facet)
    if mode == "instant":  # which the filters' change of the address keeps
        assert page.evaluate("() => history.state") is not None
    height = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    assert height > 200, "the filtered page is too short to scroll"
    offset = height // 2 + 37
    _scrolled_to(page, mode, offset)
    assert page.evaluate("() => scrollY") == offset
    page.evaluate("() => { window.__kept = true; }")
    others = "../../years/" if mode != "disk" else "../years.html"
    _follow_link(page, others)
    page.wait_for_function("() => location.pathname.includes('years')")
    page.wait_for_selector("[data-fanli-ready]")
    page.go_back()
    page.wait_for_function("() => location.pathname.includes('kinds')")
    _wait_for(page, facet, filtered)
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    _back_at(page, offset)
    assert _shown(page, facet) == filtered
    if mode == "instant":
        assert page.evaluate("() => window.__kept === true"), "the page was loaded in full"
    assert watch.errors == [] and watch.outside == []
    page.close()


COLUMNS = "() => Array.from(document.querySelectorAll('.fanli-compare-column'), c => c.dataset.doc)"


def _columns(page, docs: list[str]) -> None:
    page.wait_for_function(
        f"""docs => JSON.stringify(({COLUMNS})()) === JSON.stringify(docs)
          && document.querySelectorAll('.fanli-compare-column .fanli-example-text').length === docs.length""",
        arg=docs,
    )


@pytest.mark.parametrize("mode", MODES)
def test_the_compare_view_follows_its_hash(browser, sites, mode: str) -> None:
    """The compare view shows what its address's hash names when the hash changes alone: a link to the
    view with other documents, back and forward, an address edited in the address bar."""
    page, watch = _open(browser, sites, mode, "kinds/wenti/")
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    docs = page.evaluate("() => fanliData['kinds/wenti'].items.map(item => item[1].slice(2))")
    assert len(docs) >= 3
    compare = _address(sites, mode, "kinds/compare/")
    page.goto(f"{compare}#kind=wenti&docs={docs[0]},{docs[1]}")
    page.wait_for_load_state("networkidle")
    _columns(page, docs[:2])
    page.evaluate("() => { window.__kept = true; }")
    _follow_link(page, f"#kind=wenti&docs={docs[2]}")  # with instant navigation: Material fetches it anew
    _columns(page, docs[2:3])
    _follow_link(page, f"#kind=wenti&docs={docs[1]},{docs[2]}")
    _columns(page, docs[1:3])
    page.go_back()
    _columns(page, docs[2:3])
    page.go_back()
    _columns(page, docs[:2])
    page.go_forward()
    _columns(page, docs[2:3])
    # the address edited: the browser changes the hash alone
    page.evaluate("docs => { location.hash = 'kind=wenti&docs=' + docs; }", f"{docs[0]},{docs[2]}")
    _columns(page, [docs[0], docs[2]])
    assert page.locator(".fanli-compare-candidates input:checked").count() == 2
    assert page.evaluate("() => window.__kept === true"), "the page was loaded again"
    assert watch.errors == [] and watch.outside == []
    page.close()


def _scrolled_to(page, mode: str, offset: int) -> None:
    """Scroll to `offset` as a reader does once the page has settled (a page fetched anew may still
    put back its place a moment later: then scroll again), and wait until the position is recorded:
    under instant navigation Material writes it into the entry's state (debounced; a link followed
    before that records an older one)."""
    for _ in range(10):
        page.evaluate("y => window.scrollTo(0, y)", offset)
        page.wait_for_timeout(300)
        recorded = mode != "instant" or page.evaluate(
            "y => !!history.state && Math.abs(history.state.y - y) <= 2", offset
        )
        if recorded and page.evaluate("() => scrollY") == offset:
            return
    raise AssertionError(f"could not stay scrolled to {offset}")


def _back_at(page, offset: int) -> None:
    """The page come back is (and stays) scrolled to `offset`: restoring it waits for the page's data."""
    page.wait_for_function("y => Math.abs(scrollY - y) <= 2", arg=offset, timeout=10_000)
    page.wait_for_timeout(500)
    assert abs(page.evaluate("() => scrollY") - offset) <= 2, (page.evaluate("() => scrollY"), offset)


def _set_up_anew(page, mode: str) -> None:
    """After a first change of the address: served (instant navigation or not), Material fetches the
    page's content anew; wait for it set up. From disk nothing is fetched."""
    if mode != "disk":
        page.wait_for_function(
            "() => { const c = document.querySelector('[data-md-component=container]');"
            " return !c.dataset.old && c.hasAttribute('data-fanli-ready'); }"
        )
    else:
        page.wait_for_timeout(300)


def _leave_and_come_back(page, sites, mode: str, back_to: str) -> None:
    """Follow a link to another page, wait for it set up, go back to the page whose path holds `back_to`."""
    _follow_link(page, _address(sites, mode, "years/"))
    page.wait_for_function("() => location.pathname.includes('years')")
    page.wait_for_selector("[data-fanli-ready]")
    page.go_back()
    page.wait_for_function("back => location.pathname.includes(back)", arg=back_to)
    page.wait_for_selector("[data-fanli-ready]")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", [KINDS, OUTLINES, PHRASES], ids=["examples", "outlines", "phrases"])
def test_back_to_a_place_on_a_filtered_page_restores_its_filters_and_place(browser, sites, mode: str, where) -> None:
    """Filter, follow a link to a place on the page (the address now names the place, not the
    filters), scroll, follow a link to another page, go back: the filters are those left, and the address
    still names the place; so is the scroll position (served without instant navigation, and from disk)."""
    path, facet = where
    page, watch = _open(browser, sites, mode, path, viewport={"width": 1200, "height": 400})
    _ready(page)
    filtered = _choose_some(page, facet)
    place = filtered[2][-1]
    _mark_content(page)
    _follow_link(page, "#" + place)
    page.wait_for_function("place => location.hash === '#' + place", arg=place)
    _set_up_anew(page, mode)
    _wait_for(page, facet, filtered)
    if path == KINDS[0]:
        page.wait_for_selector(".fanli-examples[data-state=loaded]")
    height = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    assert height > 200, "the filtered page is too short to scroll"
    offset = height // 2 + 37
    _scrolled_to(page, mode, offset)
    _leave_and_come_back(page, sites, mode, path.split("/")[0])
    _wait_for(page, facet, filtered)
    if path == KINDS[0]:
        page.wait_for_selector(".fanli-examples[data-state=loaded]")
    if mode == "instant":
        # Material puts back the position it recorded in the entry's state; under load that was at times
        # the place's (a late scroll to it after the page was fetched anew): not asserted here
        page.wait_for_timeout(500)
    else:
        _back_at(page, offset)
    assert _shown(page, facet) == filtered
    assert page.evaluate("() => location.hash") == "#" + place
    # a new visit to the same place (not back, forward or reload) shows the page as its address says: unfiltered
    page.goto("about:blank")
    page.goto(_address(sites, mode, path) + "#" + place)
    page.wait_for_selector("[data-fanli-ready] form.fanli-filter")
    page.wait_for_timeout(300)
    assert _shown(page, facet)[0] == ""
    assert watch.errors == [] and watch.outside == []
    page.close()


@pytest.mark.parametrize("mode", MODES)
def test_the_compare_view_keeps_its_documents_at_a_link_to_a_place(browser, sites, mode: str) -> None:
    """A link to a place on the compare view (the address names the place, not the documents):
    served, Material fetches the page anew at that first change of address; the view keeps the
    documents it showed, and keeps them when the reader leaves and comes back."""
    page, watch = _open(browser, sites, mode, "kinds/wenti/")
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    docs = page.evaluate("() => fanliData['kinds/wenti'].items.map(item => item[1].slice(2))")
    compare = _address(sites, mode, "kinds/compare/")
    page.goto(f"{compare}#kind=wenti&docs={docs[0]},{docs[1]}")
    page.wait_for_load_state("networkidle")
    _columns(page, docs[:2])
    _mark_content(page)
    place = f"c-e-{docs[1]}"
    _follow_link(page, "#" + place)
    page.wait_for_function("place => location.hash === '#' + place", arg=place)
    _set_up_anew(page, mode)
    _columns(page, docs[:2])
    assert page.locator(".fanli-compare-candidates input:checked").count() == 2
    assert page.evaluate("() => location.hash") == "#" + place
    _leave_and_come_back(page, sites, mode, "compare")
    _columns(page, docs[:2])
    assert page.evaluate("() => location.hash") == "#" + place
    assert watch.errors == [] and watch.outside == []
    page.close()
