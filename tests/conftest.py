"""Shared test helpers: projects in temporary folders and strict builds that fail on any warning."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from fanli.core.model import Taxonomy
from fanli.ingest.types import read_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The project's taxonomy, as the importer reads it (test modules may define their own)."""
    return read_taxonomy(ROOT / "data")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty library with the project's taxonomy, for imports."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", data / "taxonomy.yml")
    return data


class BuildFailed(Exception):
    """The build stopped; `messages` holds what MkDocs logged as warnings and errors."""


class WarningCollector(logging.Handler):
    """Collects every warning MkDocs or a plugin logs during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    project: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    use_directory_urls: bool | None = None,
    site_url: str | None = None,
) -> Path:
    """Build `project/mkdocs.yml` into `site_dir` in this process; fail on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    overrides = {"site_dir": str(site_dir), "strict": strict}
    if use_directory_urls is not None:
        overrides["use_directory_urls"] = use_directory_urls
    if site_url is not None:
        overrides["site_url"] = site_url
    config = load_config(config_file=str(project / "mkdocs.yml"), **overrides)
    collector = WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build(config)
    except Abort as e:
        raise BuildFailed("\n".join(r.getMessage() for r in collector.records)) from e
    finally:
        logger.removeHandler(collector)
        config.plugins.on_shutdown()
    messages = [r.getMessage() for r in collector.records]
    assert not messages, f"unexpected warnings: {messages}"
    return site_dir


HOSTILE = """\
unit:
  id: hostile
  name: <img src=x onerror=alert(1)>镇
  level: 乡镇
documents:
  - id: hostile-2023-zongjie
    title: "<script>alert('t')</script>{{ 7*7 }}**粗体**"
    year: 2023
    genre: 工作总结
    themes: [党风廉政建设]
    opening:
      - "<script>alert(1)</script> {{ config }} {% if true %}x{% endif %} \\
        [链接](javascript:alert(1)) ![图](x.png) <!-- c --> &amp;"
    sections:
      - heading: "# 一、<b>标题</b>"
        kind: 成效
        paragraphs:
          - "**镇 _斜体_ `code` <a href='javascript:alert(2)'>a</a>"
"""


def hostile_project(dest: Path) -> Path:
    """A site project whose only unit is full of markup, template syntax and script."""
    project = copy_project(dest, with_units=False)
    (project / "data" / "units" / "hostile.yml").write_text(HOSTILE, encoding="utf-8")
    return project


def copy_project(dest: Path, *, with_units: bool = True) -> Path:
    """A copy of this repository's site project (mkdocs.yml, docs/, data/) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "data" / "units").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "taxonomy.yml", dest / "data" / "taxonomy.yml")
    if with_units:
        for path in (ROOT / "data" / "units").glob("*.yml"):
            shutil.copy(path, dest / "data" / "units" / path.name)
    return dest


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library built once with `--strict`, for the tests that read the output."""
    return build_site(ROOT, tmp_path_factory.mktemp("sample") / "site")


# One Chromium for the whole session, shared by every test module (defined once, here).
from browser import browser  # noqa: E402, F401
