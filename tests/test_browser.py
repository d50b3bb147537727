"""The sample site in a real browser: browsing, copy buttons, section examples and the compare view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fanli.core.load import load_library
from fanli.site import indexes, plan, routes
from fanli.site.phrases import phrase_library

from browser import PageWatch, clipboard_page, serve
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser


def test_home_to_year_to_report_to_outline_entry(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base)
        assert page.title() == "范例库"
        page.locator(".fanli-overview").get_by_role("link", name="2023年", exact=True).click()
        page.wait_for_url(re.compile(r"/2023/$"))
        assert page.locator("h1").inner_text() == "2023年"

        page.get_by_role("link", name=re.compile(r"镇2023年党风廉政建设工作总结")).first.click()
        page.wait_for_url(re.compile(r"/2023/[a-z0-9-]+/[a-z0-9-]+/$"))
        assert "党风廉政建设工作总结" in page.locator("h1").inner_text()

        # seed 001: "**镇在县委…" shows its two asterisks, marked as a placeholder
        opening = page.locator("#p1")
        assert "在过去的一年里，**镇在县委" in opening.inner_text()
        mark = opening.locator(".fanli-ph").first
        assert mark.inner_text() == "**"
        assert mark.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.locator("#p1 strong").count() == 0

        # served with navigation.instant on, Material makes the page's links absolute (page address + #s…)
        entry = page.locator(".fanli-outline a[href*='#s']").nth(1)
        target = "#" + (entry.get_attribute("href") or "").split("#")[1]
        heading_text = entry.inner_text()
        entry.click()
        page.wait_for_url(re.compile(re.escape(target) + "$"))
        heading = page.locator(target)
        assert heading.inner_text().startswith(heading_text)
        assert heading.evaluate(
            "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }"
        )
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_placeholders_in_titles_are_marked_in_lists(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "genres/")
        page.get_by_role("link", name="工作汇报").click()
        link = page.locator(".fanli-list a").first
        assert link.inner_text().startswith("XXX乡")
        assert link.locator(".fanli-ph").first.inner_text() == "XXX"
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_copy_button_copies_the_text_without_anchors(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "years/")
        page.locator(".fanli-table a").first.click()
        page.locator(".fanli-list a").first.click()
        expected = page.locator("#p1").evaluate("e => e.firstChild.textContent")
        page.locator("#p1 .fanli-copy").click()  # every paragraph has one (basket.js)
        page.wait_for_function("() => document.querySelector('#p1 .fanli-copy').textContent === '已复制'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        shown = page.locator("#p1").evaluate("e => e.innerText.replace(/¶|已复制|复制|加入素材篮/g, '').trim()")
        assert copied == shown
        assert copied.startswith(expected[:20]) and "¶" not in copied and "复制" not in copied
        assert watch.errors == [] and watch.outside == []
        context.close()


# --- section examples, compare view, phrase copy buttons ---------------------------------------

REPORT = "xxx-zhen-6320-2023-baogao"  # the 工作报告 among the seeds, the last of the 问题 examples
SUMMARY = "xx-wei-3438-2023-zongjie"  # a 工作总结, the first


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built with small pages, so that the 问题 examples spread over four pages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "EXAMPLE_BYTES", 10_000)
        return build_site(ROOT, tmp_path_factory.mktemp("paged") / "site")


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("disk") / "site", use_directory_urls=False)


def test_filter_covers_every_page_and_leads_to_the_match(browser, paged_site: Path) -> None:
    with serve(paged_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "kinds/wenti/")
        assert page.locator(".fanli-pager").first.is_visible()
        assert page.locator(f"#e-{SUMMARY}").is_visible()
        page.select_option("select[name=genre]", "baogao")
        page.wait_for_function("() => document.querySelector('.fanli-filter-status').textContent !== ''")
        assert page.locator(".fanli-filter-status").inner_text() == "共 1 条符合，本页 0 条。"
        assert page.locator(f"#e-{SUMMARY}").is_hidden()
        assert page.url.endswith("#genre=baogao")
        assert page.locator(".fanli-pager a").first.get_attribute("href").endswith("#genre=baogao")
        match = page.locator(".fanli-filter-results a")
        assert match.count() == 1
        match.click()
        page.wait_for_url(re.compile(rf"/kinds/wenti/page/\d+/#e-{REPORT}$"))
        assert page.locator(f"#e-{REPORT}").is_visible()
        page.select_option("select[name=level]", "xiangzhen")  # the report is of a 乡镇: still shown
        assert page.locator(f"#e-{REPORT}").is_visible()
        page.select_option("select[name=level]", "jiedao")
        assert page.locator(f"#e-{REPORT}").is_hidden()
        assert page.locator(".fanli-filter-status").inner_text() == "共 0 条符合，本页 0 条。"
        page.click("button[type=reset]")
        page.wait_for_function(f"() => !document.getElementById('e-{REPORT}').hidden")
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_year_and_unit_pages_open_examples_filtered(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "2023/")
        page.locator(".fanli-related").get_by_role("link", name="问题", exact=True).click()
        page.wait_for_url(re.compile(r"/kinds/wenti/#year=2023$"))
        assert page.locator("select[name=year]").input_value() == "2023"
        assert page.locator(".fanli-filter-status").inner_text() == "共 4 条符合，本页 4 条。"
        page.goto(base + "units/xx-zhen-b83c/")
        page.locator(".fanli-related").get_by_role("link", name="成效", exact=True).click()
        page.wait_for_url(re.compile(r"/kinds/chengxiao/#unit=xx-zhen-b83c$"))
        visible = page.locator(".fanli-example:visible")
        assert visible.count() == 1 and visible.get_attribute("id") == "e-xx-zhen-b83c-2023-shuzhi"
        assert watch.errors == [] and watch.outside == []
        page.close()


def _columns_show_both(page) -> None:
    page.wait_for_function("() => document.querySelectorAll('.fanli-compare-column .fanli-example-text').length === 2")
    columns = page.locator(".fanli-compare-column")
    assert [columns.nth(i).get_attribute("data-doc") for i in range(2)] == [SUMMARY, REPORT]
    assert "（一）聚焦党中央决策部署" in columns.nth(1).inner_text()
    assert columns.nth(0).locator("h3 a").inner_text().endswith("工作总结")


def test_compare_two_documents_picked_on_a_kind_page(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "kinds/wenti/")
        go = page.locator(".fanli-compare-go")
        assert go.is_disabled()
        page.check(f"#e-{SUMMARY} .fanli-pick")
        page.check(f"#e-{REPORT} .fanli-pick")
        assert page.locator(".fanli-picked").inner_text() == "2"
        go.click()
        page.wait_for_url(re.compile(rf"/kinds/compare/#kind=wenti&docs={SUMMARY},{REPORT}$"))
        _columns_show_both(page)

        # a column's copy button copies its text, without the ¶ links
        column = page.locator(".fanli-compare-column").nth(0)
        column.locator(".fanli-copy").click()
        page.wait_for_function(
            "() => document.querySelector('.fanli-compare-column .fanli-copy').textContent === '已复制'"
        )
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith(
            column.locator(".fanli-example-text p").first.evaluate("e => e.firstChild.textContent")
        )
        assert "¶" not in copied and "复制" not in copied

        # dropping one and picking another from the candidates
        page.fill(".fanli-compare input[name=q]", "述职")
        page.locator(".fanli-compare-candidates input").first.check()
        page.wait_for_function("() => document.querySelectorAll('.fanli-compare-column').length === 3")
        assert "xx-zhen-b83c-2023-shuzhi" in page.url
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_compare_view_works_opened_from_disk(browser, disk_site: Path) -> None:
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / "kinds" / "compare.html").as_uri() + f"#kind=wenti&docs={SUMMARY},{REPORT}")
    _columns_show_both(page)
    page.goto((disk_site / "kinds" / "wenti.html").as_uri() + "#genre=baogao")
    assert page.locator(f"#e-{SUMMARY}").is_hidden() and page.locator(f"#e-{REPORT}").is_visible()
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_examples_take_their_text_from_the_search_text_files_opened_from_disk(browser, disk_site: Path) -> None:
    """The examples' lines come from the reports' text files (one per report, shared with search):
    every line of every example, placeholders marked, a theme chosen before they arrive applied."""
    library = load_library(ROOT / "data")
    examples = indexes.kind_examples(library)["问题"]
    blocks = [b for e in examples for b in e.blocks]
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / "kinds" / "wenti.html").as_uri())
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    lines = page.locator(".fanli-example-text p")
    shown = lines.evaluate_all(
        "ps => ps.map(p => [p.classList.contains('fanli-example-heading'), p.innerText.replace(/¶$/, '')])"
    )
    assert shown == [[b.depth > 0, b.text] for b in blocks]
    assert page.locator(".fanli-example-text .fanli-ph", has_text="XXX").count() >= 1
    # the header's tools, which need JavaScript, are made by it: a compare box and a copy button each
    ids = page.locator("article.fanli-example").evaluate_all("as => as.map(a => a.id)")
    assert len(ids) == len(examples)
    assert (
        page.locator("article.fanli-example header .fanli-pick").evaluate_all("bs => bs.map(b => 'e-' + b.value)")
        == ids
    )
    copies = page.locator("article.fanli-example header .fanli-copy").evaluate_all(
        "bs => bs.map(b => b.dataset.copyFrom)"
    )
    assert copies == [f"{id}-text" for id in ids]
    href = lines.first.locator("a.fanli-anchor").get_attribute("href")
    assert href == f"../{routes.page_url(routes.document(examples[0].document), False)}#{blocks[0].anchor}"
    # a theme some tagged paragraph lacks, chosen in the address before the text arrives
    theme = page.evaluate(
        """() => [...document.querySelectorAll('select[name=theme] option')].map(o => o.value).find(t => t &&
             [...document.querySelectorAll('p[data-themes]')].some(p => !p.dataset.themes.split(' ').includes(t)))"""
    )
    assert theme
    page.goto((disk_site / "kinds" / "wenti.html").as_uri() + f"#theme={theme}")
    page.reload()
    page.wait_for_selector(".fanli-examples[data-state=loaded]")
    lacking = page.locator(".fanli-example-text p[data-themes]").evaluate_all(
        f"ps => ps.filter(p => !p.dataset.themes.split(' ').includes('{theme}')).map(p => p.hidden)"
    )
    assert lacking and all(lacking)
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_copy_buttons_on_examples_and_phrases(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "kinds/wenti/")
        page.wait_for_selector(".fanli-examples[data-state=loaded]")
        example = page.locator(f"#e-{SUMMARY}")
        example.locator(".fanli-copy").click()
        page.wait_for_function(f"() => document.querySelector('#e-{SUMMARY} .fanli-copy').textContent === '已复制'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        expected = example.locator(".fanli-example-text").evaluate("e => e.innerText.replace(/¶/g, '').trim()")
        assert copied.split() == expected.split() and "¶" not in copied
        assert len(copied.splitlines()) == example.locator(".fanli-example-text p").count()  # a line a paragraph

        page.goto(base + "phrases/")
        phrase = page.locator(".fanli-phrases li", has_text="一岗双责").first
        phrase.locator(".fanli-copy").click()
        page.wait_for_function("() => navigator.clipboard.readText().then(t => t === '一岗双责')")
        phrase.get_by_role("link").click()
        page.wait_for_url(re.compile(r"/phrases/p[0-9a-f]+/$"))
        assert page.locator(".fanli-kwic mark").first.inner_text() == "一岗双责"
        assert watch.errors == [] and watch.outside == []
        context.close()


def _heading_links(page) -> list[tuple[str, str, str]]:
    """(title link, heading link, anchor) of every heading listed under a report on the page."""
    page.wait_for_selector("[data-fanli-ready]", state="attached")
    return page.eval_on_selector_all(
        "a[data-anchor]",
        """links => links.map(a => {
            const entry = a.closest('.fanli-outline-entry') || a.closest('.fanli-anchors').parentNode;
            return [entry.querySelector('a[href]').href, a.href, a.dataset.anchor];
        })""",
    )


@pytest.mark.parametrize("served", [True, False], ids=["served", "file"])
def test_headings_under_a_report_link_into_it(browser, sample_site: Path, disk_site: Path, served: bool) -> None:
    """The outline library and a theme's sections name each heading's anchor; the script links it into its report."""
    page = browser.new_page()
    paths = (
        ("outlines/genre/zongjie/", "themes/dangfeng/")
        if served
        else ("outlines/genre/zongjie.html", "themes/dangfeng.html")
    )
    with serve(sample_site) as base:
        if not served:
            base = disk_site.as_uri() + "/"
        watch = PageWatch(page, base if served else "file://")
        for path in paths:
            html = ((sample_site if served else disk_site) / (path + "index.html" if served else path)).read_text(
                "utf-8"
            )
            assert 'data-anchor="s1' in html and not re.search(
                r'<a href="[^"]*#s\d[^"]*">', html.split("fanli-tree")[-1]
            )
            page.goto(base + path)
            links = _heading_links(page)
            assert len(links) > 5 and all(heading == f"{title}#{anchor}" for title, heading, anchor in links)
        _, heading, anchor = links[0]
        page.locator("a[data-anchor]").first.click()
        page.wait_for_url(heading)
        assert page.locator(f"[id='{anchor}']").count() == 1
        assert watch.errors == [] and watch.outside == []
    page.close()


def _phrase_sources(library, text: str, use_directory_urls: bool) -> tuple[str, list[tuple[str, str]]]:
    """A phrase's page and the (address, name) of each source of its occurrences, in page order."""
    entry = next(e for e in phrase_library(library) if e.text == text)
    sources = [
        (
            f"{routes.page_url(routes.document(o.passage.document), use_directory_urls)}#{o.passage.anchor}",
            indexes.source_label(o.passage.document),
        )
        for group in plan.context_groups(entry)
        for o in group.occurrences
    ]
    return routes.page_url(routes.phrase(entry.slug), use_directory_urls), sources


def _shown_sources(page) -> list[tuple[str, str]]:
    page.wait_for_selector(".fanli-kwic[data-fanli-sources]", state="attached")
    return page.eval_on_selector_all(".fanli-sources a", "links => links.map(a => [a.href, a.textContent])")


@pytest.mark.parametrize("served", [True, False], ids=["served", "file"])
def test_phrase_sources_are_links_to_each_occurrence(browser, sample_site: Path, disk_site: Path, served: bool) -> None:
    """The page names each source by number and anchor; its script makes every link, served and from disk."""
    library = load_library(ROOT / "data")
    address, expected = _phrase_sources(library, "一岗双责", served)
    assert len(expected) > 1
    site = sample_site if served else disk_site
    html = (site / (address + "index.html" if served else address)).read_text(encoding="utf-8")
    assert html.count('class="fanli-sources"') and not re.search(r'class="fanli-sources"[^>]*>[^<]*<a', html)
    page = browser.new_page()
    if not served:
        watch = PageWatch(page, "file://")
        page.goto((disk_site / address).as_uri())
        disk_urls = [
            ((disk_site / url.split("#")[0]).as_uri() + "#" + url.split("#")[1], name) for url, name in expected
        ]
        assert _shown_sources(page) == [list(source) for source in disk_urls]
        assert watch.errors == [] and watch.outside == []
        page.close()
        return
    with serve(sample_site) as base:
        watch = PageWatch(page, base)
        page.goto(base + address)
        assert _shown_sources(page) == [[base + url, name] for url, name in expected]
        page.locator(".fanli-sources a").first.click()
        page.wait_for_url(base + expected[0][0])
        assert "一岗双责" in page.locator("#" + expected[0][0].split("#")[1]).inner_text()
        assert watch.errors == [] and watch.outside == []
        page.close()
