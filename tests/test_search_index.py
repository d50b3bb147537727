"""The search index finds exactly the paragraphs a plain substring scan finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.load import load_library
from fanli.core.model import Document, Library, Paragraph, Section, Unit
from fanli.dev.synth import write_project
from fanli.site import search_index
from fanli.site.search_index import (
    HEADING,
    PARAGRAPH,
    RUN_KEY_CHARS,
    TITLE,
    SearchIndex,
    build_search_index,
    cell_slice_choices,
    counted,
    counted_by_variants,
    entries,
    find,
    group_set,
    in_filters,
    mark_keys,
    mark_word,
    matches,
    normalize,
    ordered_documents,
    query_words,
    read_copies,
    read_meta,
    read_postings,
    read_postings_and_sizes,
    wanted_values,
)

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
    "压力传导不够",
    "抓早抓小防微杜渐",
    "不敢腐，不能腐",
    "黨風廉政建設",
    "屋場懇談會",
    "“ 四种 ”",
    "工作总结",
    "“四风”",
    "抓早抓小、防微杜渐",
    "小、",
    "、防",
    "）",
    "一、",
    "。一",
    "（一）",
    # words of punctuation alone (matched as written in either matching), with other words or not
    "。”",
    "——",
    "……",
    "”，",
    "¶",
    "， 。",
    "抓早 ，",
    "、 “四风”",
    "！！！！！！！！！",
    "！！！！！！！！！！！！！！！！！",
]


def scan(library: Library, query: str, exact: bool = False, texts: list[str] | None = None) -> list[int]:
    """The truth: every title, heading and paragraph whose folded text contains each folded word (a
    word of punctuation alone: whose strict text does, in either matching)."""
    words = query_words(query, exact)
    texts = texts if texts is not None else [e.text for e in entries(library)]
    folded = [normalize(t, exact) for t in texts]
    marked = [normalize(t, True) for t in texts]
    return [
        n for n, text in enumerate(folded) if words and all(w in (marked[n] if mark_word(w) else text) for w in words)
    ]


def check(library: Library, queries: list[str]) -> None:
    index = build_search_index(library)
    texts = [e.text for e in entries(library)]
    assert all(matches(t, query_words(t)) for t in texts if query_words(t))  # the scan agrees with `matches`
    for query in queries:
        for exact in (False, True):
            assert find(index, query, exact) == scan(library, query, exact, texts), (query, exact)
    check_counts(library, index, queries)
    copies = read_copies(index)  # and each loose key's postings count every occurrence of their wording
    for key in {w[:2] for q in queries for w in query_words(q) if not mark_word(w)}:
        found, sizes = read_postings_and_sizes(index, key)
        assert sizes == {item: 1 + len(copies[item]) for item in found if item in copies}, key


def filter_cases(index: SearchIndex) -> list[dict]:
    """A filter on each axis alone and with the year (the first and the last value of each, and a
    value no item has), and the year alone; then pairs and triples of axes besides the year, with one
    value or several, with the year or not (what the "cell" group set counts), and several kinds or
    several themes alone."""
    axes = read_meta(index)["axes"]
    cases: list[dict] = [{"year": axes["year"][0]}, {"year": axes["year"][-1]}, {"genre": axes["genre"][:2]}]
    for axis in ("theme", "genre", "level", "kind"):
        for value in {axes[axis][0], axes[axis][-1]}:
            cases += [
                {axis: value},
                {axis: value, "year": axes["year"][0]},
                {"year": [axes["year"][-1]], axis: [value]},
            ]
    cases += [
        {"kind": axes["kind"][:2]},
        {"kind": axes["kind"][1:4]},
        {"theme": axes["theme"][:2]},
        {"theme": [axes["theme"][0], axes["theme"][-1], "没有的主题"]},
        {"theme": axes["theme"][0], "genre": axes["genre"][0]},
        {"theme": axes["theme"][1], "level": axes["level"][1]},
        {"kind": axes["kind"][0], "level": axes["level"][0]},
        {"kind": axes["kind"][:2], "genre": axes["genre"][:3]},
        {"theme": axes["theme"][:2], "level": axes["level"][:2]},
        {"theme": axes["theme"][:2], "kind": axes["kind"][:3]},
        {"year": axes["year"][0], "genre": axes["genre"][0], "kind": axes["kind"][0]},
        {"year": axes["year"][-1], "theme": axes["theme"][0], "genre": axes["genre"][:2], "level": axes["level"]},
        {"genre": axes["genre"][0], "level": axes["level"][0], "kind": axes["kind"][0], "theme": axes["theme"][0]},
    ]
    return cases


def check_counts(library: Library, index: SearchIndex, queries: list[str]) -> None:
    """For every query (with a loose character), both matchings and every filter of `filter_cases`: each
    wording's number of occurrences read from the postings and the group files (`counted`, what the
    page counts and sorts with) equals a scan of the data."""
    items = entries(library)
    docs = ordered_documents(library)
    canonical: dict[str, int] = {}
    first = [canonical.setdefault(normalize(e.text), n) for n, e in enumerate(items)]
    found = {
        (query, exact): scan(library, query, exact)
        for query in queries
        for exact in (False, True)
        if query_words(query, exact) and all(len(w) <= RUN_KEY_CHARS for w in query_words(query, exact))
    }  # a word of more marks than that is left out: the page checks the text (`find`)
    for filters in [{}, *filter_cases(index)]:
        passing = [in_filters(e, docs[e.doc], filters) for e in items]
        for (query, exact), hits in found.items():
            truth: dict[int, int] = {}
            for n in hits:
                if passing[n]:
                    truth[first[n]] = truth.get(first[n], 0) + 1
            assert counted(index, query, filters, exact) == truth, (query, filters, exact)
            picked = wanted_values(read_meta(index), filters)
            if group_set(picked) == "cell":  # the "cell" rows read any way count alike
                for way in cell_slice_choices(read_meta(index), picked):
                    assert counted(index, query, filters, exact, cell_way=way) == truth, (query, filters, way)
            if not filters and any(mark_word(w) for w in query_words(query, exact)):
                firsts: dict[int, int] = {}
                for n in hits:
                    firsts.setdefault(first[n], n)
                by_variants = {c: (n, firsts[c]) for c, n in truth.items()}
                assert counted_by_variants(index, query, exact) == by_variants, (query, exact)


def test_sample_library_recall_and_precision() -> None:
    library = load_library(ROOT / "data")
    assert any(scan(library, q) for q in QUERIES)
    kinds = {entries(library)[n].type for q in QUERIES for n in scan(library, q)}
    assert kinds == {TITLE, HEADING, PARAGRAPH}  # the queries reach every kind of item
    check(library, QUERIES)


@pytest.mark.slow
def test_synthetic_library_recall_and_precision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "DOCS_PER_FILE", 7)  # copies across blocks (m/N.js)
    write_project(tmp_path / "synth", reports=60, data_dir=ROOT / "data")
    library = load_library(tmp_path / "synth" / "data")
    # words of every length from real paragraphs, at the start, the middle and the end
    texts = [e.text for e in entries(library)[::97]]
    picked = [t[i : i + n] for t in texts for i, n in ((0, 3), (len(t) // 2, 5), (len(t) - 4, 4))]
    check(library, QUERIES + picked)


def hostile_library(extra: tuple[str, ...] = ()) -> Library:
    """Full-width and half-width forms, markup, repeats, ligatures, traditional script, copies (and
    `extra` paragraphs at the end)."""
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
        "屋場懇談會，抓早抓小、防微杜渐",
        "屋场恳谈会 抓早抓小，防微杜渐",
        "抓早抓小、防微杜渐",
        "抓早抓小、防微杜渐",
        *extra,
    ]
    paragraphs = tuple(Paragraph(t, f"p{n + 1}") for n, t in enumerate(texts))
    section = Section("一、标题", "s1", ("成效",), (), False, paragraphs[1:])
    doc = Document("d", "标题", 2023, "工作总结", (), unit, opening=paragraphs[:1], sections=(section,))
    return Library(taxonomy, (unit,), (doc,))


def test_hostile_library_counts_under_every_filter() -> None:
    library = hostile_library(
        (
            "抓早抓小，防微杜渐",
            "抓早抓小，防微杜渐",
            "抓早抓小，防微杜渐。",
            "甲， “乙”……——丙！！！！！！！！！！！丁",
            "抓早抓小……防微杜渐",
        )
    )
    index = build_search_index(library)
    check_counts(library, index, [*QUERIES, "抓早抓小，防微杜渐", "小，防", "屋場懇談會"])
    texts = [e.text for e in entries(library)]
    for query in ["！！！！！！！！！！", "！！！！！！！！！！！！", "”……——", "， “", "……", "。"]:
        for exact in (False, True):
            assert find(index, query, exact) == scan(library, query, exact, texts), (query, exact)


def test_normalisation_full_width_case_traditional_and_punctuation() -> None:
    library = hostile_library()
    assert normalize("ＡＢＣ１２３，！", exact_punctuation=True) == "abc123,!"
    assert normalize("ＡＢＣ１２３，！ 屋場") == "abc123屋场"
    index = build_search_index(library)
    # items: 0 title, 1 opening paragraph, 2 heading, 3… the section's paragraphs
    assert find(index, "abc") == [1, 3]
    assert find(index, "ＡＢＣ") == [1, 3]
    assert find(index, "１２３") == [1, 3]
    assert find(index, "抓早抓小") == [4, 9, 10, 11, 12]
    assert find(index, "抓早抓小", exact_punctuation=True) == [4, 9, 10, 11, 12]
    assert find(index, "抓早抓小防微杜渐") == [9, 10, 11, 12]
    assert find(index, "抓早抓小、防微杜渐", exact_punctuation=True) == [9, 11, 12]
    assert find(index, "屋场恳谈会") == find(index, "屋場懇談會") == [9, 10]
    assert find(index, "重重重") == [7]
    assert find(index, "fi合") == [8]
    assert find(index, "<script>", exact_punctuation=True) == [4]
    assert find(index, "标题") == [0, 2]
    check(
        library,
        [
            "abc",
            "123",
            "引号",
            "抓早",
            "早抓小",
            "重重",
            "重重重重重",
            "!",
            "script alert",
            "，防微",
            "会抓",
            "恳谈会，抓",
            '数字,"引',
            "”！",
            "“引号”！",
            "小，防",
            "会 抓早",
            "会抓早",
            "<",
            "重重",
            "123 数字",
        ],
    )


def test_index_files_are_scripts_copies_are_indexed_once_and_kinds_are_inherited() -> None:
    library = hostile_library()
    index = build_search_index(library)
    # the group sets holding rows (no item has a theme), and the slices of the "cell" rows of the
    # values some item has
    slices = ("cell-0-0", "cell-0", "cell-2")  # genre 0 and level 0; kinds 0 and 2
    groups = {f"g/{name}/0.js" for name in ("genre", "level", "kind", "kinds", *slices)} | {"g/places.js"}
    assert set(index.files) == {"meta.js", "p/0.js", "t/0.js", "d/0.js", "m/0.js", *groups}
    assert all(content.startswith(b"fanliSearch") and content.endswith(b");\n") for content in index.files.values())
    text = index.files["t/0.js"].decode()
    assert "<script>alert(1)</script>" in text  # data, never markup: the page puts it in with textContent
    assert read_copies(index) == {9: [10], 11: [12]}  # same wording once punctuation and script are folded
    assert 10 not in read_postings(index, "抓早") and 9 in read_postings(index, "抓早")
    assert [e.type for e in entries(library)] == [TITLE, PARAGRAPH, HEADING] + [PARAGRAPH] * 10
    assert [e.kinds for e in entries(library)] == [(), ("开头",)] + [("成效",)] * 11


def test_strict_matching_is_decided_by_the_postings_alone() -> None:
    """精确匹配标点 reads no text: with the text files gone, strict hits are still exact (a word of
    punctuation alone still checks the text)."""
    library = hostile_library()
    index = build_search_index(library)
    without_text = SearchIndex({k: v for k, v in index.files.items() if not k.startswith("t/")}, index.items, 0)
    texts = [e.text for e in entries(library)]
    for query in ["抓早抓小、防微杜渐", "“引号”！", "小，防", "会抓早", "引号", '数字,"引', "标题"]:
        assert find(without_text, query, exact_punctuation=True) == scan(library, query, True, texts), query
    assert list(mark_keys("甲、乙”，丙 丁")) == [
        ("甲、", 1), ("、乙", 1), ("甲 乙", 1), ("甲、乙", 1),
        ("乙”", 2), ("乙”，", 2), ("”，丙", 2), ("，丙", 2), ("乙 丙", 2), ("乙”，丙", 2),
        ("丙 丁", 3),
    ]  # fmt: skip
