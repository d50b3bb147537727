"""A genre's common outline (site.common_outline): the parts most of its reports have, in their order."""

from __future__ import annotations

import shutil
from pathlib import Path

from fanli.core.load import load_library
from fanli.site.common_outline import common_outline, genre_outlines

ROOT = Path(__file__).resolve().parent.parent

UNIT = """\
unit:
  id: outline-zhen
  name: 乙镇
  level: 乡镇
documents:
"""

REPORT = """\
  - id: outline-zhen-{year}-zongjie
    title: 乙镇{year}年工作总结
    year: {year}
    genre: 工作总结
    themes: [党风廉政建设]
    sections:
{sections}"""

SECTION = """\
      - heading: {heading}
        kinds: [{kind}]
        paragraphs: [正文。]
"""


def _library(tmp_path: Path, reports: list[list[tuple[str, str]]]):
    data = tmp_path / "data"
    (data / "units").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "taxonomy.yml", data / "taxonomy.yml")
    text = UNIT + "".join(
        REPORT.format(year=2016 + i, sections="".join(SECTION.format(heading=h, kind=k) for h, k in sections))
        for i, sections in enumerate(reports)
    )
    (data / "units" / "outline-zhen.yml").write_text(text, encoding="utf-8")
    return load_library(data)


def test_parts_most_reports_have_in_their_order_worded_as_most_reports_word_them(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        [
            [("一、2021年工作开展情况", "成效"), ("二、存在的问题", "问题"), ("三、下一步打算", "打算")],
            [("一、工作开展情况", "成效"), ("二、问题和原因", "问题, 原因"), ("三、下一步打算", "打算")],
            [("一、落实主体责任", "成效"), ("二、存在的问题", "问题"), ("三、下步工作", "打算")],
            [("一、基本情况", "基本情况"), ("二、主要做法", "成效"), ("三、下一步打算", "打算")],
        ],
    )
    headings = common_outline(library.documents, library.taxonomy.kinds)
    # 基本情况 (1 of 4) and 原因 (1 of 4) are not common; 问题 (3 of 4) is, between 成效 and 打算
    assert [h.kind for h in headings] == ["成效", "问题", "打算"]
    # the year of a report's own period is not reused; headings that do not name the part are not its wording
    assert [h.text for h in headings] == ["一、工作开展情况", "二、存在的问题", "三、下一步打算"]


def test_a_part_only_ever_shared_with_another_takes_its_place_after_it(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        [
            [("一、工作成效", "成效"), ("二、存在问题及原因", "问题, 原因"), ("三、下步打算", "打算")],
            [("一、工作成效", "成效"), ("二、存在问题和原因", "问题, 原因")],
        ],
    )
    headings = common_outline(library.documents, library.taxonomy.kinds)
    assert [h.kind for h in headings] == ["成效", "问题", "原因", "打算"]
    # no heading names 问题 or 原因 alone: the longest of the kind's words its headings use
    assert [h.text for h in headings] == ["一、工作成效", "二、存在问题", "三、原因", "四、下步打算"]


def test_every_genre_of_the_sample_with_sections_has_one() -> None:
    library = load_library(ROOT / "data")
    outlines = {o.genre.name: o for o in genre_outlines(library)}
    assert set(outlines) == {d.genre for d in library.documents if d.sections}
    summary = outlines["工作总结"]
    assert summary.reports == 2
    assert [h.text for h in summary.headings] == ["一、工作开展情况", "二、存在问题", "三、打算"]
    assert common_outline([], library.taxonomy.kinds) == ()
