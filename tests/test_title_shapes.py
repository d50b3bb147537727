"""Titles in the shapes real files give them: run into the first paragraph on one line (a document
site's preview: taken off up to the genre word that ends latest before the first comma, with a
second part 及…计划), with the page's date on the title line, hard-wrapped inside a genre word."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.model import Taxonomy
from fanli.ingest.importer import parse_text

ROOT = Path(__file__).resolve().parents[1]
BODY = "\n一、主要工作\n全年组织中心组学习十二次，开展专题研讨四次。\n二、存在问题\n学习的深度还不够。\n"


def document(first_line: str, taxonomy: Taxonomy) -> dict:
    return parse_text(first_line + BODY, "test.txt", taxonomy)["documents"][0]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("2008年街道办工作总结一年来，振兴街道办事处在区党工委的领导下，完成了各项任务。", "2008年街道办工作总结"),
        ("某县 2025 年度法治政府建设情况报告2025 年，全县深入学习贯彻法治思想。", "某县 2025 年度法治政府建设情况报告"),
        (
            "市教育局2021年上半年工作总结及下半年工作计划 上半年，市教育局牢牢抓住三大主题，推动工作落实。",
            "市教育局2021年上半年工作总结及下半年工作计划",
        ),
    ],
)
def test_a_run_in_title_is_taken_off_its_paragraph(line: str, title: str, taxonomy: Taxonomy) -> None:
    doc = document(line, taxonomy)
    assert doc["title"] == title
    assert doc["opening"][0] == line[len(title) :].strip()


@pytest.mark.parametrize(
    "line",
    [
        "现将2020年我局工作总结如下：全年完成各项指标，统计数据质量稳步提高，基层基础不断夯实。",
        "总结一年来的工作，我们在区委的正确领导下，较好完成了年初确定的各项目标任务和重点工作。",
    ],
)
def test_a_paragraph_that_only_mentions_a_genre_has_no_title(line: str, taxonomy: Taxonomy) -> None:
    assert document(line, taxonomy)["opening"][0] == line


def test_a_pages_date_on_the_title_line_is_the_documents_date(taxonomy: Taxonomy) -> None:
    doc = document("五角场街道2015年工作总结和2016年工作安排 2016-03-07", taxonomy)
    assert doc["title"] == "五角场街道2015年工作总结和2016年工作安排"
    assert doc["date"] == "2016-03-07"


def test_a_title_wrapped_inside_its_genre_word_is_joined(taxonomy: Taxonomy) -> None:
    text = "镇党委领导班子 2025 年度民主生活会对照检\n查材料(含案例)\n根据上级党委的统一部署，班子开展会前准备。"
    text += BODY
    doc = parse_text(text, "test.txt", taxonomy)["documents"][0]
    assert doc["title"] == "镇党委领导班子 2025 年度民主生活会对照检查材料(含案例)"
    assert doc["genre"] == "对照检查材料"


def test_a_short_first_line_of_the_body_is_not_joined_to_the_title(taxonomy: Taxonomy) -> None:
    text = "2023年镇党委工作总结\n镇党委办公室\n今年以来，镇党委认真落实各项部署。" + BODY
    assert parse_text(text, "test.txt", taxonomy)["documents"][0]["title"] == "2023年镇党委工作总结"


def test_the_title_repeated_in_the_body_heads_no_section(taxonomy: Taxonomy) -> None:
    title = "区林业局2019年林业建设工作总结及2020年工作计划"
    opening = "2019年，我局以绿色发展理念为指引，贯彻落实全市林业工作会议精神，全面推进林业各项工作落实。"
    text = f"{title}\n投稿人:佚名 发布时间:2019/12/9\n  {title}\n  {opening}" + BODY
    doc = parse_text(text, "test.txt", taxonomy)["documents"][0]
    assert [s["heading"] for s in doc["sections"]] == ["一、主要工作", "二、存在问题"]
    assert title in doc["opening"][1]
