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
