"""Section examples, reusable headings, similar wording and trend charts: pure functions on small libraries."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from test_load import VALID, make_data

from fanli.core.load import load_library
from fanli.core.text import strip_number
from fanli.render.html import Renderer
from fanli.site import indexes, pages, plan, similar, trends

from golden import assert_golden

ROOT = Path(__file__).resolve().parent.parent


def test_section_grouping_matches_golden() -> None:
    library = load_library(ROOT / "data")
    grouped = {
        kind: {e.document.id: [f"{b.depth} {b.anchor} {b.text[:16]}" for b in e.blocks] for e in examples}
        for kind, examples in sorted(indexes.kind_examples(library).items())
    }
    headings = {
        kind: [f"{h.theme or '-'} | {h.text} | {len(h.sections)}" for h in items]
        for kind, items in sorted(plan.reusable_headings(library).items())
    }
    assert_golden(
        "examples/sections.json",
        json.dumps({"examples": grouped, "headings": headings}, ensure_ascii=False, indent=1) + "\n",
    )


def test_every_paragraph_of_a_kind_is_in_its_example_once() -> None:
    library = load_library(ROOT / "data")
    for kind, examples in indexes.kind_examples(library).items():
        for example in examples:
            anchors = [b.anchor for b in example.blocks if b.depth == 0]
            assert len(anchors) == len(set(anchors)), (kind, example.document.id)


def test_headings_lose_their_numbering_only() -> None:
    assert strip_number("（一）深化学习内容，强化教育管理。") == "深化学习内容，强化教育管理。"
    assert strip_number("一是强化政治担当，扎实履职尽责。") == "强化政治担当，扎实履职尽责。"
    assert strip_number("三、下步打算") == "下步打算"
    assert strip_number("存在问题") == "存在问题"


@pytest.mark.parametrize(
    "heading",
    [
        "第一部分 存在问题",
        "一.存在问题",
        "其一，存在问题",
        "〔一〕存在问题",
        "(1)存在问题",
        "１．存在问题",
        "①存在问题",
        "1、存在问题",
    ],
)
def test_every_numbering_form_is_stripped(heading: str) -> None:
    assert strip_number(heading) == "存在问题"


def test_a_number_that_is_no_numbering_stays() -> None:
    assert strip_number("2020年工作回顾") == "2020年工作回顾"
    assert strip_number("一年来工作回顾") == "一年来工作回顾"


def test_weighted_pages_stay_under_budget_and_cover_everything() -> None:
    weights = [5, 5, 5, 12, 1, 1]
    paged = pages.paginate_by_weight(weights, 10, lambda w: w, lambda n: f"p{n}.md")
    chunks = [list(chunk) for _, chunk in paged]
    assert chunks == [[5, 5], [5], [12], [1, 1]]
    assert [pager.first_index for pager, _ in paged] == [0, 2, 3, 4]
    assert len(pages.paginate_by_weight([], 10, lambda w: w, lambda n: f"p{n}.md")) == 1


COPIED = "始终把严守党的政治纪律和政治规矩摆在突出位置，坚持把政治理论学习作为党风廉政建设重要内容。"


def test_similar_paragraphs_are_found_across_documents(tmp_path: Path) -> None:
    other = VALID.replace("qingshi-zhen", "baishi-zhen").replace("青石镇", "白石镇").replace("2023", "2022")
    unrelated = VALID.replace("qingshi-zhen", "hongshi-zhen").replace("青石镇", "红石镇")
    texts = {
        "qingshi-zhen.yml": VALID.replace("建立党委领学督学机制。", COPIED),
        "baishi-zhen.yml": other.replace("建立党委领学督学机制。", COPIED.replace("重要内容", "主要内容")),
        "hongshi-zhen.yml": unrelated.replace(
            "建立党委领学督学机制。", "全年开展监督检查十余次，督促整改问题二十余个。"
        ),
    }
    library = load_library(make_data(tmp_path, texts))
    index = similar.similar_index(library)
    by_unit = {d.unit.id: d for d in library.documents}
    paragraphs = {unit: list(doc.paragraphs()) for unit, doc in by_unit.items()}
    places, total = index.lookup(by_unit["qingshi-zhen"], paragraphs["qingshi-zhen"][1])
    assert total == 1 and [(p.document.unit.id, p.anchor) for p in places] == [("baishi-zhen", "p2")]
    assert index.lookup(by_unit["hongshi-zhen"], paragraphs["hongshi-zhen"][1]) == ([], 0)
    assert index.lookup(by_unit["qingshi-zhen"], paragraphs["qingshi-zhen"][0]) == ([], 0)  # too short
    # the document page gets them as data, per paragraph, and only renders them
    specs = {spec.context["doc"].unit.id: spec for spec in pages.document_pages(library, index)}
    wording = specs["qingshi-zhen"].context["similar"].compute()  # when the page is rendered
    anchor = paragraphs["qingshi-zhen"][1].anchor
    assert list(wording) == [anchor] and wording[anchor] == similar.SimilarWording(tuple(places), 1)
    assert specs["hongshi-zhen"].context["similar"].compute() == {}
    html = Renderer(library.taxonomy).render_body(specs["qingshi-zhen"])
    # as data for the page's script (basket.js writes the note under the paragraph), each report named once
    data = re.search(r'<script type="application/json" class="fanli-similar-data">(.*?)</script>', html)
    assert data is not None and html.count("fanli-similar-data") == 1
    assert json.loads(data[1]) == {
        "docs": [["../../../2022/baishi-zhen/baishi-zhen-2022-zongjie/", "白石镇 2022"]],
        "notes": {anchor: [1, 0, "p2"]},
    }
    assert "fanli-similar-data" not in Renderer(library.taxonomy).render_body(specs["hongshi-zhen"])
    # a unit named like markup stays text in the data block: it cannot close the script element
    place = places[0]
    unit = dataclasses.replace(place.document.unit, name="</script><script>alert(1)</script>")
    hostile = similar.Place(dataclasses.replace(place.document, unit=unit), place.anchor)
    block = Renderer(library.taxonomy).env.from_string("{{ similar_notes(s, link)|script_json }}")
    rendered = block.render(s={anchor: similar.SimilarWording((hostile,), 1)}, link=lambda src: src)
    assert "<" not in rendered and json.loads(rendered)["docs"][0][1] == unit.name + " 2022"


def test_bar_charts_fit_their_box() -> None:
    chart = trends.bar_chart("党风廉政建设", Counter({2021: 2, 2022: 0, 2023: 4}), [2021, 2022, 2023])
    assert chart.total == 6 and [b.value for b in chart.bars] == [2, 0, 4]
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.year == 2023 and tallest.y == trends.TOP
    for bar in chart.bars:
        assert bar.x >= 0 and bar.x + bar.width <= chart.width
        assert bar.y + bar.height == chart.baseline
