"""〔一〕 numbers a heading like （一）; a bracketed year or document number (〔2023〕5号) never does.

Both through core.text.heading_number, the one rule for heading numbers, which the outline ranks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fanli.core.model import Taxonomy
from fanli.core.text import heading_number, strip_number
from fanli.ingest.importer import parse_text
from fanli.ingest.outline import PAREN_ARABIC_RANK, PAREN_RANK, heading_rank

ROOT = Path(__file__).resolve().parents[1]


def sections(text: str, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    return parse_text(text, "test.txt", taxonomy)["documents"][0]["sections"]


@pytest.mark.parametrize("heading", ["〔一〕加强学习", "（一）加强学习", "(一)加强学习", "〔十二〕加强学习"])
def test_square_brackets_rank_like_round_ones(heading: str) -> None:
    assert heading_rank(heading) == PAREN_RANK
    assert strip_number(heading) == "加强学习"


def test_a_bracketed_digit_ranks_like_a_parenthesised_one() -> None:
    assert heading_rank("〔1〕加强学习") == heading_rank("（1）加强学习") == PAREN_ARABIC_RANK


@pytest.mark.parametrize("line", ["〔2023〕5号", "〔2023〕年度工作安排", "(2022)年工作回顾", "1.5亿元投入运营"])
def test_a_year_document_number_or_decimal_is_no_numbering(line: str) -> None:
    assert heading_number(line) is None
    assert heading_rank(line) is None
    assert strip_number(line) == line


def test_square_bracket_items_nest_under_the_top_level(taxonomy: Taxonomy) -> None:
    text = (
        "2023年镇党委工作总结\n"
        "一、主要工作\n"
        "〔一〕加强理论学习\n"
        "全年组织中心组学习十二次，开展专题研讨四次。\n"
        "〔二〕压实管党治党责任\n"
        "签订责任书三十份，开展廉政谈话四十余人次。\n"
        "二、存在问题\n"
        "学习的深度还不够，结合实际还不紧。\n"
    )
    top = sections(text, taxonomy)
    assert [s["heading"] for s in top] == ["一、主要工作", "二、存在问题"]
    assert [s["heading"] for s in top[0]["subsections"]] == ["〔一〕加强理论学习", "〔二〕压实管党治党责任"]


def test_square_brackets_can_be_the_top_level(taxonomy: Taxonomy) -> None:
    text = (
        "2023年镇党委工作总结\n"
        "今年以来，镇党委认真落实各项部署，现将有关情况总结如下：\n"
        "〔一〕主要工作\n"
        "全年组织中心组学习十二次，开展专题研讨四次。\n"
        "〔二〕存在问题\n"
        "学习的深度还不够，结合实际还不紧。\n"
    )
    assert [s["heading"] for s in sections(text, taxonomy)] == ["〔一〕主要工作", "〔二〕存在问题"]


def test_a_document_number_line_opens_no_section(taxonomy: Taxonomy) -> None:
    text = (
        "2023年镇党委工作总结\n"
        "〔2023〕5号\n"
        "今年以来，镇党委认真落实各项部署，现将有关情况总结如下：\n"
        "一、主要工作\n"
        "全年组织中心组学习十二次，开展专题研讨四次。\n"
        "二、存在问题\n"
        "学习的深度还不够，结合实际还不紧。\n"
    )
    assert [s["heading"] for s in sections(text, taxonomy)] == ["一、主要工作", "二、存在问题"]
