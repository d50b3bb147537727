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
from functools import partial
from importlib.resources import files as package_files
from pathlib import Path
from time import perf_counter

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from fanli.core.load import DataError, load_library
from fanli.core.model import Library
from fanli.render.html import OVERVIEW_MARKER, Renderer
from fanli.render.side_outputs import SideOutputError, SideOutputs, write_side_outputs
from fanli.site import indexes, pages, routes
from fanli.site.plan import ScriptSpec, site_plan

log = logging.getLogger("mkdocs.plugins.fanli")

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


class FanliConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """A folder whose templates override the built-in ones of the same name."""
    page_size = c.Type(int, default=200)
    group_size = c.Type(int, default=30)
    parallel = c.Type(bool, default=True)
    """Write the search index, data scripts and Word files in a second process while MkDocs writes pages."""


class FanliPlugin(BasePlugin[FanliConfig]):
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.document_pages: list[str] = []
        self.library: Library | None = None
        self.specs: dict[str, pages.PageSpec] = {}
        self.scripts: list[ScriptSpec] = []
        self.side_outputs = SideOutputs()

    def _timed(self, phase: str, started: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + perf_counter() - started

    def _project_path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path or ".").parent / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.timings = {}
        started = perf_counter()
        self.data_dir = self._project_path(config, self.config.data_dir)
        try:
            self.library = load_library(self.data_dir)
        except DataError as e:
            raise PluginError(f"fanli: {len(e.problems)} problem(s) in the data, nothing was built:\n{e}") from None
        self._timed("load", started)
        gc.freeze()  # the library lives to the end of the build: spare it the collector's scans while deriving

        started = perf_counter()
        settings = pages.Settings(page_size=self.config.page_size, group_size=self.config.group_size)
        plan = site_plan(self.library, settings)
        self.pages, self.scripts, self.examples, self.phrases = plan.pages, plan.scripts, plan.examples, plan.phrases
        gc.freeze()  # and the plan too
        self._timed("derive", started)

        templates_dir = self.config.templates_dir and self._project_path(config, self.config.templates_dir)
        self.templates_dir = templates_dir
        self.renderer = Renderer(self.library.taxonomy, config.use_directory_urls, templates_dir)
        for asset in sorted(_assets().iterdir(), key=lambda a: a.name):
            uri = f"{ASSETS_URI}/{asset.name}"
            wanted = {".css": config.extra_css, ".js": config.extra_javascript}.get(Path(asset.name).suffix)
            if wanted is not None and uri not in wanted:
                wanted.append(uri)
        # fanli's theme folder (the search box's <meta>) goes after the user's custom_dir, before the theme
        theme_dir = str(package_files("fanli.render") / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        log.info(f"fanli: {len(self.library.documents)} documents, {len(self.pages)} generated pages")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        started = perf_counter()
        docs_dir = Path(config.docs_dir)
        self.document_pages = []
        self.specs = {}
        for spec in self.pages:
            if files.get_file_from_path(spec.src) is not None:
                raise PluginError(f"fanli: {docs_dir / spec.src} is in the way of a page fanli generates; rename it")
            inclusion = InclusionLevel.INCLUDED if spec.src in OVERVIEW_PAGES else InclusionLevel.NOT_IN_NAV
            content = self.renderer.markdown_page(spec, body=BODY_SLOT)
            file = File.generated(config, spec.src, content=content, inclusion=inclusion)
            if spec.edit_path:
                file.edit_uri = os.path.relpath(Path(spec.edit_path).resolve(), docs_dir).replace(os.sep, "/")
            if spec.template == "document.html":
                self.document_pages.append(file.dest_uri)
            self.specs[spec.src] = spec
            files.append(file)
        for uri, asset in _asset_files(_assets(), ASSETS_URI):
            files.append(File.generated(config, uri, abs_src_path=str(asset)))
        self._timed("render", started)
        assert self.library is not None  # loaded by on_config, which raised otherwise
        job = partial(write_side_outputs, self.library, self.renderer, self.scripts, self.examples, self.phrases)
        self.side_outputs.start(job, Path(config.site_dir), self.config.parallel)
        return files

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
            self._timed("render", started)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self._spec(page) is not None:
            page.content = BODY_SLOT  # written: let the body go
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        started = perf_counter()
        try:
            timings = self.side_outputs.finish()
        except SideOutputError as e:
            raise PluginError(f"fanli: writing the search index, data scripts or Word files failed:\n{e}") from None
        finally:
            gc.unfreeze()  # a later build in this process (serve, tests) may collect them again
        for phase, seconds in timings.items():
            self.timings[phase] = self.timings.get(phase, 0.0) + seconds
        self._timed("side outputs: waited", started)

    def on_build_error(self, error: Exception) -> None:
        self.side_outputs.cancel()
        gc.unfreeze()

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.data_dir))
        if self.templates_dir:
            server.watch(str(self.templates_dir))
        return server
