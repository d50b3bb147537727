"""Jinja templates → Markdown pages: front matter (the title) and a body of HTML.

Autoescaping is on for every template, so data text can never become markup, and the body
is HTML that no Markdown processor interprets, so Markdown syntax in the data (`**镇`) stays
text too. `markdown_page` gives a whole page for any Markdown site generator; the MkDocs
plugin hands MkDocs the front matter only and puts the body in place after conversion,
which spares Python-Markdown from re-parsing large HTML blocks (most of the build time at
10,000 reports). Links are relative to the page, so the output works with directory URLs
and with `.html` URLs opened from disk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from fanli.core.model import Taxonomy
from fanli.core.text import PLACEHOLDER, split_placeholders
from fanli.site import routes
from fanli.site.indexes import Overview
from fanli.site.pages import PageSpec

OVERVIEW_MARKER = "<!-- fanli:overview -->"


class Renderer:
    def __init__(self, taxonomy: Taxonomy, use_directory_urls: bool = True, templates_dir: str | Path | None = None):
        loaders: list[jinja2.BaseLoader] = []
        if templates_dir:
            loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
        loaders.append(jinja2.PackageLoader("fanli.render", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["placeholders"] = split_placeholders
        self.env.globals["placeholder_pattern"] = PLACEHOLDER.pattern  # the search page marks them the same way
        self.env.filters["script_json"] = script_json
        self.env.globals["route"] = routes
        for axis in ("genres", "levels", "kinds", "themes", "functions"):
            self.env.globals[f"{axis[:-1]}_slug"] = taxonomy.slugs(axis)
        self.use_directory_urls = use_directory_urls

    def url(self, src: str) -> str:
        return routes.page_url(src, self.use_directory_urls)

    def _linker(self, current_src: str):
        current = self.url(current_src)

        def link(src: str, anchor: str = "") -> str:
            """The page made from `src` (a .md source), or the file `src` itself, relative to the current page."""
            href = routes.relative_url(self.url(src) if src.endswith(".md") else src, current)
            return f"{href}#{anchor}" if anchor else href

        return link

    def render_template(self, template: str, current_src: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            link=self._linker(current_src), current_src=current_src, **context
        )

    def render_body(self, page: PageSpec) -> str:
        """The HTML body of a generated page."""
        return self.render_template(page.template, page.src, page=page, title=page.title, **page.context)

    def markdown_page(self, page: PageSpec, body: str | None = None) -> str:
        """The page as Markdown: front matter with the title, then `body` (default: the rendered body)."""
        html = self.render_body(page) if body is None else body
        return self.env.get_template("page.md").render(title=page.title, body=markupsafe.Markup(html))

    def render_script(self, key: str, payload: Any) -> str:
        """A data script setting `fanliData[key]` to the payload, for pages opened from a server or from disk."""
        return self.env.get_template("data.js").render(key=key, payload=payload)

    def render_overview(self, overview: Overview, current_src: str) -> str:
        """The counts and entry points that replace OVERVIEW_MARKER in a hand-written page."""
        return self.render_template("overview.html", current_src, overview=overview)


def script_json(value: Any) -> markupsafe.Markup:
    """JSON for a script: compact, readable Chinese, and nothing that could close a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return markupsafe.Markup(text)
