"""`fanli synth`: a synthetic library recombined from data/ that loads, covers the taxonomy and builds."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fanli.core.errors import FanliError
from fanli.core.load import load_library, unit_files
from fanli.core.model import Library
from fanli.core.text import chinese_numeral, numeral_value
from fanli.dev.synth import FIRST_YEAR, LAST_YEAR, clip, shift_years, write_project

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
REPORTS = 40


@pytest.fixture(scope="module")
def sample_dir() -> Path:
    if not unit_files(DATA_DIR):
        pytest.skip(f"the sample library is empty: no unit files in {DATA_DIR / 'units'}")
    return DATA_DIR


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("synth") / "project"
    write_project(out, reports=REPORTS, data_dir=sample_dir)
    return out


@pytest.fixture(scope="module")
def library(project: Path) -> Library:
    return load_library(project / "data")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synth_library_loads_and_covers_the_taxonomy(library: Library) -> None:
    docs = library.documents
    taxonomy = library.taxonomy
    assert len(docs) == REPORTS
    assert {d.genre for d in docs} == {g.name for g in taxonomy.genres}
    assert {t for d in docs for t in d.themes} == {t.name for t in taxonomy.themes}
    assert {u.level for u in library.units} == {level.name for level in taxonomy.levels}
    assert len({d.year for d in docs}) >= 5
    assert all(FIRST_YEAR <= d.year <= LAST_YEAR for d in docs)


def test_synth_units_are_distinct_and_about_one_per_four_reports(library: Library) -> None:
    names = [u.name for u in library.units]
    assert len(set(names)) == len(names)
    assert REPORTS // 5 <= len(names) <= REPORTS // 3
    assert all(u.id.isascii() for u in library.units)


def test_synth_reports_look_like_reports(library: Library) -> None:
    order = {kind.name: i for i, kind in enumerate(library.taxonomy.kinds)}
    for doc in library.documents:
        assert doc.title.startswith(f"{doc.unit.name}{doc.year}年{doc.themes[0]}"), doc.title
        assert 3800 <= doc.char_count() <= 4500, (doc.id, doc.char_count())
        assert 3 <= len(doc.sections) <= 4, doc.id
        numbers = [s.heading[: s.heading.index("、") + 1] for s in doc.sections]
        assert numbers == [f"{chinese_numeral(i)}、" for i in range(1, len(numbers) + 1)]
        positions = [order[s.kinds[0]] for s in doc.sections if s.kinds]
        assert positions == sorted(positions), (doc.id, [s.kinds for s in doc.sections])
        for section in doc.sections:
            sub_numbers = [sub.heading[: sub.heading.index("）") + 1] for sub in section.subsections]
            assert sub_numbers == [f"（{chinese_numeral(i)}）" for i in range(1, len(sub_numbers) + 1)]
        texts = [p.text for p in doc.paragraphs()]
        assert len(set(texts)) == len(texts), f"{doc.id} repeats a paragraph"


def test_synth_is_deterministic_and_seeded(project: Path, sample_dir: Path, tmp_path: Path) -> None:
    write_project(tmp_path / "again", reports=REPORTS, data_dir=sample_dir)
    write_project(tmp_path / "other", reports=REPORTS, data_dir=sample_dir, seed=2)
    assert files_of(tmp_path / "again") == files_of(project)
    assert files_of(tmp_path / "other" / "data") != files_of(project / "data")


def test_synth_refuses_the_main_sites_own_folder(sample_dir: Path) -> None:
    with pytest.raises(FanliError, match="main site's own folder"):
        write_project(ROOT, reports=8, data_dir=sample_dir)
    assert unit_files(sample_dir)  # nothing was replaced


def test_synth_replaces_the_units_of_an_earlier_run(sample_dir: Path, tmp_path: Path) -> None:
    write_project(tmp_path, reports=80, data_dir=sample_dir)
    write_project(tmp_path, reports=8, data_dir=sample_dir)
    assert len(load_library(tmp_path / "data").documents) == 8


def test_synth_project_config_and_home_page(project: Path, sample_dir: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    main = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == f"范例库（合成 {REPORTS} 篇）"
    assert {**config, "site_name": main["site_name"]} == main  # the frame users get: palette, features, extra, nav
    for page in (ROOT / "docs").rglob("*"):  # the hand-written pages the navigation names, but the home page
        if page.is_file() and page.name != "index.md":
            assert (project / "docs" / page.relative_to(ROOT / "docs")).read_bytes() == page.read_bytes()
    assert "<!-- fanli:overview -->" in (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert (project / "data" / "taxonomy.yml").read_bytes() == (sample_dir / "taxonomy.yml").read_bytes()
    assert (project / "data" / "phrases.yml").read_bytes() == (sample_dir / "phrases.yml").read_bytes()


def test_text_helpers() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 12, 20, 34)] == ["一", "九", "十", "十二", "二十", "三十四"]
    assert all(numeral_value(chinese_numeral(n)) == n for n in range(1, 100))
    assert shift_years("2022年和2023年，共23年", 2023, 2019) == "2018年和2019年，共23年"
    assert clip("第一句话写得很长很长很长。第二句。", 100) == "第一句话写得很长很长很长。第二句。"
    assert clip("甲" * 50 + "。" + "乙" * 50 + "；丙。", 80) == "甲" * 50 + "。"
    assert clip("短句。" + "长" * 100, 50) is None


@pytest.mark.slow
def test_synth_project_builds_strict(project: Path, library: Library, tmp_path: Path) -> None:
    if importlib.util.find_spec("fanli.plugin") is None:
        pytest.skip("the MkDocs plugin (fanli/plugin.py) is not written yet")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-5000:]
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    missing = [doc.title for doc in library.documents if doc.title not in pages]
    assert not missing, f"no page shows {missing}"
