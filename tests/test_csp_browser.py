"""The built site under the strict Content-Security-Policy of docs/deploy.md: no violation on any page kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.dev.csp import policy

from browser import PageWatch, serve

# One page of each template, the forms pressed with Enter (they used inline onsubmit handlers).
PAGES = ["", "years/", "themes/", "kinds/", "kinds/chengxiao/", "kinds/compare/", "phrases/", "outlines/", "search/"]
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


@pytest.mark.browser
def test_pages_load_under_the_strict_policy_without_violations(browser, sample_site: Path) -> None:
    header = policy(sample_site)
    assert "'unsafe-inline'" not in header.split("script-src")[1].split(";")[0]
    with serve(sample_site, {"Content-Security-Policy": header}) as base:
        context = browser.new_context()
        page = context.new_page()
        watch = PageWatch(page, base)
        page.add_init_script(RECORD)
        documents = sorted(p.parent for p in sample_site.glob("20*/*/*/index.html"))
        for path in [*PAGES, f"{documents[0].relative_to(sample_site).as_posix()}/"]:
            page.goto(base + path)
            page.wait_for_load_state("load")
            forms = page.locator("form.fanli-filter input, form.fanli-compare input[type=search]")
            if forms.count():
                url = page.url
                forms.first.press("Enter")
                assert page.url == url, f"{path}: submitting the form left the page"
            assert page.evaluate("window.__violations") == [], path
        context.close()
    assert not [e for e in watch.errors if "Content Security Policy" in e], watch.errors
    assert watch.outside == []


@pytest.mark.browser
def test_404_page_finds_home_under_the_strict_policy_under_a_sub_path(browser, sample_site: Path) -> None:
    """The 404 page is served at any missing address, at any depth: it cannot name a script file
    relative to itself, so its one inline script (which finds the site's home) is allowed by hash."""
    header = policy(sample_site)
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    with serve(sample_site.parent, {"Content-Security-Policy": header}) as base:  # the site under /site/
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.add_init_script(RECORD)
        for missing in ("site/2023/no-such-unit/no-such-report/", "site/no-such-page.html"):
            page.route(
                base + missing,
                lambda route: route.fulfill(
                    status=404, body=html, content_type="text/html", headers={"Content-Security-Policy": header}
                ),
            )
            page.goto(base + missing)
            assert page.evaluate("window.__violations") == [], missing
            assert page.locator("#fanli-home").evaluate("a => a.href") == base + "site/", missing
        page.click("#fanli-home")
        page.wait_for_url(base + "site/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == []
        page.close()
    assert not [e for e in watch.errors if "Content Security Policy" in e], watch.errors
    assert watch.outside == []
