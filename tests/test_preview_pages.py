"""A document site's preview (one line per page, page markers 1、 2、): a top-level heading after a
sentence end starts a new line even when the page has no other break, and a heading run into its
text without punctuation ends after its head noun when the year opening the text follows."""

from __future__ import annotations

from pathlib import Path

from fanli.core.model import Taxonomy
from fanli.ingest.importer import parse_text

ROOT = Path(__file__).resolve().parents[1]
PAGE_1 = (
    "1、2022年x镇政府工作报告各位代表:现在,我代表x镇人民政府向大会报告工作,请予审议,并请列席会议的同志提出意见。"
    "一、2021年工作总结及过去五年工作回顾2021年是建党一百周年,也是开启全面建设社会主义现代化新征程的第一年。"
    "在县委、县政府和镇党委的坚强领导下,全镇上下团结一心,地区生产总值达到"
)
PAGE_2 = "2、7.1亿元,地方财政收入完成1525万元,各项工作取得新成效,群众获得感不断增强,社会大局和谐稳定。" * 2


def test_a_preview_page_is_cut_at_its_heading(taxonomy: Taxonomy) -> None:
    doc = parse_text(f"{PAGE_1}\n{PAGE_2}\n", "test.txt", taxonomy)["documents"][0]
    assert doc["title"] == "2022年x镇政府工作报告"
    assert [s["heading"] for s in doc["sections"]] == ["一、2021年工作总结及过去五年工作回顾"]
    assert doc["sections"][0]["paragraphs"][0].startswith("2021年是建党一百周年")
    assert "地区生产总值达到7.1亿元" in doc["sections"][0]["paragraphs"][0]
