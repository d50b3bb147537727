"""The loader: valid data loads; every kind of bad data stops with `file:line: what is wrong`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fanli.core.load import DataError, load_library

ROOT = Path(__file__).resolve().parent.parent

VALID = """\
unit:
  id: qingshi-zhen
  name: 青石镇
  level: 乡镇
documents:
  - id: qingshi-zhen-2023-zongjie
    title: 青石镇2023年党风廉政建设工作总结
    year: 2023
    genre: 工作总结
    themes: [党风廉政建设]
    opening:
      - 2023年，青石镇坚持……
    sections:
      - heading: 一、工作成效
        kind: 成效
        subsections:
          - heading: （一）深化学习内容。
            run_in: true
            paragraphs:
              - 建立党委领学督学机制。
      - heading: 二、存在问题及下一步打算
        kinds: [问题, 打算]
        paragraphs:
          - 一是学习不够深入。
    closing:
      - 新的一年，我们将……
"""


def make_data(tmp_path: Path, units: dict[str, str | bytes]) -> Path:
    data = tmp_path / "data"
    (data / "units").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "taxonomy.yml", data / "taxonomy.yml")
    for name, content in units.items():
        path = data / "units" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


def problems_of(tmp_path: Path, units: dict[str, str | bytes], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    data = make_data(tmp_path, units)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        load_library(data)
    return [str(p) for p in info.value.problems]


def test_valid_unit_loads(tmp_path: Path) -> None:
    library = load_library(make_data(tmp_path, {"qingshi-zhen.yml": VALID}))
    (doc,) = library.documents
    assert doc.unit.name == "青石镇" and doc.year == 2023
    assert [s.kinds for s in doc.sections] == [("成效",), ("问题", "打算")]
    assert [p.anchor for p in doc.paragraphs()] == ["p1", "p2", "p3", "p4"]
    assert [s.anchor for s in doc.walk()] == ["s1", "s1-1", "s2"]
    assert doc.sections[0].subsections[0].run_in is True


def test_sample_library_loads() -> None:
    library = load_library(ROOT / "data")
    assert len(library.documents) == 5
    assert len({d.unit.id for d in library.documents}) == 5


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(VALID.replace("    year: 2023\n", "    year: [2023\n"), "qingshi-zhen.yml:", id="yaml-syntax"),
        pytest.param(
            VALID.replace("    title: 青石镇2023年党风廉政建设工作总结\n", ""),
            "qingshi-zhen.yml:6: a document is missing the field 'title'",
            id="missing-field",
        ),
        pytest.param(
            VALID.replace("    title:", "    titel:"),
            "qingshi-zhen.yml:7: unknown field 'titel' in a document (did you mean 'title'?)",
            id="unknown-field",
        ),
        pytest.param(
            VALID.replace("year: 2023", "year: 二〇二三"),
            "qingshi-zhen.yml:8: year must be a year written in digits such as 2023, not '二〇二三'",
            id="wrong-type-year",
        ),
        pytest.param(
            VALID.replace("year: 2023", "year: 1848"),
            "qingshi-zhen.yml:8: year 1848 is outside",
            id="year-out-of-range",
        ),
        pytest.param(
            VALID.replace("genre: 工作总结", "genre: 工作小结"),
            "qingshi-zhen.yml:9: unknown genre '工作小结'",
            id="unknown-genre",
        ),
        pytest.param(
            VALID.replace("kind: 成效", "kind: 亮点"),
            "qingshi-zhen.yml:15: unknown section kind '亮点'",
            id="unknown-kind",
        ),
        pytest.param(
            VALID.replace("level: 乡镇", "level: 村"), "qingshi-zhen.yml:4: unknown unit level '村'", id="unknown-level"
        ),
        pytest.param(
            VALID.replace("themes: [党风廉政建设]", "themes: [党风建设]"),
            "qingshi-zhen.yml:10: unknown theme '党风建设' (did you mean '党风廉政建设'?)",
            id="unknown-theme",
        ),
        pytest.param(
            VALID.replace("kind: 成效", "kind: 成效\n        kinds: [问题]"),
            "qingshi-zhen.yml:16: a section has either 'kind' or 'kinds', not both",
            id="kind-and-kinds",
        ),
        pytest.param(
            VALID.replace("  name: 青石镇\n", "  name: 青石镇\n  name: 白石镇\n"),
            "qingshi-zhen.yml:4: the unit has the field 'name' twice",
            id="duplicate-key",
        ),
        pytest.param(
            VALID.replace("id: qingshi-zhen\n", "id: baishi-zhen\n", 1),
            "qingshi-zhen.yml:2: unit id 'baishi-zhen' does not match the file name",
            id="id-not-file-name",
        ),
        pytest.param(
            VALID.replace("qingshi-zhen-2023-zongjie", "Qingshi 2023"),
            "qingshi-zhen.yml:6: document id 'Qingshi 2023' must be lower-case",
            id="bad-slug",
        ),
        pytest.param(
            VALID.replace("run_in: true", "run_in: 是"),
            "qingshi-zhen.yml:18: run_in must be true or false",
            id="wrong-type-bool",
        ),
        pytest.param(VALID.replace("documents:", "documents: 5\nx:"), "qingshi-zhen.yml:", id="wrong-shape"),
        pytest.param("", "qingshi-zhen.yml:1: the file is empty", id="empty-file"),
        pytest.param("# only a comment\n", "qingshi-zhen.yml:1: the file is empty", id="comment-only-file"),
        pytest.param(VALID.encode("gbk"), "qingshi-zhen.yml:3: is not UTF-8", id="not-utf8"),
        pytest.param(
            VALID.replace("建立党委领学督学机制。", "建立\x02机制"),
            "qingshi-zhen.yml:20: contains the control character U+0002",
            id="control-character",
        ),
    ],
)
def test_bad_data_is_reported_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes, expected: str
) -> None:
    problems = problems_of(tmp_path, {"qingshi-zhen.yml": content}, monkeypatch)
    assert any(p.startswith("data/units/") and expected in p for p in problems), problems


def test_duplicate_document_ids_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = VALID.replace("id: qingshi-zhen\n", "id: baishi-zhen\n", 1).replace("name: 青石镇", "name: 白石镇")
    problems = problems_of(tmp_path, {"qingshi-zhen.yml": VALID, "baishi-zhen.yml": other}, monkeypatch)
    assert problems == [
        "data/units/qingshi-zhen.yml:6: duplicate document id 'qingshi-zhen-2023-zongjie'"
        " (first defined at data/units/baishi-zhen.yml:6)"
    ]


def test_every_problem_of_every_file_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad_genre = VALID.replace("genre: 工作总结", "genre: 小结").replace("level: 乡镇", "level: 村")
    problems = problems_of(tmp_path, {"qingshi-zhen.yml": bad_genre, "z.yml": ""}, monkeypatch)
    assert len(problems) == 3, problems


def test_text_is_kept_as_written(tmp_path: Path) -> None:
    hostile = VALID.replace("建立党委领学督学机制。", "'<script>alert(1)</script> {{ x }} **镇 yes'")
    library = load_library(make_data(tmp_path, {"qingshi-zhen.yml": hostile}))
    texts = [p.text for p in library.documents[0].paragraphs()]
    assert "<script>alert(1)</script> {{ x }} **镇 yes" in texts


PHRASES = """\
- text: 现将有关情况汇报如下
  category: 开头引入
  tags: [过渡语]
- text: 学习不够深入
  category: 问题
"""


def test_curated_phrases_load_with_their_categories(tmp_path: Path) -> None:
    data = make_data(tmp_path, {"qingshi-zhen.yml": VALID})
    (data / "phrases.yml").write_text(PHRASES, encoding="utf-8")
    library = load_library(data)
    assert [(p.text, p.category, p.tags) for p in library.phrases] == [
        ("现将有关情况汇报如下", "开头引入", ("过渡语",)),
        ("学习不够深入", "问题", ()),
    ]
    assert [c.name for c in library.taxonomy.functions][:2] == ["开头引入", "过渡承接"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PHRASES.replace("category: 问题", "category: 问题表达"), "phrases.yml:5: unknown phrase category '问题表达'"),
        (PHRASES.replace("  category: 问题\n", ""), "phrases.yml:4: a phrase is missing the field 'category'"),
        (PHRASES.replace("tags: [过渡语]", "tag: [过渡语]"), "phrases.yml:3: unknown field 'tag' in a phrase"),
        (
            PHRASES.replace("学习不够深入", "现将有关情况汇报如下"),
            "phrases.yml:4: the phrase '现将有关情况汇报如下' is",
        ),
        ("text: 一句话\n", "phrases.yml:1: phrases must be a list"),
    ],
)
def test_bad_phrases_are_reported_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, expected: str
) -> None:
    data = make_data(tmp_path, {"qingshi-zhen.yml": VALID})
    (data / "phrases.yml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        load_library(data)
    assert any(str(p).startswith("data/phrases.yml:") and expected in str(p) for p in info.value.problems), info.value


def test_taxonomy_without_functions_stays_valid(tmp_path: Path) -> None:
    data = make_data(tmp_path, {"qingshi-zhen.yml": VALID})
    taxonomy = (data / "taxonomy.yml").read_text(encoding="utf-8")
    (data / "taxonomy.yml").write_text(taxonomy[: taxonomy.index("\n# Phrase functions")] + "\n", encoding="utf-8")
    assert load_library(data).taxonomy.functions == ()


def test_a_function_named_like_a_kind_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path, {"qingshi-zhen.yml": VALID})
    taxonomy = (data / "taxonomy.yml").read_text(encoding="utf-8")
    (data / "taxonomy.yml").write_text(taxonomy.replace("name: 递进", "name: 问题"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match=r"taxonomy\.yml:\d+: '问题' is both a section kind and a phrase function"):
        load_library(data)
