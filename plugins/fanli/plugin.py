"""MkDocs glue: load the data, add the generated pages as virtual files, watch `data/`.

The only module that imports MkDocs. Everything it does is delegated to `core.load`, `site.plan`,
`render.html` and `render.side_outputs`; what stays here is configuration, file objects, when each
thing happens during the build (page bodies rendered as their page is written; the search index,
data scripts and Word files written by a forked worker meanwhile), and serve-time watching.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Sequence
from functools import partial
from importlib.resources import files as package_files
from pathlib import Path
from time import perf_counter
from typing import Any

import jinja2
import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from fanli.core.errors import Problem, display_path
from fanli.core.load import DataError, LoadCache, load_library
from fanli.core.model import Document, Library, Section, Taxonomy
from fanli.render.html import OVERVIEW_MARKER, Renderer, compact_layout, renderer_stamp
from fanli.render.reuse import OutputReuse, Plan, source_stamp
from fanli.render.side_outputs import SideOutputError, SideOutputs, Written, write_side_outputs
from fanli.site import indexes, pages, routes, search_index
from fanli.site.collisions import address_clashes
from fanli.site.indexes import Example, PlanMemo
from fanli.site.phrases import PhraseEntry
from fanli.site.plan import ScriptSpec, site_plan

log = logging.getLogger("mkdocs.plugins.fanli")
serve_log = logging.getLogger("fanli.serve")

ASSETS_URI = "assets/fanli"  # where the package's assets/ folder is published; its .css and .js load on every page
BODY_SLOT = "<!-- fanli:body -->"  # stands for a generated page's body until `on_page_context`
OVERVIEW_PAGES = frozenset(
    {
        routes.YEARS,
        routes.THEMES,
        routes.UNITS,
        routes.GENRES,
        routes.KINDS,
        routes.OUTLINES,
        routes.PHRASES,
        routes.TRENDS,
    }
)


def _assets():
    return package_files("fanli.render") / "assets"


def _asset_files(folder, uri: str):
    """(published uri, file) of every file under the package's assets/, subfolders included."""
    for entry in folder.iterdir():
        if entry.is_file():
            yield f"{uri}/{entry.name}", entry
        elif entry.is_dir():
            yield from _asset_files(entry, f"{uri}/{entry.name}")


def _toc_token(section: Section) -> Any:
    """A section as a table-of-contents entry (its title is HTML, so the heading is escaped)."""
    return {
        "level": section.depth + 1,
        "id": section.anchor,
        "name": str(markupsafe.escape(section.heading)),
        "children": [_toc_token(sub) for sub in section.subsections],
    }


def _data_problems(problems: Sequence[Problem]) -> PluginError:
    return PluginError(
        f"fanli: {len(problems)} problem(s) in the data, nothing was built:\n" + "\n".join(map(str, problems))
    )


def _docs_pages(docs_dir: str) -> list[str]:
    """The Markdown pages under `docs_dir`, relative to it: MkDocs lists its files only after on_config."""
    root = Path(docs_dir)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


def nav_without(nav: list[Any], titles: Sequence[str]) -> tuple[list[Any], list[str]]:
    """mkdocs.yml's `nav` without its sections titled in `titles` (at any depth), and the pages those held.
    A title that names no section is an error: a typo must not publish the pages it meant to leave out."""
    found: set[str] = set()
    left_out: list[str] = []

    def pages_in(value: Any) -> None:
        if isinstance(value, str):
            left_out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                pages_in(item)
        elif isinstance(value, list):
            for item in value:
                pages_in(item)

    def kept(items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                ((title, value),) = item.items()
                if title in titles and isinstance(value, list):
                    found.add(title)
                    pages_in(value)
                    continue
                if isinstance(value, list):
                    item = {title: kept(value)}
            out.append(item)
        return out

    without = kept(nav)
    missing = [title for title in titles if title not in found]
    if missing:
        raise PluginError(f"fanli: leave_out: mkdocs.yml's nav has no section titled {', '.join(missing)}")
    return without, left_out


class PositiveInt(c.Type):
    """A whole number of at least 1 (a page of 0 entries would divide by zero)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise c.ValidationError(f"Expected a whole number of at least 1, got {value!r}")
        return number


class GeneratedPage(Page):
    """A page fanli renders itself: no Markdown source to read or convert.

    MkDocs makes a Python-Markdown converter for every page, and its set-up costs more than
    converting the few bytes of front matter a generated page would have; set as the file's page
    in `on_files` (MkDocs uses a File's page when one is set), this skips both steps. Its body
    is put in place in `on_page_context`, like every generated page's."""

    def __init__(self, title: str, file: File, config: MkDocsConfig) -> None:
        super().__init__(title, file, config)
        self.front_matter = {"title": title}  # what the page's front matter would have been

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", dict(self.front_matter)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = BODY_SLOT
        self.toc = get_toc([])
        self.present_anchor_ids = set()


class KeptFile(File):
    """A generated page whose output from the last build in this site folder is still right: under
    `mkdocs serve --dirty`, MkDocs neither renders nor writes an unmodified file."""

    _modified: bool | None = None

    def is_modified(self) -> bool:
        """MkDocs asks more than once per build: the file system is asked once."""
        if self._modified is None:
            self._modified = not os.path.isfile(self.abs_dest_path)
        return self._modified


class FanliConfig(base.Config):
    data_dir = c.Dir(exists=True, default="data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder whose templates override the built-in ones of the same name."""
    page_size = PositiveInt(default=200)
    group_size = PositiveInt(default=30)
    parallel = c.Type(bool, default=True)
    """Write the search index, data scripts and Word files in a second process while MkDocs writes pages."""
    leave_out = c.ListOfItems(c.Type(str), default=[])
    """Titles of nav sections whose pages the site leaves out, neither built nor in the navigation: the
    developer pages (开发说明) of a library published to its readers (docs/deploy.md)."""


class FanliPlugin(BasePlugin[FanliConfig]):
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.document_pages: list[str] = []
        self.library: Library | None = None
        self.specs: dict[str, pages.PageSpec] = {}
        self.scripts: list[ScriptSpec] = []
        self.side_outputs = SideOutputs()
        self.data_dir = Path("data")
        self.templates_dir: Path | None = None
        self.renderer = Renderer(Taxonomy((), (), (), ()), True, None)  # replaced once the data is loaded
        self.pages: list[pages.PageSpec] = []
        self.examples: dict[str, list[Example]] = {}
        self.phrases: list[PhraseEntry] = []
        self.serving = False  # under `mkdocs serve`, broken data shows an error page instead of stopping
        self.broken: Sequence[Problem] = ()  # the problems of the data being served
        self.load_cache = LoadCache()  # unit files read once per serve session, re-read when changed
        self.memo = PlanMemo()  # and what is derived from each document, worked out again when it changed
        self.reuse: OutputReuse | None = None  # under `mkdocs serve --dirty`: what the last build left
        self.kept = Plan(frozenset(), frozenset(), {})
        self.page_files: set[str] = set()  # this build's generated pages, site-relative
        self.side_outputs_started = False  # under --dirty, before the pages are compared
        self.other_files: set[str] = set()  # and every other file MkDocs writes from its file list
        self.search_cache = search_index.SearchCache()  # under `mkdocs serve --dirty`: documents prepared once
        self.left_out: list[str] = []  # the pages under docs/ of the nav sections left out (leave_out)
        self.last_files: Files | None = None  # the last build's files, kept to cut their links (`_release_last_build`)

    def _timed(self, phase: str, started: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + perf_counter() - started

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined, MkDocs keeps this plugin object from one `mkdocs serve` rebuild to the next (it makes a
        new one per build otherwise): the rebuild after an edit reads only changed unit files, and under
        `mkdocs serve --dirty` renders and writes only the pages and files whose inputs changed."""
        self.serving = command == "serve"
        self.reuse = OutputReuse() if self.serving and dirty else None

    def on_shutdown(self) -> None:
        self._release_last_build()
        self.renderer.release()
        self.reuse = None
        self.search_cache = search_index.SearchCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            return self._configure(config)
        except DataError as e:
            if not self.serving:
                raise _data_problems(e.problems) from None
            serve_log.error(str(_data_problems(e.problems)))  # a logger of its own: strict mode would abort
            self.broken, self.library, config.nav = e.problems, None, None
            if self.reuse is not None:
                self.reuse.forget()
            return config

    def _release_last_build(self) -> None:
        """Cuts the links between the last build's files and pages (`File.page` ↔ `Page.file`, the nav's).

        Each link is a cycle, which reference counting cannot free: only a full run of the cycle
        collector frees such objects, and in a long serve session it runs rarely (the library and what
        is derived from it make the oldest generation big, and `gc.freeze` during a build hides the
        last build's leftovers from it). Every rebuild's pages and files then stayed in memory. Cut,
        they go when the last of their other references does."""
        for file in self.last_files or ():
            if file.page is not None:  # and the navigation's links between pages
                file.page.parent = file.page.previous_page = file.page.next_page = None
            file.page = None
        self.last_files = None
        self.renderer.forget_texts()  # the renderer itself may serve the next build (`_renderer`)
        gc.collect(1)  # and the young cycles the last pages' rendering left, which `gc.freeze` would keep

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self._release_last_build()
        self.timings, self.broken, self.side_outputs_started = {}, (), False
        self.left_out = []
        if self.config.leave_out:
            config.nav, self.left_out = nav_without(config.nav or [], self.config.leave_out)
        started = perf_counter()
        self.data_dir = Path(self.config.data_dir).resolve()  # c.Dir made it relative to mkdocs.yml
        self.library = load_library(self.data_dir, self.load_cache)
        self._timed("load", started)
        gc.freeze()  # the library lives to the end of the build: spare it the collector's scans while deriving

        started = perf_counter()
        # the last plan goes before the next is made (what the next plan gives again, `PlanMemo` holds)
        self.pages, self.scripts, self.examples, self.phrases, self.specs = [], [], {}, [], {}
        settings = pages.Settings(page_size=self.config.page_size, group_size=self.config.group_size)
        plan = site_plan(self.library, settings, self.memo if self.serving else None)
        self.pages, self.scripts, self.examples, self.phrases = plan.pages, plan.scripts, plan.examples, plan.phrases
        gc.freeze()  # and the plan too
        self._timed("derive", started)
        docs_dir = display_path(Path(config.docs_dir))
        clashes = address_clashes(self.pages, _docs_pages(config.docs_dir), docs_dir, config.use_directory_urls)
        if clashes:  # now, while the previous site is whole: MkDocs empties the site folder after on_config
            raise DataError(clashes)

        self.templates_dir = Path(self.config.templates_dir).resolve() if self.config.templates_dir else None
        self.renderer = self._renderer(self.library.taxonomy, config.use_directory_urls)
        for asset in sorted(_assets().iterdir(), key=lambda a: a.name):
            uri = f"{ASSETS_URI}/{asset.name}"
            wanted = {".css": config.extra_css, ".js": config.extra_javascript}.get(Path(asset.name).suffix)
            if wanted is not None and uri not in wanted:
                wanted.append(uri)
        # fanli's theme folder (the search box's <meta>) goes after the user's custom_dir, before the theme
        theme_dir = str(package_files("fanli.render") / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        self._plan_reuse(config)
        log.info(f"fanli: {len(self.library.documents)} documents, {len(self.pages)} generated pages")
        return config

    def _renderer(self, taxonomy: Taxonomy, use_directory_urls: bool) -> Renderer:
        """The last build's renderer when the taxonomy, the URL style and every template file are as they
        were (a serve rebuild: Jinja compiled each template once, not once per build), else a new one."""
        if self.renderer.stamp == renderer_stamp(taxonomy, use_directory_urls, self.templates_dir):
            return self.renderer
        self.renderer.release()
        return Renderer(taxonomy, use_directory_urls, self.templates_dir)

    def _plan_reuse(self, config: MkDocsConfig) -> None:
        """Under `mkdocs serve --dirty`: which pages and scripts the last build left right (`render.reuse`)."""
        if self.reuse is None or self.library is None:
            return
        started = perf_counter()
        package = package_files("fanli.render")
        salt = source_stamp(
            Path(config.config_file_path) if config.config_file_path else None,
            [
                Path(config.docs_dir),
                self.templates_dir,
                *(Path(str(package / name)) for name in ("templates", "theme")),
            ],
            [str(folder) for folder in config.theme.dirs],
            self.library.taxonomy,
            config.use_directory_urls,
            config.site_url,
            list(config.extra_css),
            [str(script) for script in config.extra_javascript],
        )
        self.kept = self.reuse.plan_scripts(Path(config.site_dir), salt, self.scripts)
        # the site folder is not emptied under --dirty: the worker can start now, beside the pages' comparison
        self._start_side_outputs(Path(config.site_dir))
        kept_pages = self.reuse.plan_pages(self.pages)
        self.kept = Plan(kept_pages, self.kept.kept_scripts, self.kept.side_files)
        if self.reuse.unknown:
            log.debug(f"fanli: {self.reuse.unknown} pages or scripts cannot be compared and are always rebuilt")
        self._timed("reuse", started)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.broken:  # one page, the error page; every other address gets it as the 404 page
            return Files([File.generated(config, "index.md", content="")])
        started = perf_counter()
        docs_dir = Path(config.docs_dir)
        self.document_pages = []
        self.specs = {}
        for src in self.left_out:
            left_out = files.get_file_from_path(src)
            if left_out is not None:
                files.remove(left_out)
        if self.reuse is not None:  # a hand-written page with the overview's counts: rebuilt every time
            for file in files.documentation_pages():
                if OVERVIEW_MARKER in file.content_string:
                    file.content_string = file.content_string  # content set in memory: File.is_modified() is true
        self.other_files = {file.dest_uri for file in files}
        self.page_files = set()
        edit_uris: dict[str, str] = {}  # by data file: many pages come from one unit file
        for spec in self.pages:
            if files.get_file_from_path(spec.src) is not None:
                raise PluginError(f"fanli: {docs_dir / spec.src} is in the way of a page fanli generates; rename it")
            inclusion = InclusionLevel.INCLUDED if spec.src in OVERVIEW_PAGES else InclusionLevel.NOT_IN_NAV
            kept = spec.src in self.kept.kept_pages and spec.src not in OVERVIEW_PAGES
            # a kept page is neither read nor rendered: no Markdown to make for it
            content = "" if kept else self.renderer.markdown_page(spec, body=BODY_SLOT)
            file = (KeptFile if kept else File).generated(config, spec.src, content=content, inclusion=inclusion)
            self.page_files.add(file.dest_uri)
            if spec.edit_path:
                edit_uri = edit_uris.get(spec.edit_path)
                if edit_uri is None:
                    edit_uri = os.path.relpath(Path(spec.edit_path).resolve(), docs_dir).replace(os.sep, "/")
                    edit_uris[spec.edit_path] = edit_uri
                file.edit_uri = edit_uri
            if spec.template == "document.html":
                self.document_pages.append(file.dest_uri)
            self.specs[spec.src] = spec
            files.append(file)
            if spec.src not in OVERVIEW_PAGES:  # those are in the nav, which gives them their titles
                GeneratedPage(self.renderer.theme_title(spec), file, config)
        for uri, asset in _asset_files(_assets(), ASSETS_URI):
            asset_file = File.generated(config, uri, abs_src_path=str(asset))
            files.append(asset_file)
            self.other_files.add(asset_file.dest_uri)
        self._timed("render", started)
        self.last_files = files
        if not self.side_outputs_started:
            self._start_side_outputs(Path(config.site_dir))
        return files

    def _start_side_outputs(self, site_dir: Path) -> None:
        """The worker that writes the search index, data scripts and Word files (`render.side_outputs`)."""
        assert self.library is not None  # loaded by on_config, which raised otherwise
        search_cache = None
        if self.reuse is not None:  # the search index's documents prepared here, kept for the next rebuild
            started = perf_counter()
            search_cache = self.search_cache
            search_cache.update(self.library, self.renderer.use_directory_urls)
            self._timed("search: prepare", started)
        job = partial(
            write_side_outputs,
            self.library,
            self.renderer,
            self.scripts,
            self.phrases,
            kept_scripts=self.kept.kept_scripts,
            previous=None if self.reuse is None else self.kept.side_files,
            search_cache=search_cache,
        )
        self.side_outputs.start(job, site_dir, self.config.parallel)
        self.side_outputs_started = True

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if OVERVIEW_MARKER not in markdown or self.library is None:
            return markdown
        block = self.renderer.render_overview(indexes.overview(self.library, self.examples), page.file.src_uri)
        return markdown.replace(OVERVIEW_MARKER, block)

    def _spec(self, page: Page) -> pages.PageSpec | None:
        return self.specs.get(page.file.src_uri) if page.file.generated_by is not None else None

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        """Renders a generated page's body just before its page is written: MkDocs keeps every page's
        content from the Markdown step to the end of the build, so bodies rendered earlier would all
        be in memory at once."""
        spec = self._spec(page)
        if spec is not None:
            started = perf_counter()
            page.content = self.renderer.render_body(spec)
            doc = spec.context.get("doc") if spec.template == "document.html" else None
            if isinstance(doc, Document) and doc.sections:
                page.toc = get_toc([_toc_token(section) for section in doc.sections])  # the outline, on the right
            self._timed("render", started)
        return context

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """The theme's JSON (Material's `__config` on every page) keeps Chinese as UTF-8, not as
        `\\uXXXX` escapes: ~0.3 KB less on every page (the JSON stays escaped for HTML: `<`, `>`, `&`, `'`)."""
        env.policies["json.dumps_kwargs"] = {**env.policies["json.dumps_kwargs"], "ensure_ascii": False}
        return env

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return (
            self.renderer.render_serve_error(self.broken)
            if self.broken and template_name == "404.html"
            else output_content
        )

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.broken:
            return self.renderer.render_serve_error(self.broken)
        if self._spec(page) is not None:
            page.content = BODY_SLOT  # written: let the body go
            return compact_layout(output)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        started = perf_counter()
        try:
            written = self.side_outputs.finish()
        except SideOutputError as e:
            raise PluginError(f"fanli: writing the search index, data scripts or Word files failed:\n{e}") from None
        finally:
            gc.unfreeze()  # a later build in this process (serve, tests) may collect them again
        if not isinstance(written, Written):  # the error page was built
            return
        for phase, seconds in written.timings.items():
            self.timings[phase] = self.timings.get(phase, 0.0) + seconds
        self._timed("side outputs: waited", started)
        if self.reuse is not None:
            stale = self.reuse.finish(self.page_files, written.files, self.other_files)
            serve_log.debug(f"fanli: kept {len(self.kept.kept_pages)} pages, removed {len(stale)} stale files")

    def on_build_error(self, error: Exception) -> None:
        self.side_outputs.cancel()
        gc.unfreeze()
        if self.reuse is not None:
            self.reuse.forget()

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.data_dir))
        if self.templates_dir:
            server.watch(str(self.templates_dir))
        return server
