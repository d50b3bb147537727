"""The search index finds exactly the paragraphs a plain substring scan finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.load import load_library
from fanli.core.model import Document, Library, Paragraph, Section, Unit
from fanli.dev.synth import write_project
from fanli.site.search_index import build_search_index, entries, find, matches, normalize, query_words

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "抓早抓小",
    "警示教育",
    "村集体经济",
    "流动党员",
    "党风廉政建设",
    "廉政",
    "建设",
    "党员",
    "党",
    "不敢腐、不能腐、不想腐",
    "“四种形态”",
    "X",
    "xx",
    "2023",
    "２０２３",
    "廉政 教育",
    "抓早 防微杜渐",
    "一",
    "，",
    "建设建设",
    "纪检监察机关",
    "没有这句话的措辞",
    "**",
    "a",
]


def scan(library: Library, query: str) -> list[int]:
    words = query_words(query)
    return [n for n, e in enumerate(entries(library)) if matches(e.paragraph.text, words)]


def check(library: Library, queries: list[str]) -> None:
    index = build_search_index(library)
    for query in queries:
        assert find(index, query) == scan(library, query), query


def test_sample_library_recall_and_precision() -> None:
    library = load_library(ROOT / "data")
    assert any(scan(library, q) for q in QUERIES)
    check(library, QUERIES)


@pytest.mark.slow
def test_synthetic_library_recall_and_precision(tmp_path: Path) -> None:
    write_project(tmp_path / "synth", reports=60, data_dir=ROOT / "data")
    library = load_library(tmp_path / "synth" / "data")
    # words of every length from real paragraphs, at the start, the middle and the end
    texts = [e.paragraph.text for e in entries(library)[::97]]
    picked = [t[i : i + n] for t in texts for i, n in ((0, 3), (len(t) // 2, 5), (len(t) - 4, 4))]
    check(library, QUERIES + picked)


def hostile_library() -> Library:
    from fanli.core.load import load_taxonomy

    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml", [])
    unit = Unit("u", "<b>单位</b>", "乡镇")
    texts = [
        "ＡＢＣ全角字母与１２３数字，“引号”！",
        'abc半角 123 数字,"引号"!',
        "<script>alert(1)</script>抓早抓小",
        "抓早抓",
        "早抓小",
        "重重重重",
        "ﬁ合字",
    ]
    paragraphs = tuple(Paragraph(t, f"p{n + 1}") for n, t in enumerate(texts))
    section = Section("一、标题", "s1", ("成效",), (), False, paragraphs[1:])
    doc = Document("d", "标题", 2023, "工作总结", (), unit, opening=paragraphs[:1], sections=(section,))
    return Library(taxonomy, (unit,), (doc,))


def test_normalisation_full_width_case_and_overlaps() -> None:
    library = hostile_library()
    assert normalize("ＡＢＣ１２３，！") == "abc123,!"
    index = build_search_index(library)
    assert find(index, "abc") == [0, 1]
    assert find(index, "ＡＢＣ") == [0, 1]
    assert find(index, "１２３") == [0, 1]
    assert find(index, "抓早抓小") == [2]
    assert find(index, "重重重") == [5]
    assert find(index, "fi合") == [6]
    assert find(index, "<script>") == [2]
    check(library, ["abc", "123", "引号", "抓早", "早抓小", "重重", "重重重重重", "!", "script alert"])


def test_index_files_are_scripts_and_kinds_are_inherited() -> None:
    library = hostile_library()
    index = build_search_index(library)
    assert set(index.files) == {"meta.js", "p/0.js", "t/0.js"}
    assert all(content.startswith(b"fanliSearch") and content.endswith(b");\n") for content in index.files.values())
    text = index.files["t/0.js"].decode()
    assert "<script>alert(1)</script>" in text  # data, never markup: the page puts it in with textContent
    assert [e.kinds for e in entries(library)] == [("开头",)] + [("成效",)] * 6
