"""Real-browser helpers: Debian's chromium driven by Playwright, a site served on loopback."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from fanli.dev.localsite import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: F401  (serve is imported from here by tests)


class PageWatch:
    """Records console errors, page errors and every request that would leave the site."""

    def __init__(self, page, origin: str) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        allowed = urlsplit(origin).netloc if origin.startswith("http") else ""
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            url = urlsplit(r.request.url)
            if url.scheme in ("data", "blob") or (url.scheme == "file" and not allowed):
                return r.continue_()
            if url.netloc == allowed and url.scheme in ("http", "https"):
                return r.continue_()
            self.outside.append(r.request.url)
            return r.abort()

        page.route("**/*", route)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium is not installed at {CHROMIUM}: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def clipboard_page(browser, base: str):
    """A new page allowed to read and write the clipboard, and its watch."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    return context, page, PageWatch(page, base)
