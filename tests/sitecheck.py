"""Reads a built site: every internal link and anchor resolves, nothing loads from another host."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []  # <a href>
        self.loads: list[str] = []  # what the browser fetches: src, <link href>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("src"):
            self.loads.append(values["src"])
        if tag == "link" and values.get("href"):
            self.loads.append(values["href"])


def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    base = page.parent.relative_to(site).as_posix()
    path = unquote(parts.path)
    if path.startswith("/"):
        resolved = posixpath.normpath(path.lstrip("/") or ".")
    elif path:
        resolved = posixpath.normpath(posixpath.join(base, path))
    else:
        resolved = page.relative_to(site).as_posix()
    target = site / resolved
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link or load in the site whose file or anchor does not exist."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []
    for page, parsed in pages.items():
        for href in parsed.links + parsed.loads:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target, fragment = _target(site, page, href)
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {href} -> missing {target.relative_to(site)}")
            elif fragment and "=" not in fragment and target.suffix == ".html":  # key=value: a state for scripts
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: {href} -> no #{fragment}")
    return problems


def external_loads(site: Path) -> list[str]:
    """Every script, style, image or font a page would fetch from another host."""
    found = []
    for page in site.rglob("*.html"):
        for ref in parse(page).loads:
            if urlsplit(ref).scheme in ("http", "https") or ref.startswith("//"):
                found.append(f"{page.relative_to(site)}: {ref}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if "url(http" in text or "url(//" in text or "@import url(http" in text:
            found.append(f"{css.relative_to(site)}: loads a remote url()")
    return found
