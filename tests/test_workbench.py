"""The writer's workbench in a real browser: the 素材篮 (basket), drafting from an outline, the report
page's tools and print layout, and the basket's Word export read back with python-docx."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from fanli.site.downloads import DOWNLOAD_LIMIT

from browser import PageWatch, clipboard_page, serve
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser

SUMMARY = "2023/xx-wei-3438/xx-wei-3438-2023-zongjie"  # a report of the sample library


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("disk") / "site", use_directory_urls=False)


def _basket(page) -> dict:
    return page.evaluate("() => JSON.parse(localStorage.getItem('fanli-basket') || 'null')")


def _entries(page) -> list[tuple[str, str]]:
    return [(e["type"], e["text"]) for e in _basket(page)["entries"]]


def test_basket_collects_orders_and_exports_to_word(browser, sample_site: Path, tmp_path: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        context.set_default_timeout(10_000)
        page.goto(base + SUMMARY + "/")
        assert page.locator(".fanli-basket-count").inner_text() == "0"
        first = page.locator(".fanli-text p[id]").first
        first_text = first.evaluate("e => e.firstChild.textContent")
        first.locator(".fanli-basket-add").click()
        section = page.locator(".fanli-text section").first
        heading = section.locator("h2, h3").first.evaluate("e => e.firstChild.textContent").strip()
        section.locator(".fanli-basket-add").first.click()
        assert page.locator(".fanli-basket-count").inner_text() == "2"
        stored = _basket(page)["entries"]
        assert stored[0]["text"].startswith(first_text) and "¶" not in stored[0]["text"]
        assert stored[0]["source"]["meta"].startswith("XX委") or stored[0]["source"]["meta"]
        assert stored[0]["source"]["url"].endswith("#" + first.get_attribute("id"))
        assert stored[1]["text"].startswith(heading) and "加入素材篮" not in stored[1]["text"]

        # a section example and a phrase occurrence: the button sits beside their copy buttons
        page.goto(base + "kinds/wenti/")
        example = page.locator(".fanli-example").first
        example.locator(".fanli-basket-add").click()
        page.goto(base + "phrases/")
        page.locator(".fanli-phrases .fanli-basket-add, .fanli-list .fanli-basket-add").first.click()
        assert page.locator(".fanli-basket-count").inner_text() == "4"
        sources = [e["source"] for e in _basket(page)["entries"]]
        assert sources[2]["url"].startswith(base) and "wenti" not in sources[2]["url"]

        # the basket page: reorder by keyboard, add a heading, then export
        page.locator(".fanli-basket-link").click()
        page.wait_for_selector(".fanli-basket-entry")
        assert page.locator(".fanli-basket-entry").count() == 4
        page.locator(".fanli-basket-entry").nth(1).focus()
        page.keyboard.press("Alt+ArrowUp")
        assert _entries(page)[0][1].startswith(heading)
        assert page.evaluate("() => document.activeElement.getAttribute('data-index')") == "0"
        page.fill("input[name=heading]", "一、主要成效")
        page.press("input[name=heading]", "Enter")
        page.locator(".fanli-basket-entry").nth(4).focus()
        for _ in range(4):
            page.keyboard.press("Alt+ArrowUp")
        assert _entries(page)[0] == ("heading", "一、主要成效")
        page.locator(".fanli-basket-note").first.fill("用在开头")
        page.locator(".fanli-basket-note").first.press("Tab")
        page.fill("input[name=title]", "2024年党风廉政建设工作总结/素材")
        page.locator("input[name=title]").press("Tab")

        with page.expect_download() as info:
            page.click("button[data-action=docx]")
        download = info.value
        assert download.suggested_filename == "2024年党风廉政建设工作总结_素材.docx"
        path = tmp_path / "basket.docx"
        download.save_as(path)
        word = docx.Document(str(path))
        paragraphs = [(p.style.style_id, p.text) for p in word.paragraphs]
        assert paragraphs[0] == ("FanliTitle", "2024年党风廉政建设工作总结/素材")
        assert paragraphs[1] == ("FanliHeading1", "一、主要成效")
        assert paragraphs[2][0] == "FanliBody" and paragraphs[2][1].startswith(heading)
        body = "\n".join(text for _, text in paragraphs)
        assert body.index(heading) < body.index(first_text[:20])
        assert ("FanliHeading1", "来源") in paragraphs
        notes = [text for style, text in paragraphs if style == "FanliNote"]
        assert len(notes) == 4 and notes[0].startswith("[1] ") and "备注：用在开头" in notes[0]
        assert word.settings.odd_and_even_pages_header_footer
        assert "PAGE" in word.sections[0].footer._element.xml
        assert word.styles["fanli 正文"].font.size.pt == 16

        # sources can be left out; plain text follows the same order
        page.uncheck("input[name=sources]")
        with page.expect_download() as info:
            page.click("button[data-action=docx]")
        info.value.save_as(path)
        assert all(p.text != "来源" for p in docx.Document(str(path)).paragraphs)
        page.click("button[data-action=copy]")
        page.wait_for_function(
            "() => document.querySelector('.fanli-basket-status').textContent === '已复制为纯文本。'"
        )
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.splitlines()[:3] == ["2024年党风廉政建设工作总结/素材", "", "一、主要成效"]
        assert "来源" not in copied and "¶" not in copied

        # remove by keyboard
        page.locator(".fanli-basket-entry").nth(0).focus()
        page.keyboard.press("Delete")
        assert len(_entries(page)) == 4
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_draft_from_an_outline(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + SUMMARY + "/")
        page.locator(".fanli-text p[id]").first.locator(".fanli-basket-add").click()
        page.goto(base + "outlines/genre/zongjie/")
        entry = page.locator(".fanli-outline-entry").first
        tree = entry.locator("ol.fanli-tree > li > a").all_inner_texts()
        entry.locator(".fanli-basket-outline").click()
        entries = _basket(page)["entries"]
        headings = [e for e in entries if e["type"] == "heading"]
        assert [h["text"] for h in headings if h["level"] == 1][: len(tree)] == tree
        assert headings[-1]["text"] == "未归类" and entries[-1]["type"] == "item"
        page.goto(base + "basket/")
        page.wait_for_selector(".fanli-basket-entry")
        assert page.locator("li.fanli-basket-heading").count() == len(headings)
        # the passage is moved under the first heading by keyboard
        last = page.locator(".fanli-basket-entry").last
        last.focus()
        for _ in range(len(entries) - 2):
            page.keyboard.press("Alt+ArrowUp")
        moved = _basket(page)["entries"]
        assert moved[0]["type"] == "heading" and moved[1]["type"] == "item"
        assert watch.errors == [] and watch.outside == []
        page.close()


@pytest.mark.parametrize("where", ["served", "disk"])
def test_draft_from_a_genres_common_outline(
    browser, sample_site: Path, disk_site: Path, tmp_path: Path, where: str
) -> None:
    """The basket page offers each genre's common outline as the skeleton; passages dropped under its
    headings come out of the Word export under them, in order, with their sources numbered."""
    with serve(sample_site) as base:
        page = browser.new_page()
        if where == "served":
            watch = PageWatch(page, base)
            report, examples, basket = base + SUMMARY + "/", base + "kinds/wenti/", base + "basket/"
        else:
            watch = PageWatch(page, "file://")
            report = (disk_site / (SUMMARY + ".html")).as_uri()
            examples, basket = (disk_site / "kinds" / "wenti.html").as_uri(), (disk_site / "basket.html").as_uri()
        page.goto(report)
        paragraphs = page.locator(".fanli-text p[id]")
        ids = [paragraphs.nth(i).get_attribute("id") for i in range(2)]
        for i in range(2):
            paragraphs.nth(i).locator(".fanli-basket-add").click()
        page.goto(examples)
        page.locator(".fanli-example").first.locator(".fanli-basket-add").click()
        example_source = _basket(page)["entries"][2]["source"]
        first, second, third = (text for _, text in _entries(page))

        page.goto(basket)
        page.wait_for_selector(".fanli-basket-entry")
        options = page.locator("select[name=skeleton] option")
        assert options.all_inner_texts()[0] == "工作总结（据 2 篇材料）"
        page.select_option("select[name=skeleton]", "zongjie")
        page.click("button[data-action=skeleton]")
        skeleton = ["一、工作开展情况", "二、存在问题", "三、打算"]
        collected = [("item", first), ("item", second), ("item", third)]
        assert _entries(page) == [*(("heading", h) for h in skeleton), ("heading", "未归类"), *collected]
        assert page.locator(".fanli-basket-entry").count() == 7
        assert "工作总结" in page.locator(".fanli-basket-status").inner_text()

        # under 一 by keyboard, the example under 二 by keyboard, the second paragraph under 三 by dragging
        rows = page.locator(".fanli-basket-entry")
        rows.nth(4).focus()
        for _ in range(3):
            page.keyboard.press("Alt+ArrowUp")
        rows.nth(6).focus()
        for _ in range(3):
            page.keyboard.press("Alt+ArrowUp")
        page.set_viewport_size({"width": 1280, "height": 2000})
        rows.nth(6).drag_to(rows.nth(5), target_position={"x": 20, "y": 3})
        order = ["一、工作开展情况", first, "二、存在问题", third, "三、打算", second, "未归类"]
        assert [text for _, text in _entries(page)] == order
        shown = page.locator(".fanli-basket-text, .fanli-basket-heading-text").all_inner_texts()
        assert shown == order

        with page.expect_download() as info:
            page.click("button[data-action=docx]")
        path = tmp_path / "draft.docx"
        info.value.save_as(path)
        word = docx.Document(str(path))
        blocks = [(p.style.style_id, p.text) for p in word.paragraphs]
        heads = [text for style, text in blocks if style == "FanliHeading1"]
        assert heads == [*skeleton, "未归类", "来源"]
        body = [(style, text) for style, text in blocks if style in ("FanliHeading1", "FanliBody")]
        at = {text: i for i, (_, text) in enumerate(body)}
        for heading, passage, n in ((skeleton[0], first, 1), (skeleton[1], third, 2), (skeleton[2], second, 3)):
            last_line = passage.splitlines()[-1]
            line = next(i for i, (_, text) in enumerate(body) if text == last_line + f"[{n}]")
            assert at[heading] < line and body[at[heading] + 1][0] == "FanliBody", heading
            assert all(style == "FanliBody" for style, _ in body[at[heading] + 1 : line + 1])
        notes = [text for style, text in blocks if style == "FanliNote"]
        assert len(notes) == 3
        assert notes[0].startswith("[1] ") and notes[0].endswith("#" + ids[0])
        assert notes[1].startswith("[2] ") and example_source["title"] in notes[1]
        assert notes[1].endswith(example_source["url"])
        assert notes[2].startswith("[3] ") and notes[2].endswith("#" + ids[1])
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_outline_library_shows_a_genres_common_outline_to_draft_from(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "outlines/genre/zongjie/")
        common = page.locator(".fanli-common-outline")
        assert common.locator("ol.fanli-tree > li").all_inner_texts() == [
            "一、工作开展情况",
            "二、存在问题",
            "三、打算",
        ]
        assert common.locator("ol a").first.get_attribute("href").endswith("kinds/chengxiao/")
        common.locator(".fanli-basket-outline").click()
        assert [(k, t) for k, t in _entries(page)] == [
            ("heading", "一、工作开展情况"),
            ("heading", "二、存在问题"),
            ("heading", "三、打算"),
        ]
        # the filters leave it alone: it is every report's, not one report's
        page.select_option(".fanli-filter select[name=level]", "shizhi")
        assert common.is_visible()
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_basket_names_each_source_once(browser, sample_site: Path) -> None:
    """Passages from the phrase index, the headings library and the common outline keep a source that
    names a report or the page (not a count of uses), its details not repeating the link."""
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        for path, button in (
            ("phrases/", ".fanli-phrases .fanli-basket-add"),
            ("outlines/headings/wenti/", ".fanli-headings .fanli-basket-add"),
            ("outlines/genre/zongjie/", ".fanli-common-outline h2 .fanli-basket-add"),
        ):
            page.goto(base + path)
            page.locator(button).first.click()
        phrase, heading, outline = (e["source"] for e in _basket(page)["entries"])
        assert phrase["title"] == "表述库" and "/phrases/p" in phrase["url"] and phrase["meta"]
        assert heading["title"].startswith("XX") and heading["meta"] == "" and "#s" in heading["url"]
        assert outline["title"] == "工作总结的常见提纲" and outline["url"].endswith("outlines/genre/zongjie/#common")
        page.goto(base + "basket/")
        labels = page.locator(".fanli-basket-source").all_inner_texts()
        assert all(len(set(label.split(" · "))) == len(label.split(" · ")) for label in labels), labels
        assert not any(re.search(r"\d+ 处", label) for label in labels), labels
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_basket_from_disk(browser, disk_site: Path) -> None:
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / (SUMMARY + ".html")).as_uri())
    page.locator(".fanli-text p[id]").nth(1).locator(".fanli-basket-add").click()
    assert page.locator(".fanli-basket-count").inner_text() == "1"
    page.locator(".fanli-basket-link").click()
    page.wait_for_selector(".fanli-basket-entry")
    assert page.url.endswith("basket.html")
    assert page.locator(".fanli-basket-entry").count() == 1
    with page.expect_download() as info:
        page.click("button[data-action=docx]")
    assert info.value.suggested_filename == "素材汇编.docx"
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_report_page_tools_copy_and_print(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + SUMMARY + "/")
        paragraph = page.locator(".fanli-text p[id]").first
        text = paragraph.evaluate("e => e.firstChild.textContent")
        # the per-paragraph copy button, and a copy of a hand-made selection: no ¶, no button labels
        paragraph.locator(".fanli-copy").click()
        page.wait_for_function("t => navigator.clipboard.readText().then(c => c.startsWith(t))", arg=text)
        page.evaluate(
            """() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('.fanli-text'));
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); document.execCommand('copy'); }"""
        )
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert text in copied and "¶" not in copied and "加入素材篮" not in copied and "复制" not in copied
        # no internal file names: the source is named in the Word download's closing note instead
        assert "来源" not in page.locator(".fanli-docmeta").inner_text()
        # the outline is the page's table of contents too
        toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
        outline = page.locator(".fanli-outline > ol > li > a:first-child").all_inner_texts()
        toc = [t.strip() for t in toc]
        assert len(outline) == 2 and all(heading in toc for heading in outline)
        assert toc.index(outline[0]) < toc.index(outline[1])
        # printing: no header, buttons, tags or outline box
        page.emulate_media(media="print")
        for hidden in (".md-header", ".fanli-tools", ".fanli-outline", ".fanli-kind", ".md-sidebar--secondary"):
            assert all(not e.is_visible() for e in page.locator(hidden).all()), hidden
        assert paragraph.is_visible()
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_basket_and_list_pages_print_their_content_without_forms(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "basket/")
        page.evaluate("v => localStorage.setItem('fanli-basket', v)", _stored_basket(30))
        page.reload()
        page.locator(".fanli-basket-note").nth(1).fill("备注一")
        page.emulate_media(media="print")
        for hidden in (
            ".md-header",
            ".fanli-basket-bar",
            ".fanli-basket-tools",
            ".fanli-basket-status",
            ".fanli-legend",
        ):
            assert all(not e.is_visible() for e in page.locator(hidden).all()), hidden
        assert page.locator(".fanli-basket-text").last.is_visible()
        notes = page.locator(".fanli-basket-note")
        assert [notes.nth(i).is_visible() for i in range(3)] == [False, True, False]  # only notes written
        for path in ("kinds/wenti/", "outlines/genre/zongjie/", "phrases/"):
            page.goto(base + path)
            for hidden in (".fanli-filter", ".fanli-downloads", ".fanli-compare-bar", ".fanli-copy", ".md-sidebar"):
                assert all(not e.is_visible() for e in page.locator(hidden).all()), (path, hidden)
            assert page.locator(".md-content h1").is_visible()
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_basket_survives_bad_storage(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "basket/")
        page.evaluate("() => localStorage.setItem('fanli-basket', '{not json')")
        page.reload()
        assert page.locator(".fanli-basket-status").inner_text() == "素材篮是空的。"
        entries = [
            {"type": "item", "text": f"第{i}段", "source": {"title": "t", "meta": "m", "url": "#"}, "note": ""}
            for i in range(3)
        ]
        page.evaluate("e => localStorage.setItem('fanli-basket', e)", json.dumps({"title": "", "entries": entries}))
        page.reload()
        assert page.locator(".fanli-basket-entry").count() == 3
        assert watch.errors == [] and watch.outside == []
        page.close()


def _stored_basket(items: int) -> str:
    """A basket of `items` passages under a heading every 25, as dev/bench_basket.py stores it."""
    from fanli.dev.bench_basket import basket

    return basket(items)


@pytest.mark.parametrize("where", ["served", "disk"])
def test_basket_with_500_items_reorders_edits_and_exports(
    browser, sample_site: Path, disk_site: Path, where: str
) -> None:
    """Every entry of a large basket is shown, and reordering by keyboard and by dragging, removing,
    notes and the export work on entries far down."""
    with serve(sample_site) as base:
        context = browser.new_context()
        page = context.new_page()
        if where == "served":
            address, watch = base + "basket/", PageWatch(page, base)
        else:
            address, watch = (disk_site / "basket.html").as_uri(), PageWatch(page, "file://")
        page.goto(address)
        page.evaluate("v => localStorage.setItem('fanli-basket', v)", _stored_basket(500))
        page.reload()
        page.wait_for_function("() => performance.getEntriesByName('fanli-basket-painted').length")
        rows = page.locator(".fanli-basket-entry")
        assert page.locator(".fanli-basket-entry .fanli-basket-text").count() == 500
        assert rows.count() == 520  # and the 20 headings
        assert page.locator(".fanli-basket-status").inner_text() == "共 500 条素材、20 个标题。"
        indexes = page.evaluate("() => [...document.querySelectorAll('.fanli-basket-entry')].map(e => e.dataset.index)")
        assert indexes == [str(i) for i in range(520)]

        # keyboard: an entry far down moves up twice, keeps the focus, and its neighbours follow
        before = _entries(page)
        rows.nth(480).focus()
        page.keyboard.press("Alt+ArrowUp")
        page.keyboard.press("Alt+ArrowUp")
        after = _entries(page)
        assert after[478] == before[480] and after[479:481] == before[478:480]
        assert page.evaluate("() => document.activeElement.dataset.index") == "478"
        assert rows.nth(478).locator(".fanli-basket-text").inner_text() == before[480][1]
        # the buttons do the same
        rows.nth(478).locator("[data-action=down]").click()
        assert _entries(page)[479] == before[480]

        # dragging the third entry onto the top half of the first puts it first (both on screen)
        third = _entries(page)[2]
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.evaluate("() => window.scrollTo(0, 0)")
        rows.nth(2).drag_to(rows.nth(0), target_position={"x": 20, "y": 3})
        assert _entries(page)[0] == third
        assert rows.nth(0).locator(".fanli-basket-text").inner_text() == third[1]

        # a note far down is kept; Delete removes the focused entry and the focus stays in the list
        note = rows.nth(500).locator(".fanli-basket-note")
        note.fill("留作结尾")
        note.press("Tab")
        assert _basket(page)["entries"][500]["note"] == "留作结尾"
        rows.nth(510).focus()
        removed = _entries(page)[510]
        page.keyboard.press("Delete")
        assert len(_entries(page)) == 519 and removed not in _entries(page)
        assert page.evaluate("() => document.activeElement.dataset.index") == "510"
        assert page.locator(".fanli-basket-status").inner_text() == "共 499 条素材、20 个标题。"
        indexes = page.evaluate("() => [...document.querySelectorAll('.fanli-basket-entry')].map(e => e.dataset.index)")
        assert indexes == [str(i) for i in range(519)]

        # what the page shows is what is stored, in order, and what the export gives
        shown = page.evaluate(
            "() => [...document.querySelectorAll('.fanli-basket-entry')]"
            ".map(e => (e.querySelector('.fanli-basket-text, .fanli-basket-heading-text') || {}).textContent)"
        )
        assert shown == [text for _, text in _entries(page)]
        expected, n = [], 0
        for kind, text in _entries(page):
            n += kind == "item"
            expected.append(text + f"[{n}]" if kind == "item" else text)
        lines = page.evaluate("() => window.fanliBasketPage.plainText()").splitlines()
        assert lines[2 : 2 + len(expected)] == expected and lines[2] == third[1] + "[1]"
        assert sum("备注：留作结尾" in line for line in lines) == 1
        assert watch.errors == [] and watch.outside == []
        context.close()


# --- compare view ---------------------------------------------------------------------------

CARRIED = "对违反中央八项规定精神问题的查处力度仍需加大，个别干部纪律规矩意识淡薄。"

YEARLY_UNIT = """\
unit:
  id: yoy-zhen
  name: 甲镇
  level: 乡镇
documents:
"""

YEARLY_DOC = """\
  - id: yoy-zhen-{year}-zongjie
    title: 甲镇{year}年党风廉政建设工作总结
    year: {year}
    genre: 工作总结
    themes: [党风廉政建设]
    sections:
      - heading: 一、存在的问题
        kind: 问题
        paragraphs:
          - "{carried}"
          - "{own}"
"""


@pytest.fixture(scope="module")
def yearly_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus a unit whose 工作总结 carries one 问题 paragraph over from year to year."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("yearly") / "project")
    own = {
        2021: "基层监督力量分散，村级监督作用发挥不够。",
        2022: "警示教育形式单一，针对性不强。",
        2023: "谈心谈话流于形式，提醒不够及时。",
    }
    docs = "".join(YEARLY_DOC.format(year=y, carried=CARRIED, own=text) for y, text in own.items())
    (project / "data" / "units" / "yoy-zhen.yml").write_text(YEARLY_UNIT + docs, encoding="utf-8")
    return build_site(project, project / "site")


def test_year_over_year_marks_what_was_carried_over(browser, yearly_site: Path) -> None:
    with serve(yearly_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "kinds/compare/#kind=wenti&q=甲镇")
        page.wait_for_selector(".fanli-compare-yoy")
        page.locator(".fanli-compare-yoy").first.click()
        page.wait_for_function("() => document.querySelector('.fanli-compare-columns').dataset.shared > 0")
        columns = page.locator(".fanli-compare-column")
        assert columns.count() == 3
        assert [columns.nth(i).get_attribute("data-doc") for i in range(3)] == [
            f"yoy-zhen-{y}-zongjie" for y in (2021, 2022, 2023)
        ]
        for i in range(3):
            marks = "".join(columns.nth(i).locator("mark.fanli-shared").all_inner_texts())
            assert marks == "一、存在的问题" + CARRIED  # heading and carried-over paragraph, none of a year's own
        # full width, columns side by side
        assert page.locator(".md-sidebar--primary").is_hidden()
        boxes = [columns.nth(i).bounding_box() for i in range(3)]
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"] and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_report_page_notes_similar_wording_under_its_paragraph(browser, yearly_site: Path) -> None:
    """The notes, the ¶ links and the outline box are made by the page's script from the page itself:
    served and opened from disk alike; a note leads to the place it names and is no part of a copy."""
    report = "2023/yoy-zhen/yoy-zhen-2023-zongjie/index.html"
    with serve(yearly_site) as base:
        for address, origin in ((base + report, base), ((yearly_site / report).as_uri(), "file://")):
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            watch = PageWatch(page, origin)
            page.goto(address)
            note = page.locator(".fanli-text .fanli-similar")
            assert note.count() == 1 and note.inner_text() == "相似表述 2 处：甲镇 2022、甲镇 2021"
            carried = page.locator(".fanli-text p", has_text=CARRIED)
            assert carried.evaluate("p => p.nextElementSibling.classList.contains('fanli-similar')")
            anchor = carried.get_attribute("id")
            assert carried.locator("a.fanli-anchor").get_attribute("href") == "#" + anchor
            assert page.locator(".fanli-outline > ol > li > a:first-child").get_attribute("href") == "#s1"
            assert page.locator(".fanli-outline .fanli-kind").inner_text() == "问题"
            section = page.locator(".fanli-text section").first
            section.get_by_role("button", name="复制本节").click()
            page.wait_for_function("() => navigator.clipboard.readText().then(c => c.includes('一、存在的问题'))")
            copied = page.evaluate("() => navigator.clipboard.readText()")
            assert CARRIED in copied and "相似表述" not in copied and "¶" not in copied
            assert watch.errors == [] and watch.outside == []
            if origin == base:
                note.get_by_role("link", name="甲镇 2021").click()
                page.wait_for_url(re.compile(r"/2021/yoy-zhen/yoy-zhen-2021-zongjie/#" + anchor + "$"))
                assert CARRIED in page.locator("#" + anchor).inner_text()
                page.emulate_media(media="print")
                assert page.locator(".fanli-similar").first.is_hidden()
                assert page.locator(".fanli-anchor").first.is_hidden()
            context.close()


def test_compare_checkbox_after_typing_and_picks_across_pages(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "kinds/compare/#kind=wenti")
        page.wait_for_selector(".fanli-compare-pick")
        page.locator(".fanli-compare input[name=q]").type("2023")
        # the first click after typing counts, and the focus stays on the checkbox
        box = page.locator(".fanli-compare-pick").first
        box.click()
        assert box.is_checked()
        assert page.evaluate("() => document.activeElement.classList.contains('fanli-compare-pick')")
        page.locator(".fanli-compare-pick").nth(1).click()
        page.locator(".fanli-compare-pick").nth(2).click()
        page.wait_for_function(
            "() => document.querySelectorAll('.fanli-compare-column .fanli-example-text').length > 2"
        )
        assert page.evaluate("() => document.activeElement.classList.contains('fanli-compare-pick')")

        # picks on a kind page survive moving to another page and back
        page.goto(base + "kinds/wenti/")
        page.locator(".fanli-pick").first.check()
        page.goto(base + "kinds/chengxiao/")
        page.goto(base + "kinds/wenti/")
        assert page.locator(".fanli-pick").first.is_checked()
        assert page.locator(".fanli-picked").inner_text() == "1"
        assert watch.errors == [] and watch.outside == []
        page.close()


# --- outline library, palette ------------------------------------------------------------------


def test_outline_library_filters_and_copies_a_clean_outline(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "outlines/genre/zongjie/")
        entries = page.locator(".fanli-outline-entry")
        assert entries.count() == 2
        # one list marker per heading: the numbering of the headings themselves, no "1." before "一、"
        assert page.locator(".fanli-tree").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        page.select_option(".fanli-filter select[name=level]", "shizhi")
        visible = [entries.nth(i).is_visible() for i in range(2)]
        assert visible.count(True) == 1
        assert "共 1 条符合" in page.locator(".fanli-filter-status").inner_text()
        assert "level=shizhi" in page.url
        page.select_option(".fanli-filter select[name=level]", "")

        first = entries.first
        first.locator("h2 .fanli-copy").click()
        page.wait_for_function(
            "() => document.querySelector('.fanli-outline-entry h2 .fanli-copy').textContent === '已复制'"
        )
        lines = page.evaluate("() => navigator.clipboard.readText()").splitlines()
        top = first.locator("ol.fanli-tree > li > a").all_inner_texts()
        assert [line for line in lines if not line.startswith("\u3000")] == top
        assert any(line.startswith("\u3000\u3000（一）") for line in lines)
        assert not any(line.lstrip("\u3000").startswith(("1.", "成效", "问题")) for line in lines)
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_outline_library_filters_by_year_theme_level_and_genre(browser, yearly_site: Path) -> None:
    """Each filter of the outline library shows exactly the outlines with that value (the sample plus
    甲镇's three years of 工作总结), from the form or from the address; 文种 is a page per genre and
    keeps the other filters; one list marker per heading; the common outline copies as it reads."""
    from fanli.core.load import load_library
    from fanli.site.common_outline import genre_outlines

    library = load_library(yearly_site.parent / "data")
    tax = library.taxonomy
    level_slug, theme_slug = tax.slugs("levels"), tax.slugs("themes")
    facets = {
        "year": lambda d: {str(d.year)},
        "theme": lambda d: {theme_slug[t] for t in d.themes},
        "level": lambda d: {level_slug[d.unit.level]},
    }

    def ids(genre: str, facet: str, value: str) -> set[str]:
        docs = [d for d in library.documents if d.genre == genre and d.sections]
        return {f"o-{d.id}" for d in docs if value in facets[facet](d)}

    def shown(page) -> set[str]:
        return set(
            page.evaluate(
                "() => [...document.querySelectorAll('.fanli-outline-entry')].filter(e => !e.hidden).map(e => e.id)"
            )
        )

    summaries = ids("工作总结", "year", "2023") | ids("工作总结", "year", "2021") | ids("工作总结", "year", "2022")
    with serve(yearly_site) as base:
        context, page, watch = clipboard_page(browser, base)
        page.goto(base + "outlines/genre/zongjie/")
        assert shown(page) == summaries and len(summaries) == 5
        tested = []
        for facet in facets:
            values = page.locator(f".fanli-filter select[name={facet}] option").evaluate_all(
                "os => os.map(o => o.value)"
            )
            # a value that some outlines have and others lack
            value = next(v for v in values if v and 0 < len(ids("工作总结", facet, v)) < len(summaries))
            page.select_option(f".fanli-filter select[name={facet}]", value)
            assert shown(page) == ids("工作总结", facet, value), (facet, value)
            status = page.locator(".fanli-filter-status").inner_text()
            assert f"共 {len(ids('工作总结', facet, value))} 条符合" in status
            assert f"{facet}={value}" in page.url
            page.click(".fanli-filter button[type=reset]")
            page.wait_for_function("() => !location.hash")
            assert shown(page) == summaries
            tested.append(facet)
        assert tested == ["year", "theme", "level"]

        # from the address, as a link from elsewhere opens it
        page.goto(base + "outlines/")
        page.goto(base + "outlines/genre/zongjie/#level=xiangzhen")
        assert shown(page) == ids("工作总结", "level", "xiangzhen")
        assert page.locator(".fanli-filter select[name=level]").input_value() == "xiangzhen"
        # 文种: another genre's page, the level filter kept
        genre = page.locator(".fanli-filter select[name=genre]")
        assert genre.evaluate("s => s.options[s.selectedIndex].text").startswith("工作总结")
        target = genre.locator("option", has_text="述职报告").get_attribute("value")
        page.select_option(".fanli-filter select[name=genre]", target)
        page.wait_for_url("**/outlines/genre/shuzhi/#level=xiangzhen")
        page.wait_for_load_state("load")
        assert shown(page) == ids("述职报告", "level", "xiangzhen")
        assert page.locator(".fanli-filter select[name=level]").input_value() == "xiangzhen"

        # one marker per heading: the lists draw none of their own, headings keep their numbering
        page.goto(base + "outlines/genre/zongjie/")
        lists = page.locator(".fanli-tree, .fanli-tree ol")
        styles = [e.evaluate("e => getComputedStyle(e).listStyleType") for e in lists.all()]
        assert styles and set(styles) == {"none"}
        common = page.locator(".fanli-common-outline")
        common.locator(".fanli-copy").click()
        page.wait_for_function(
            "() => document.querySelector('.fanli-common-outline .fanli-copy').textContent === '已复制'"
        )
        expected = next(o for o in genre_outlines(library) if o.genre.name == "工作总结")
        assert page.evaluate("() => navigator.clipboard.readText()").splitlines() == [h.text for h in expected.headings]
        # nor a bullet before the numbered headings a theme page lists under its reports
        page.goto(base + "themes/dangfeng/")
        anchors = page.locator("#sections ~ .fanli-list .fanli-anchors")
        assert anchors.count() and {a.evaluate("e => getComputedStyle(e).listStyleType") for a in anchors.all()} == {
            "none"
        }
        assert watch.errors == [] and watch.outside == []
        context.close()


def test_outline_library_filters_from_disk(browser, disk_site: Path) -> None:
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / "outlines" / "genre" / "zongjie.html").as_uri())
    entries = page.locator(".fanli-outline-entry")
    assert entries.count() == 2
    page.select_option(".fanli-filter select[name=level]", "shizhi")
    assert [entries.nth(i).is_visible() for i in range(2)].count(True) == 1
    target = page.locator(".fanli-filter select[name=genre] option", has_text="工作汇报").get_attribute("value")
    page.select_option(".fanli-filter select[name=genre]", target)
    page.wait_for_url("**/outlines/genre/huibao.html#level=shizhi")
    page.wait_for_load_state("load")
    assert page.locator(".fanli-filter select[name=level]").input_value() == "shizhi"
    assert page.locator(".fanli-common-outline li").count() > 0
    assert watch.errors == [] and watch.outside == []
    page.close()


def _scheme(page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def _switch_palette(page) -> str:
    """Press the header's palette switch; the scheme it switched to (from light to dark or back)."""
    scheme = _scheme(page)
    page.locator("label.md-header__button[for^=__palette]:visible").click()
    switched = _scheme(page)
    assert {scheme, switched} == {"default", "slate"}
    return switched


def test_palette_switch_is_kept(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "years/")
        switched = _switch_palette(page)
        page.goto(base + "basket/")
        assert _scheme(page) == switched
        # footer prev/next on pages in the navigation
        assert page.goto(base + "years/") and page.locator(".md-footer__link--next").count() == 1
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_header_search_box_shows_a_focus_ring_and_the_palette_switch_works_from_disk(
    browser, sample_site: Path, disk_site: Path
) -> None:
    with serve(sample_site) as base:
        for address, origin in ((base + "years/", base), ((disk_site / "years.html").as_uri(), "file://")):
            page = browser.new_page()
            watch = PageWatch(page, origin)
            page.goto(address)
            box = page.locator(".fanli-header-search input")
            assert box.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
            for _ in range(30):  # reached by the keyboard, as a keyboard user reaches it
                page.keyboard.press("Tab")
                if box.evaluate("e => e === document.activeElement"):
                    break
            ring = box.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
            assert ring == ["solid", "2px"], address
            switched = _switch_palette(page)
            page.reload()
            assert _scheme(page) == switched, address
            assert watch.errors == [] and watch.outside == []
            page.close()


def test_theme_pages_list_reports_before_related_sections(sample_site: Path) -> None:
    html = (sample_site / "themes" / "dangfeng" / "index.html").read_text(encoding="utf-8")
    assert 'id="sections"' in html and html.index('id="documents"') < html.index('id="sections"')
    overview = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "2023–2023" not in overview and "年份 2023年" in overview


def test_section_example_download_follows_the_filters(browser, sample_site: Path, tmp_path: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "kinds/wenti/#genre=baogao")
        shown = [a for a in page.locator(".fanli-example:visible header > a").all_inner_texts()]
        assert shown and len(shown) < page.locator(".fanli-example").count()
        with page.expect_download() as info:
            page.click(".fanli-word-export")
        assert info.value.suggested_filename == "段落范例_·_问题（文种_工作报告）.docx"
        path = tmp_path / "examples.docx"
        info.value.save_as(path)
        word = docx.Document(str(path))
        headings = [p.text for p in word.paragraphs if p.style.style_id == "FanliHeading1"]
        assert [h.split("（")[0] for h in headings] == shown
        assert word.paragraphs[-1].text == "筛选：文种 工作报告。共 1 条。"
        assert word.settings.odd_and_even_pages_header_footer

        # the phrase library: the phrases its filters select, one paragraph each
        page.goto(base + "phrases/")
        page.select_option(".fanli-filter select[name=pattern]", index=1)
        wanted = page.evaluate(
            "() => document.querySelector('form.fanli-filter').fanliMatching().map(row => row.label)"
        )
        with page.expect_download() as info:
            page.click(".fanli-word-export")
        info.value.save_as(path)
        word = docx.Document(str(path))
        texts = [p.text for p in word.paragraphs]
        assert texts[0] == "表述库" and texts[1:-1] == wanted[:DOWNLOAD_LIMIT] and texts[-1].startswith("筛选：来源 ")
        assert watch.errors == [] and watch.outside == []
        # a data script that cannot be loaded (the shared loader of common.js) fails with the caller's message
        missing = "() => window.fanliCommon.loading('missing.js', '数据未能加载').then(() => 'loaded', e => e.message)"
        assert page.evaluate(missing) == "数据未能加载"
        page.close()


def test_chinese_404_finds_home_under_a_sub_path_and_from_disk(browser, sample_site: Path, disk_site: Path) -> None:
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    with serve(sample_site.parent) as base:  # the site under a sub-path: /site/
        page = browser.new_page()
        watch = PageWatch(page, base)
        missing = base + "site/2023/no-such-unit/"
        page.route(missing, lambda route: route.fulfill(status=404, body=html, content_type="text/html"))
        page.goto(missing)
        assert page.locator("h1").inner_text() == "404 · 页面不存在"
        page.click("#fanli-home")
        page.wait_for_url(base + "site/")
        page.locator(".fanli-counts").wait_for()
        assert page.locator(".fanli-counts").count() == 1
        assert [e for e in watch.errors if "status of 404" not in e] == [] and watch.outside == []
        page.close()
    page = browser.new_page()
    watch = PageWatch(page, "file://")
    page.goto((disk_site / "404.html").as_uri())
    assert page.locator("h1").inner_text() == "404 · 页面不存在"
    page.click("#fanli-home")
    page.wait_for_load_state("load")
    assert page.url == (disk_site / "index.html").as_uri()
    page.locator(".fanli-counts").wait_for()
    assert page.locator(".fanli-counts").count() == 1
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_basket_takes_a_search_hit_with_its_source(browser, sample_site: Path) -> None:
    with serve(sample_site) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "search/?q=" + "警示教育")
        hit = page.locator(".fanli-hit").first
        hit.locator(".fanli-basket-add").click()
        stored = _basket(page)["entries"][0]
        assert stored["text"] == hit.locator(".fanli-hit-text").inner_text()
        assert stored["source"]["title"] == hit.locator(".fanli-hit-meta a").inner_text()
        assert stored["source"]["url"] == hit.locator(".fanli-hit-meta a").evaluate("a => a.href")
        assert "警示教育" in stored["text"] and page.locator(".fanli-basket-count").inner_text() == "1"
        assert watch.errors == [] and watch.outside == []
        page.close()


def test_report_download_is_made_in_the_browser_with_the_builds_blocks(
    browser, sample_site: Path, disk_site: Path, tmp_path: Path
) -> None:
    """A report's Word file comes from its page (no file per report in the site), served and from disk,
    holding exactly the blocks render/word.py would put in it, with their styles."""
    from fanli.core.load import load_library
    from fanli.render.word import document_blocks

    doc = next(d for d in load_library(ROOT / "data").documents if SUMMARY.endswith(d.id))
    expected = [(b.style, b.text) for b in document_blocks(doc)]
    assert not (sample_site / "word" / "reports").exists()
    with serve(sample_site) as base:
        for address, origin in ((base + SUMMARY + "/", base), ((disk_site / (SUMMARY + ".html")).as_uri(), "file://")):
            page = browser.new_page()
            watch = PageWatch(page, origin)
            page.goto(address)
            page.wait_for_selector(".fanli-text .fanli-basket-add")  # the buttons scripts add are left out
            with page.expect_download() as info:
                page.click(".fanli-report-word")
            assert info.value.suggested_filename == doc.title + ".docx"
            path = tmp_path / "report.docx"
            info.value.save_as(path)
            word = docx.Document(str(path))
            assert [(p.style.style_id, p.text) for p in word.paragraphs] == expected
            assert word.settings.odd_and_even_pages_header_footer
            assert watch.errors == [] and watch.outside == []
            page.close()
