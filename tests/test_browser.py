"""The sample site in a real browser: browse from home to a report's outline entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import PageWatch, serve

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

        entry = page.locator(".fanli-outline a[href^='#s']").nth(1)
        target = entry.get_attribute("href")
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
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "years/")
        page.locator(".fanli-table a").first.click()
        page.locator(".fanli-list a").first.click()
        expected = page.locator("#p1").evaluate("e => e.firstChild.textContent")
        page.evaluate(
            """() => { const b = document.createElement('button');
            b.className = 'fanli-copy'; b.dataset.copyFrom = 'p1'; b.textContent = '复制';
            document.querySelector('#p1').appendChild(b); }"""
        )
        page.locator("#p1 .fanli-copy").click()
        page.wait_for_function("() => document.querySelector('#p1 .fanli-copy').textContent === '已复制'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.locator("#p1").evaluate("e => e.innerText.replace(/¶|复制|已复制/g, '').trim()")
        assert copied.startswith(expected[:20]) and "¶" not in copied and "复制" not in copied
        assert watch.errors == [] and watch.outside == []
        context.close()
