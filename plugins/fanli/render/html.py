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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from fanli.core.model import Document, Paragraph, Section, Taxonomy
from fanli.core.text import PLACEHOLDER, split_placeholders
from fanli.render.reuse import source_stamp
from fanli.render.word import browser_layout
from fanli.site import routes
from fanli.site.indexes import Overview, source_label
from fanli.site.pages import PageSpec, resolved
from fanli.site.similar import SimilarWording

OVERVIEW_MARKER = "<!-- fanli:overview -->"
MARKED_CACHE = 1 << 16  # marked texts kept: titles and unit names recur on many pages, paragraphs rarely


def renderer_stamp(taxonomy: Taxonomy, use_directory_urls: bool, templates_dir: str | Path | None) -> bytes:
    """What a `Renderer` is made from (`reuse.source_stamp`): its arguments and every template file's
    path, size and modification time, the override folder's and the package's. A serve rebuild with the
    same stamp keeps the last build's renderer and the templates it compiled."""
    package = Path(str(package_files("fanli.render") / "templates"))
    return source_stamp(None, [Path(templates_dir) if templates_dir else None, package], taxonomy, use_directory_urls)


class Renderer:
    def __init__(self, taxonomy: Taxonomy, use_directory_urls: bool = True, templates_dir: str | Path | None = None):
        self.stamp = renderer_stamp(taxonomy, use_directory_urls, templates_dir)  # before any template is read
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
            auto_reload=False,  # a new Renderer is made when a template changes (`renderer_stamp`); no check per use
        )
        self.marked = lru_cache(maxsize=MARKED_CACHE)(self._marked)
        self._placeholder = lru_cache(maxsize=None)(self._placeholder_fragment)
        self.env.filters["marked"] = self.marked
        self.env.filters["reading_order"] = reading_order
        self.env.globals["placeholder_pattern"] = PLACEHOLDER.pattern  # the search page marks them the same way
        self.env.filters["script_json"] = script_json
        self.env.globals["similar_notes"] = similar_notes
        self.env.filters["not_in"] = not_in
        self.env.globals["route"] = routes
        self.env.globals["word_layout"] = browser_layout()  # Word files made in the browser look like the downloads
        for axis in ("genres", "levels", "kinds", "themes", "functions"):
            self.env.globals[f"{axis[:-1]}_slug"] = taxonomy.slugs(axis)
        self.use_directory_urls = use_directory_urls

    def forget_texts(self) -> None:
        """Empties the caches of the last build's texts, which the next build (a serve rebuild) may not show."""
        self.marked.cache_clear()
        self._placeholder.cache_clear()

    def release(self) -> None:
        """Empties the caches of a renderer no longer used: they refer back to it (a cycle, which only the
        cycle collector frees, and late in a long serve session) and hold the texts of the last build."""
        self.forget_texts()
        if self.env.cache is not None:
            self.env.cache.clear()

    def _placeholder_fragment(self, piece: str) -> markupsafe.Markup:
        return markupsafe.Markup(self.env.get_template("_macros.html").module.placeholder(piece))  # type: ignore[attr-defined]

    def _marked(self, text: str) -> markupsafe.Markup:
        """Data text as HTML: escaped once, each placeholder in the `placeholder` macro's mark.

        A filter rather than a macro: a report page shows hundreds of texts, and a macro call per
        text was most of its rendering time. The mark's HTML stays in the template, rendered once
        per distinct placeholder."""
        if PLACEHOLDER.search(text) is None:
            return markupsafe.escape(text)
        return markupsafe.Markup("").join(
            self._placeholder(piece) if mark else markupsafe.escape(piece) for mark, piece in split_placeholders(text)
        )

    def url(self, src: str) -> str:
        return _page_url(src, self.use_directory_urls)

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
        """The HTML body of a generated page (its deferred context values computed now)."""
        return self.render_template(page.template, page.src, page=page, title=page.title, **resolved(page.context))

    def markdown_page(self, page: PageSpec, body: str | None = None) -> str:
        """The page as Markdown: front matter with the title, then `body` (default: the rendered body)."""
        html = self.render_body(page) if body is None else body
        return self.env.get_template("page.md").render(title=self.theme_title(page), body=markupsafe.Markup(html))

    def theme_title(self, page: PageSpec) -> str:
        """The page's title as the theme gets it: MkDocs themes print a title unescaped, so it is escaped here."""
        return str(markupsafe.escape(page.title))

    def render_script(self, key: str, payload: Any) -> str:
        """A data script setting `fanliData[key]` to the payload, for pages opened from a server or from disk."""
        return self.env.get_template("data.js").render(key=key, payload=payload)

    def render_serve_error(self, problems: Sequence[object]) -> str:
        """The page `mkdocs serve` shows at every address while the data is broken."""
        return self.env.get_template("serve_error.html").render(problems=[str(p) for p in problems])

    def render_overview(self, overview: Overview, current_src: str) -> str:
        """The counts and entry points that replace OVERVIEW_MARKER in a hand-written page."""
        return self.render_template("overview.html", current_src, overview=overview)


@lru_cache(maxsize=1 << 17)
def _page_url(src: str, use_directory_urls: bool) -> str:
    """routes.page_url, remembered: a large library's pages link to the same few thousand pages again and again."""
    return routes.page_url(src, use_directory_urls)


def reading_order(doc: Document) -> Iterator[tuple[str, Any]]:
    """The document's text as one flat sequence of steps, for a template to render in a single loop:
    ("part", "opening"), ("paragraph", p) …, ("part end", "opening"), ("section", s), ("paragraph", p) …,
    the subsections' steps, ("section end", s), and the closing part like the opening."""
    yield from _part("opening", doc.opening)
    for section in doc.sections:
        yield from _section_steps(section)
    yield from _part("closing", doc.closing)


def _part(name: str, paragraphs: tuple[Paragraph, ...]) -> Iterator[tuple[str, Any]]:
    if paragraphs:
        yield "part", name
        for paragraph in paragraphs:
            yield "paragraph", paragraph
        yield "part end", name


def _section_steps(section: Section) -> Iterator[tuple[str, Any]]:
    yield "section", section
    for paragraph in section.paragraphs:
        yield "paragraph", paragraph
    for sub in section.subsections:
        yield from _section_steps(sub)
    yield "section end", section


def not_in(labels: Sequence[object], text: str) -> list[str]:
    """The labels (as text) that `text` does not contain: a report's details its title does not already say."""
    return [label for label in map(str, labels) if label not in text]


def similar_notes(similar: Mapping[str, SimilarWording], link: Callable[..., str]) -> dict[str, Any]:
    """A report page's similar-wording notes as data for its script, which puts each under its paragraph:
    `docs`, [address, "unit year"] of each report the notes link to, named once however many notes do
    (most notes of a page point to the same few reports); `notes`, by paragraph anchor,
    [total, doc index, anchor there, doc index, anchor there …]."""
    index: dict[int, int] = {}  # id(document) -> its place in docs (documents hash by value: slow)
    docs: list[list[str]] = []
    notes: dict[str, list[int | str]] = {}
    for anchor, found in similar.items():
        row: list[int | str] = [found.total]
        for place in found.places:
            doc = place.document
            if id(doc) not in index:
                index[id(doc)] = len(docs)
                docs.append([link(routes.document(doc)), source_label(doc)])
            row += [index[id(doc)], place.anchor]
        notes[anchor] = row
    return {"docs": docs, "notes": notes}


LINE_INDENT = re.compile(r"\n\s+")


def compact_layout(html: str) -> str:
    """A generated page without the indentation and blank lines of the theme's templates (a tenth of
    a report page, repeated on every page). Only for pages with no <pre> or <textarea>, whose white space
    would show: fanli's pages have none, and the browser collapses white space everywhere else."""
    return LINE_INDENT.sub("\n", html)


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
