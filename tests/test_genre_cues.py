"""The genre of a report whose title names none (or that has no title): the opening's occasion
(民主生活会, 组织生活会: a keyword of the taxonomy), then the verb handing the text over, then the
shape of the body (it opens with the work done: a summary), and only then 其他."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.model import Taxonomy
from fanli.ingest.importer import parse_lines, parse_text
from fanli.ingest.reading import text_lines

ROOT = Path(__file__).resolve().parents[1]
BODY = "一、存在的问题\n理论学习不够深入，联系实际不够紧密。\n二、整改措施\n坚持读原著学原文，每月专题研讨一次。\n"


def genre(text: str, taxonomy: Taxonomy) -> str:
    return parse_text(text, "test.txt", taxonomy)["documents"][0]["genre"]


@pytest.mark.parametrize("meeting", ["民主生活会", "组织生活会"])
def test_the_meeting_in_the_opening_names_the_genre(meeting: str, taxonomy: Taxonomy) -> None:
    opening = f"按照上级关于召开2024年度{meeting}的通知要求，支部班子认真查摆问题。现将有关情况报告如下。\n"
    assert genre(opening + BODY, taxonomy) == "对照检查材料"


def test_a_cited_speech_does_not_make_a_report_a_speech(taxonomy: Taxonomy) -> None:
    opening = "今年以来，我局深入学习习近平总书记重要讲话精神，现将有关情况汇报如下：\n"
    assert genre(opening + BODY, taxonomy) == "工作汇报"


def test_a_body_that_opens_with_the_work_done_is_a_summary(taxonomy: Taxonomy) -> None:
    text = (
        "2021年，X街道党工委在区委的坚强领导下，推动各项工作稳步发展。\n"
        "一、2021年工作开展情况\n全年新建党群服务中心两个，化解信访积案十件。\n"
        "二、存在的问题\n基层治理的手段还不多。\n"
    )
    assert genre(text, taxonomy) == "工作总结"


def test_a_body_that_opens_with_anything_else_stays_other(taxonomy: Taxonomy) -> None:
    text = (
        "为推进基层治理，结合实际，制定如下安排。\n"
        "一、指导思想\n以基层治理现代化为目标，统筹推进各项任务。\n"
        "二、主要任务\n完善网格体系，健全议事协商机制。\n"
    )
    assert genre(text, taxonomy) == "其他"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            "一、2022年工作总结\n2022年，桃园镇较好完成了目标任务。\n二、存在问题\n基层治理手段不多。\n",
            "按第一个标题推断",
        ),
        ("现将我局2023年工作情况汇报如下。\n" + BODY, "按开头用语推断"),
    ],
)
def test_the_review_note_names_where_an_untitled_reports_genre_came_from(
    text: str, note: str, taxonomy: Taxonomy
) -> None:
    report = parse_lines(text_lines(text, "test.txt"), "test.txt", taxonomy)
    assert report.unsure[("documents", 0, "genre")].endswith(note)
