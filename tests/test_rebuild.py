"""A rebuild in the same process after editing unit files (what `mkdocs serve` does) writes the
same site, byte for byte, as a full build of the edited data in a fresh process; under
`mkdocs serve --dirty` it renders and writes only what the edit changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, copy_project

EPOCH = "1700000000"  # the sitemap's gzip header holds the build time


def _build(project: Path, site_dir: Path, fresh: bool = False, dirty: bool = False):
    """Builds as `mkdocs serve` does after an edit: a new config, the plugin object kept from the last
    build in this process (MkDocs keeps plugins that have on_startup). `fresh`: forget what it read.
    `dirty`: as `mkdocs serve --dirty` (not strict: MkDocs warns about every dirty build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from fanli.core.load import LoadCache

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=not dirty)
    plugin = config.plugins["fanli"]
    if fresh:
        plugin.load_cache = LoadCache()
    build(config, dirty=dirty)
    return plugin


def _full_build(project: Path, site_dir: Path) -> None:
    """`mkdocs build --strict` of the project in a fresh process."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")]
    subprocess.run([*command, "-d", str(site_dir)], check=True, env=env, cwd=project)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same_site(rebuilt_dir: Path, full_dir: Path) -> None:
    rebuilt, full = _files(rebuilt_dir), _files(full_dir)
    assert sorted(rebuilt.keys() - full.keys()) == [] and sorted(full.keys() - rebuilt.keys()) == []
    assert [path for path in full if rebuilt[path] != full[path]] == []
    empty = [p for p in rebuilt_dir.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert empty == []


def test_rebuild_after_an_edit_equals_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    units = sorted((project / "data" / "units").glob("*.yml"))
    edited, unchanged = units[0], units[1]
    first = _build(project, tmp_path / "first")
    assert first.library is not None
    before = {d.id: d for d in first.library.documents}

    text = edited.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if line.strip().startswith("- ") and len(line) > 40)
    edited.write_text(text.replace(paragraph, paragraph + "（改）", 1), encoding="utf-8")

    again = _build(project, tmp_path / "again")
    assert again.library is not None
    reused = [d for d in again.library.documents if d.unit.id == unchanged.stem]
    assert reused and all(d is before[d.id] for d in reused)  # the unchanged file was not read again
    changed = [d for d in again.library.documents if d.unit.id == edited.stem]
    assert any("（改）" in p.text for d in changed for p in d.paragraphs())

    _build(project, tmp_path / "full", fresh=True)
    _assert_same_site(tmp_path / "again", tmp_path / "full")


# --- `mkdocs serve --dirty`: only what changed is rendered and written ------------------------------

Edit = Callable[[Path], str]  # changes the data under the given data folder; says what it did


def _units(data: Path) -> list[tuple[Path, dict[str, Any]]]:
    paths = sorted((data / "units").glob("*.yml"))
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in paths]


def _save(path: Path, unit: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_paragraph(items: list[Any]) -> list[Any] | None:
    """The list holding the first paragraph of a document's sections, depth first."""
    for section in items:
        if section.get("paragraphs"):
            return section["paragraphs"]
        found = _first_paragraph(section.get("subsections", []))
        if found is not None:
            return found
    return None


def edit_paragraph(data: Path) -> str:
    path, unit = _units(data)[0]
    doc = unit["documents"][0]
    paragraphs = doc.get("opening") or _first_paragraph(doc["sections"])
    assert paragraphs
    paragraphs[0] += "（改）"
    _save(path, unit)
    return "a paragraph"


def change_year(data: Path) -> str:
    path, unit = _units(data)[-1]
    unit["documents"][0]["year"] -= 1
    _save(path, unit)
    return "a report's year"


def change_theme(data: Path) -> str:
    taxonomy = yaml.safe_load((data / "taxonomy.yml").read_text(encoding="utf-8"))
    names = [t["name"] if isinstance(t, dict) else t for t in taxonomy["themes"]]
    path, unit = _units(data)[1]
    doc = unit["documents"][0]
    doc["themes"] = [next(n for n in names if n not in doc["themes"]), *doc["themes"][1:]]
    _save(path, unit)
    return "a report's theme"


def add_report(data: Path) -> str:
    (path, unit), (_, other) = _units(data)[0], _units(data)[-1]
    copy = dict(other["documents"][-1], id=f"{unit['unit']['id']}-added", title="新增的报告（测试）")
    unit["documents"].append(copy)
    _save(path, unit)
    return "a report added"


def move_report(data: Path) -> str:
    """A report moved to a unit of another level: its address changes, and so do both units' pages, the
    levels' lists and every index page listing it (its unit shown after its title)."""
    units = _units(data)
    path, unit = next((p, u) for p, u in units if len(u["documents"]) > 1)
    to_path, to_unit = next((p, u) for p, u in units if u["unit"]["level"] != unit["unit"]["level"])
    to_unit["documents"].append(unit["documents"].pop())
    _save(path, unit)
    _save(to_path, to_unit)
    return "a report moved to another unit"


def remove_report(data: Path) -> str:
    for path, unit in _units(data):
        if len(unit["documents"]) > 1:
            unit["documents"].pop(0)
            _save(path, unit)
            return "a report removed"
    raise AssertionError("no unit with two reports")


EDITS = [edit_paragraph, change_year, change_theme, add_report, move_report, remove_report]


def _serve_dirty_equals_full_builds(project: Path, tmp_path: Path, edits: list[Edit] = EDITS) -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=True)
    served = tmp_path / "served"
    try:
        plugin = _build(project, served, dirty=True)
        pages = len(plugin.pages)

        plugin = _build(project, served, dirty=True)  # nothing changed: every page and script is kept
        assert plugin.reuse is not None and plugin.reuse.unknown == 0
        assert len(plugin.kept.kept_pages) == pages and len(plugin.kept.kept_scripts) == len(plugin.scripts)
        assert plugin.search_cache.prepared == 0  # the search index's documents: all kept

        for number, edit in enumerate(edits):
            what = edit(project / "data")
            plugin = _build(project, served, dirty=True)
            kept = len(plugin.kept.kept_pages)
            assert 0 < kept < len(plugin.pages), f"after {what}: {kept} of {len(plugin.pages)} pages kept"
            assert plugin.library is not None
            prepared, documents = plugin.search_cache.prepared, len(plugin.library.documents)
            assert 0 < prepared < documents, f"after {what}: {prepared} of {documents} prepared for the search index"
            full = tmp_path / f"full-{number}"
            _full_build(project, full)
            _assert_same_site(served, full)
    finally:
        config.plugins.on_shutdown()


def test_serve_dirty_rebuilds_equal_full_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _serve_dirty_equals_full_builds(copy_project(tmp_path / "project"), tmp_path)


def test_keeping_too_much_fails_the_comparison(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison with a full build sees a stale page: with pages kept whenever their template,
    title and edit link are the same (their lists and counts not compared), a report's new year leaves
    the year pages listing it as they were, and the sites differ."""
    from fanli.render import reuse
    from fanli.site.fingerprint import alike

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(reuse, "alike", lambda last, value: alike(last[:3], value[:3]))
    with pytest.raises(AssertionError, match=r"index\.html"):  # the pages that differ from a full build's
        _serve_dirty_equals_full_builds(copy_project(tmp_path / "project"), tmp_path, [change_year])


@pytest.mark.slow
def test_serve_dirty_rebuilds_of_a_synthetic_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fanli.dev.synth import write_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "project"
    write_project(project, reports=60, data_dir=ROOT / "data")
    _serve_dirty_equals_full_builds(project, tmp_path)


# --- what a rebuild gives again: the same objects for what did not change ---------------------------


def _synthetic(tmp_path: Path, reports: int = 12) -> Path:
    from fanli.dev.synth import write_project

    write_project(tmp_path / "project", reports=reports, data_dir=ROOT / "data")
    return tmp_path / "project" / "data"


def test_a_unit_file_read_again_keeps_its_unchanged_reports(tmp_path: Path) -> None:
    from fanli.core.load import LoadCache, load_library

    data = _synthetic(tmp_path)
    path, unit = next((p, u) for p, u in _units(data) if len(u["documents"]) > 2)
    cache = LoadCache()
    before = {d.id: d for d in load_library(data, cache).documents}
    edited = unit["documents"][1]["id"]
    paragraphs = unit["documents"][1].get("opening") or _first_paragraph(unit["documents"][1]["sections"])
    assert paragraphs
    paragraphs[0] += "（改）"
    _save(path, unit)

    again = [d for d in load_library(data, cache).documents if d.unit.id == unit["unit"]["id"]]
    assert [d.id for d in again] == [d["id"] for d in unit["documents"]]
    assert [d is before[d.id] for d in again] == [d.id != edited for d in again]
    assert all(d.unit is before[edited].unit for d in again)  # one unit object, the one kept


def test_a_plan_again_gives_the_same_derived_objects(tmp_path: Path) -> None:
    from fanli.core.load import LoadCache, load_library
    from fanli.site.indexes import PlanMemo
    from fanli.site.plan import site_plan

    data = _synthetic(tmp_path)
    cache, memo = LoadCache(), PlanMemo()
    first = site_plan(load_library(data, cache), memo=memo)
    path, unit = _units(data)[0]
    unit["documents"][0]["title"] += "（改）"
    _save(path, unit)
    library = load_library(data, cache)
    second = site_plan(library, memo=memo)

    changed = library.documents[[d.unit.id for d in library.documents].index(unit["unit"]["id"])]
    assert changed.title.endswith("（改）")
    for kind, examples in second.examples.items():
        last = {e.document.id: e for e in first.examples[kind]}
        assert [e is last[e.document.id] for e in examples] == [e.document is not changed for e in examples]
    untouched = [all(o.passage.document is not changed for o in e.occurrences) for e in second.phrases]
    assert any(untouched) and not all(untouched)
    assert [a is b for a, b in zip(first.phrases, second.phrases, strict=True)] == untouched


def test_a_serve_rebuild_lets_the_last_builds_pages_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages of a past build are freed once the next build starts, without a full run of the cycle
    collector (in a long serve session it runs rarely: the library makes the oldest generation big)."""
    import gc
    import weakref

    from mkdocs.config import load_config

    from fanli.plugin import FanliPlugin

    pages: list[weakref.ref] = []  # the first build's generated pages outside the nav (MkDocs keeps its nav in cycles)
    on_files = FanliPlugin.on_files

    def on_files_noting_pages(plugin: FanliPlugin, files: Any, config: Any) -> Any:
        files = on_files(plugin, files, config)
        if not pages:
            pages.extend(weakref.ref(f.page) for f in files if f.page is not None and not f.inclusion.is_in_nav())
        return files

    monkeypatch.setattr(FanliPlugin, "on_files", on_files_noting_pages)
    project = copy_project(tmp_path / "project")
    served = tmp_path / "served"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(served))
    config.plugins.on_startup(command="serve", dirty=True)
    gc.collect()
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)  # the oldest generation: never collected
    try:
        plugin = _build(project, served, dirty=True)
        renderer = plugin.renderer
        compiled = renderer.env.get_template("document.html")
        assert pages and renderer.marked.cache_info().currsize > 0
        edit_paragraph(project / "data")
        plugin = _build(project, served, dirty=True)
        edit_paragraph(project / "data")
        renderer.marked("上一次构建的文字")  # a text only an earlier build showed
        plugin = _build(project, served, dirty=True)
        gc.collect(1)  # the young generations: what a page's rendering leaves goes there
        left = [page() for page in pages if page() is not None]
        # all were kept while a page and its file referred to each other; a page whose rendering lasted
        # over two young collections is still in a Jinja context's cycle, gone at the next full collection
        assert len(left) <= len(pages) // 20, f"{len(left)} of {len(pages)} pages of the first build kept"
        # the renderer and its compiled templates serve every build; the texts of the last build are let go
        assert plugin.renderer is renderer and renderer.env.get_template("document.html") is compiled
        misses = renderer.marked.cache_info().misses
        renderer.marked("上一次构建的文字")
        assert renderer.marked.cache_info().misses == misses + 1
    finally:
        gc.set_threshold(*thresholds)
        config.plugins.on_shutdown()


def test_a_serve_rebuild_uses_an_edited_template_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The renderer (and the templates Jinja compiled) is kept from one rebuild to the next only while
    every template file is as it was: an override saved between two builds is what the next one shows,
    and the replaced renderer's caches are emptied."""
    from mkdocs.config import load_config

    from fanli.site import routes

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    config_file = project / "mkdocs.yml"
    config_text = config_file.read_text(encoding="utf-8")
    assert "      data_dir: data\n" in config_text
    config_file.write_text(
        config_text.replace("      data_dir: data\n", "      data_dir: data\n      templates_dir: overrides\n")
    )
    override = project / "overrides" / "trends.html"
    override.parent.mkdir()
    override.write_text('{% extends "_page.html" %}{% block body %}<p>覆盖一</p>{% endblock %}', encoding="utf-8")
    served = tmp_path / "served"
    trends = served / routes.page_url(routes.TRENDS, True) / "index.html"
    config = load_config(config_file=str(config_file), site_dir=str(served))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        plugin = _build(project, served)
        renderer = plugin.renderer
        assert "覆盖一" in trends.read_text(encoding="utf-8")
        assert _build(project, served).renderer is renderer  # nothing changed: the same renderer

        override.write_text('{% extends "_page.html" %}{% block body %}<p>覆盖二，改过了</p>{% endblock %}')
        plugin = _build(project, served)
        page = trends.read_text(encoding="utf-8")
        assert "覆盖二，改过了" in page and "覆盖一" not in page
        assert plugin.renderer is not renderer and renderer.env.cache is not None and len(renderer.env.cache) == 0
    finally:
        config.plugins.on_shutdown()


def _shown_wording(index: Any, library: Any) -> dict[str, Any]:
    """Every report's similar-wording notes as its page shows them: count and linked places, by anchor."""
    return {
        doc.id: {
            anchor: (found.total, [place.__fingerprint__() for place in found.places])
            for anchor, found in index.document_wording(doc).items()
        }
        for doc in library.documents
    }


def test_similar_wording_kept_between_plans_equals_a_fresh_index(tmp_path: Path) -> None:
    """Each report's similar wording is worked out again only where the places of its paragraphs'
    near-duplicates are shown differently; after edits of every kind it is what a fresh index gives, and
    a paragraph edited into near-identical wording leaves every other report's wording as it was."""
    from fanli.core.load import LoadCache, load_library
    from fanli.site.indexes import PlanMemo
    from fanli.site.similar import MIN_CHARS, similar_index

    data = _synthetic(tmp_path, reports=40)
    cache, memo = LoadCache(), PlanMemo()
    library = load_library(data, cache)
    index = similar_index(library, memo=memo, remember=True)
    wording = {doc.id: index.document_wording(doc) for doc in library.documents}

    # a paragraph copied in other reports, edited so that it stays near-identical to its copies
    path, unit = next((p, u) for p, u in _units(data) if len(u["documents"]) > 1)
    edited = unit["documents"][0]
    paragraphs = edited.get("opening") or _first_paragraph(edited["sections"])
    assert paragraphs
    copied = [n for n, text in enumerate(paragraphs) if len(text) >= MIN_CHARS]
    copies = {
        n: [
            d.id
            for d in library.documents
            if d.id != edited["id"] and paragraphs[n] in (p.text for p in d.paragraphs())
        ]
        for n in copied
    }
    number = max(copies, key=lambda n: len(copies[n]))
    assert copies[number], "the synthetic library copies paragraphs between reports"
    paragraphs[number] += "（改）"
    _save(path, unit)
    library = load_library(data, cache)
    index = similar_index(library, memo=memo, remember=True)
    fresh = similar_index(library)
    assert _shown_wording(index, library) == _shown_wording(fresh, library)
    again = {doc.id: index.document_wording(doc) for doc in library.documents}
    assert [d for d in again if again[d] is not wording[d]] == [edited["id"]]

    for edit in (add_report, remove_report, move_report, change_year, edit_paragraph):
        what = edit(data)
        library = load_library(data, cache)
        index = similar_index(library, memo=memo, remember=True)
        assert _shown_wording(index, library) == _shown_wording(similar_index(library), library), what
