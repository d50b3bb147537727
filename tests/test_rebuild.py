"""A rebuild in the same process after editing one unit file (what `mkdocs serve` does) writes the
same site, byte for byte, as a full build of the edited data."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project


def _build(project: Path, site_dir: Path, fresh: bool = False):
    """Builds as `mkdocs serve` does after an edit: a new config, the plugin object kept from the last
    build in this process (MkDocs keeps plugins that have on_startup). `fresh`: forget what it read."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from fanli.core.load import LoadCache

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    plugin = config.plugins["fanli"]
    if fresh:
        plugin.load_cache = LoadCache()
    build(config)
    config.plugins.on_shutdown()
    return plugin


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_rebuild_after_an_edit_equals_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's gzip header holds the build time
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
    rebuilt, full = _files(tmp_path / "again"), _files(tmp_path / "full")
    assert rebuilt.keys() == full.keys()
    assert [path for path in full if rebuilt[path] != full[path]] == []
