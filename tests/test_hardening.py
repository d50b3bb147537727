"""Hostile and broken data: every case stops `fanli check` and the build with `file:line`, never a
traceback or a hang, and a failed build leaves the previous site folder as it was."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_load import VALID, problems_of

from fanli.cli import main
from fanli.ingest.reading import ReadFailure, read_source

from conftest import BuildFailed, build_site, copy_project

Edit = Callable[[Path], None]


def _replace(relative: str, old: str, new: str) -> Edit:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _long_document_id(project: Path) -> None:
    unit = sorted((project / "data" / "units").glob("*.yml"))[0]
    text = unit.read_text(encoding="utf-8")
    doc_id = re.search(r"^- id: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
    unit.write_text(text.replace(f"id: {doc_id}", f"id: {doc_id}-{'x' * 252}", 1), encoding="utf-8")


def _docs_page_in_the_way(project: Path) -> None:
    (project / "docs" / "themes").mkdir(exist_ok=True)
    (project / "docs" / "themes" / "index.md").write_text("# 主题\n", encoding="utf-8")


FUNCTIONS = "functions:\n  - name: 开头引入\n    slug: yinru\n"
# (what breaks, the edit, what the message says)
BREAKING: dict[str, tuple[Edit, str]] = {
    "document id of 252+ characters": (_long_document_id, r"data/units/[^:]+:\d+: document id '.*' is \d+ characters"),
    "kind slug 'compare'": (
        _replace("data/taxonomy.yml", "slug: wenti", "slug: compare"),
        r"data/taxonomy.yml:\d+: the slug 'compare' is the address of one of the site's own pages",
    ),
    "theme slug 'index'": (
        _replace("data/taxonomy.yml", "slug: yinru", "slug: index"),
        r"data/taxonomy.yml:\d+: the slug 'index'",
    ),
    "function slug = kind slug": (
        _replace("data/taxonomy.yml", "slug: yinru", "slug: wenti"),
        r"data/taxonomy.yml:\d+: the slug 'wenti' is used by a section kind and by a phrase function",
    ),
    "a page under docs/ at a generated address": (_docs_page_in_the_way, r"docs/themes/index.md:1: is in the way"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample project and its site, built once; each case works on copies."""
    root = tmp_path_factory.mktemp("built")
    project = copy_project(root / "project")
    return project, build_site(project, root / "site")


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", BREAKING)
def test_breaking_data_stops_check_and_build_and_keeps_the_previous_site(
    case: str, built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, message = BREAKING[case]
    project = tmp_path / "project"
    shutil.copytree(built[0], project)
    site = tmp_path / "site"
    shutil.copytree(built[1], site)
    before = _snapshot(site)
    edit(project)
    if not case.startswith("a page under docs/"):  # `fanli check` knows the data, not the docs folder
        monkeypatch.chdir(project)
        assert main(["check"]) == 1
    with pytest.raises(BuildFailed) as info:
        build_site(project, site)
    assert re.search(message, str(info.value)), str(info.value)
    assert _snapshot(site) == before


def _document(**fields: str) -> str:
    text = VALID
    for field, value in fields.items():
        text = re.sub(rf"^    {field}: .*$", f"    {field}: {value}", text, count=1, flags=re.M)
    return text


def _nested(depth: int) -> str:
    lines = ["    sections:"]
    for level in range(depth):
        pad = "  " * (3 + 2 * level)
        lines += [f"{pad}- heading: 第{level + 1}层", f"{pad}  subsections:"]
    lines[-1] = lines[-1].replace("subsections:", "paragraphs: [正文。]")
    return VALID.split("    sections:")[0] + "\n".join(lines) + "\n"


ALIAS_BOMB = VALID.replace(
    "    sections:\n",
    "    sections:\n      - &a {heading: 一、, paragraphs: [x]}\n"
    + "".join(
        f"      - &{chr(98 + i)} {{heading: 二、, subsections: [{', '.join(['*' + chr(97 + i)] * 10)}]}}\n"
        for i in range(9)
    ),
)
RECURSIVE_ALIAS = VALID.replace(
    "    sections:\n", "    sections: &loop\n      - heading: 一、\n        subsections: *loop\n"
)
INVISIBLE = r"contains the invisible character U\+"

# (unit file text, what the message says) for data that used to raise a traceback or hang
TRACEBACKS = {
    "hexadecimal year": (
        _document(year="0x7E7"),
        r":8: year must be a year written in digits .* not '0x7E7'",
    ),
    "sexagesimal year": (_document(year="33:43"), r":8: year must be a year written in digits"),
    "5,000-digit year": (_document(year="9" * 5000), r":8: year must be a year written in digits"),
    "sections 13 deep": (_nested(13), r":\d+: sections are nested more than 12 levels deep"),
    "sections 2,000 deep": (_nested(2000), r":\d+: the data is nested more than 100 levels deep"),
    "recursive alias": (RECURSIVE_ALIAS, r":\d+: YAML aliases \(\*name\) are not allowed"),
    "alias bomb": (ALIAS_BOMB, r":\d+: YAML aliases \(\*name\) are not allowed"),
    "bidirectional override": (
        _document(title="青石镇\u202e结总作工"),
        r":7: title " + INVISIBLE + "202E",
    ),
    "zero-width space": (
        VALID.replace("建立党委", "建立\u200b党委"),
        r":\d+: paragraph " + INVISIBLE + "200B",
    ),
    "word joiner": (_document(title="青石镇\u2060总结"), r":7: title " + INVISIBLE + "2060"),
}


@pytest.mark.parametrize("case", TRACEBACKS)
def test_hostile_unit_file_is_one_line_per_problem(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, message = TRACEBACKS[case]
    problems = problems_of(tmp_path, {"qingshi-zhen.yml": text}, monkeypatch)
    assert any(re.search(message, p) for p in problems), problems


def test_sections_12_deep_are_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_load import make_data

    from fanli.core.load import load_library

    (doc,) = load_library(make_data(tmp_path, {"qingshi-zhen.yml": _nested(12)})).documents
    assert max(s.depth for s in doc.walk()) == 12


def test_privacy_allow_syntax_error_is_one_file_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(Path(__file__).parent.parent / "data", tmp_path / "data")
    (tmp_path / "data" / "privacy-allow.yml").write_text("- '13812345678'\n- [unclosed\n- x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[1:] == ["1 problem(s) found"], err
    assert re.fullmatch(r"data/privacy-allow\.yml:[2-4]: YAML syntax error: expected ',' or ']'.*", err[0]), err


def _zip(path: Path, entries: dict[str, bytes], encrypted: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in entries.items():
            package.writestr(name, content)
    if encrypted:  # set the "encrypted" flag of every entry, in the local headers and the directory
        raw = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = raw.find(signature)
            while start != -1:
                raw[start + offset] |= 0x1
                start = raw.find(signature, start + 4)
        path.write_bytes(bytes(raw))
    return path


def test_password_protected_zip_named_docx_is_one_clear_line(tmp_path: Path) -> None:
    path = _zip(tmp_path / "加密.docx", {"word/document.xml": b"<x/>" * 100}, encrypted=True)
    with pytest.raises(ReadFailure, match=r"^加密\.docx: .*password-protected"):
        read_source(path)


def test_zip_bomb_docx_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = _zip(tmp_path / "炸弹.docx", {"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * 300 * 2**20})
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(ReadFailure, match=r"^炸弹\.docx: .*would unpack to 300 MB"):
        read_source(path)


@pytest.mark.parametrize(
    ("option", "value"), [("page_size", "0"), ("group_size", "-3"), ("data_dir", "no-such-folder")]
)
def test_invalid_plugin_config_is_one_clear_error(
    option: str, value: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(tmp_path / "project")
    _replace("mkdocs.yml", "      data_dir: data\n", f"      data_dir: data\n      {option}: {value}\n")(project)
    if option == "data_dir":
        _replace("mkdocs.yml", "      data_dir: data\n", "")(project)
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        load_config(config_file=str(project / "mkdocs.yml"))
    assert f"Plugin 'fanli' option '{option}'" in caplog.text


@pytest.mark.parametrize("parallel", ["true", "false"])
def test_side_output_failure_is_a_plugin_error_either_way(
    parallel: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the forked worker (the monkeypatch is inherited) or in this process, a PluginError, not a traceback."""
    project = copy_project(tmp_path / "project")
    _replace("mkdocs.yml", "      data_dir: data\n", f"      data_dir: data\n      parallel: {parallel}\n")(project)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fanli.render.word.WordWriter.docx", fail)
    with pytest.raises(BuildFailed, match=r"writing the search index, data scripts or Word files failed"):
        build_site(project, tmp_path / "site")


def test_reserved_slugs_cover_every_fixed_route() -> None:
    from fanli.core.load import RESERVED_SLUGS
    from fanli.site import routes

    fixed = [value for name, value in vars(routes).items() if name.isupper() and str(value).endswith(".md")]
    assert fixed, "routes.py names its fixed pages in upper case"
    assert {Path(src).stem for src in fixed} <= RESERVED_SLUGS
