"""The shapes real report text comes in (issue 10), one small case each, and the real corpus scored.

Each case is written here, in the shape seen on public pages (a PDF copy, a document-site preview,
a mirror site's pinyin), not copied from the corpus; the corpus itself is scored by its own script.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanli.core.model import Taxonomy
from fanli.core.text import numeral_value
from fanli.ingest.importer import parse_lines
from fanli.ingest.reading import Line, text_lines
from fanli.ingest.reflow import INVISIBLE, reflow
from fanli.ingest.types import ImportFailure, Report, read_taxonomy

ROOT = Path(__file__).resolve().parents[1]
REAL_CORPUS = ROOT / ".." / "shared" / "corpus" / "real"
REAL_CORPUS_TARGET = 0.95


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return read_taxonomy(ROOT / "data")


def parsed(text: str, taxonomy: Taxonomy) -> Report:
    return parse_lines(text_lines(text, "case.txt"), "case.txt", taxonomy)


def document(report: Report) -> dict[str, Any]:
    return report.data["documents"][0]  # type: ignore[no-any-return]


def headings(report: Report) -> list[str]:
    return [section["heading"] for section in document(report).get("sections", [])]


WRAPPED = """2020 年乡镇党委党建工作汇报
今年以来，在县委的正确领导和组织部门的精心指导下，
乡党委始终围绕“凝心聚力抓党建、抓好党建促发展”的工
作思路，牢牢把握全面从严治党这一主线，全面加强党的基
层组织建设，为全乡经济社会发展提供了坚强的组织保证。
一、基层党建工作责任制落实情况
1.加强班子建设，落实党建责任。在抓党委自身建设上，
成立了以党委书记为组长的党建工作领导组，做到了党建工
作亲自部署、亲自谋划、亲自推动、亲自落实，各支部书记
严格落实了党建工作第一责任人责任。
二、存在的问题
一是部分支部书记抓党建的意识还不强，工作方法比较单
一，创新不够。
"""


def test_hard_wrapped_pdf_text_is_reflowed_into_paragraphs(taxonomy: Taxonomy) -> None:
    report = parsed(WRAPPED, taxonomy)
    doc = document(report)
    assert doc["title"] == "2020 年乡镇党委党建工作汇报"
    assert (doc["year"], doc["genre"]) == (2020, "工作汇报")
    assert headings(report) == ["一、基层党建工作责任制落实情况", "二、存在的问题"]
    [opening] = doc["opening"]
    assert opening.startswith("今年以来") and opening.endswith("组织保证。")
    [item] = doc["sections"][0]["subsections"]
    assert item["paragraphs"][0].endswith("第一责任人责任。")


def test_a_one_line_report_is_cut_where_its_lines_were(taxonomy: Taxonomy) -> None:
    body = "今年以来，全镇上下紧扣目标任务，各项工作稳步推进。" * 3
    text = (
        f"镇政府2020年工作总结暨2021年工作计划 {body}一、2020年工作总结（一）疫情防控常态开展。"
        f"{body}（二）经济发展稳中有进。{body}二、存在的问题 {body}"
    )
    report = parsed(text, taxonomy)
    assert document(report)["title"] == "镇政府2020年工作总结暨2021年工作计划"
    assert headings(report) == ["一、2020年工作总结", "二、存在的问题"]
    assert [s["heading"] for s in document(report)["sections"][0]["subsections"]] == [
        "（一）疫情防控常态开展。",
        "（二）经济发展稳中有进。",
    ]


def test_page_markers_of_a_preview_are_dropped_and_listed(taxonomy: Taxonomy) -> None:
    page = "过去一年，镇人大围绕中心工作依法履职，代表作用发挥明显，各项工作取得新成效。" * 3
    text = (
        f"1、2022年乡镇人大工作报告 各位代表: 我受镇人大主席团托付，向大会报告工作。 2022年工作回顾 {page}平稳较\n"
        f"2、快发展作出了贡献。 一、开展代表联络活动 {page}"
    )
    report = parsed(text, taxonomy)
    assert report.dropped == ["1、", "2、"]
    assert document(report)["title"] == "2022年乡镇人大工作报告"
    assert headings(report) == ["2022年工作回顾"]  # a part over the numbered headings
    assert "平稳较快发展" in "".join(document(report)["sections"][0]["paragraphs"])


def test_pinyin_after_characters_is_dropped_and_traditional_text_kept_as_written(taxonomy: Taxonomy) -> None:
    text = (
        "劉集鎮中心校2018年工作總結(jié)\n"
        "2018年，在縣教體局的正確領(lǐng)導下，中心校緊緊圍繞年度目標，各項工作穩(wěn)步推進。\n"
        "一、積極深化教育改革，大力提高教育教學質量。\n"
        "全鎮(zhèn)教職工共同努力，教學質量提升明顯。\n"
    )
    report = parsed(text, taxonomy)
    doc = document(report)
    assert doc["title"] == "劉集鎮中心校2018年工作總結"
    assert (doc["genre"], doc["year"], report.data["unit"]["name"]) == ("工作总结", 2018, "劉集鎮中心校")
    assert report.data["unit"]["level"] == "企事业单位"
    assert report.dropped == ["(jié)", "(lǐng)", "(wěn)", "(zhèn)"]


def test_invisible_characters_are_removed_and_listed(taxonomy: Taxonomy) -> None:
    text = "XX镇2023年\u200b工作总结\n一、工作\u202e成效\n全镇上下\ufeff共同努力。\n"
    report = parsed(text, taxonomy)
    assert document(report)["title"] == "XX镇2023年工作总结"
    assert headings(report) == ["一、工作成效"]
    assert [piece.split()[0] for piece in report.dropped] == ["U+200B", "U+202E", "U+FEFF"]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2025 年度理论学习中心组学习情况报告", 2025),
        ("2018抓基层党建工作述职报告", 2018),
        ("XX镇2022政府工作报告", 2022),
    ],
)
def test_years_with_a_space_or_without_nian(title: str, year: int, taxonomy: Taxonomy) -> None:
    report = parsed(f"{title}\n一、主要做法\n全镇上下共同努力。\n", taxonomy)
    assert document(report)["year"] == year
    assert ("documents", 0, "year") not in report.unsure


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("江苏省民政厅关于2017年度法治政府建设情况的报告", "工作汇报"),
        ("2016年上半年润雅乡主要工作目标管理情况自查报告", "工作汇报"),
        ("XX局2023年巡察整改情况报告", "工作汇报"),
        ("區城市社區黨工委2022年度工作總結", "工作总结"),
        ("XX县2024年政府工作报告", "工作报告"),
    ],
)
def test_genre_of_real_titles(title: str, genre: str, taxonomy: Taxonomy) -> None:
    assert document(parsed(f"{title}\n一、主要做法\n全镇上下共同努力。\n", taxonomy))["genre"] == genre


def test_a_title_over_two_lines_is_joined(taxonomy: Taxonomy) -> None:
    report = parsed("南县住房和城乡建设局2018年度整体支出\n绩效评价报告\n一、部门概况\n本局共有科室八个。\n", taxonomy)
    assert document(report)["title"] == "南县住房和城乡建设局2018年度整体支出绩效评价报告"


def test_a_long_first_paragraph_is_no_title_and_nothing_is_refused(taxonomy: Taxonomy) -> None:
    first = (
        "今年来，我乡在县委、县政府的关心下，全乡上下紧紧围绕年初各项目标任务，持续发力、主动作为，"
        "各项工作稳步推进。现将2023年工作开展情况汇报如下："
    )
    report = parsed(f"{first}\n一、2023年工作回顾\n全乡上下共同努力。\n", taxonomy)
    doc = document(report)
    assert doc["opening"] == [first]
    assert len(doc["title"]) < len(first) and ("documents", 0, "title") in report.unsure
    assert (doc["year"], doc["genre"]) == (2023, "工作汇报")
    assert report.data["unit"]["level"] == "乡镇"


def test_no_year_no_unit_no_headings_still_gives_a_marked_best_guess(taxonomy: Taxonomy) -> None:
    report = parsed("关于有关情况的说明\n大家共同努力，工作取得进展。\n", taxonomy)
    assert {("documents", 0, "year"), ("unit", "level"), ("unit", "name")} <= set(report.unsure)
    assert document(report)["opening"] == ["大家共同努力，工作取得进展。"]


def test_unnumbered_short_heading_lines_are_the_top_level(taxonomy: Taxonomy) -> None:
    text = (
        "2022年度基层党建专项述职报告\n"
        "抓好基层党建工作，方能抓住整体工作的牛鼻子，才能夯实基层治理根基。\n"
        "共学共建，让基层组织“强”起来\n"
        "认真履行基层党建“第一责任人”职责，切实提高党建工作质量。\n"
        "共议共融，让基层思想“凝”起来\n"
        "以党建为引领，凝众心、集众智、共治理，充分发挥基层党建的引领和服务功能。\n"
    )
    assert headings(parsed(text, taxonomy)) == ["共学共建，让基层组织“强”起来", "共议共融，让基层思想“凝”起来"]


def test_lead_sentences_before_yishi_head_the_sections(taxonomy: Taxonomy) -> None:
    text = (
        "2023年乡村振兴工作述职报告\n"
        "2023年，XX镇深入贯彻落实县委乡镇工作会议精神，全力建设魅力乡镇。\n"
        "这一年，我们苦干实干，让振兴底盘更稳。一是守牢粮食安全底线。压实田长制责任。二是抓好产业发展。新建大棚二十个。\n"
        "这一年，我们创先创优，让振兴底色更足。一是深化融合发展。积极保障开发建设。二是改善人居环境。完成改厕。\n"
    )
    assert headings(parsed(text, taxonomy)) == [
        "这一年，我们苦干实干，让振兴底盘更稳。",
        "这一年，我们创先创优，让振兴底色更足。",
    ]


def test_yishi_with_a_long_first_sentence_is_a_paragraph(taxonomy: Taxonomy) -> None:
    long_item = (
        "一是坚持把全面学习、把握、落实党的二十大精神作为首要政治任务，"
        "列入年度常委会工作要点和党组理论学习中心组学习计划，全年组织集体学习十二次。"
    )
    report = parsed(f"XX局2023年工作总结\n一、主要做法\n{long_item}\n", taxonomy)
    section = document(report)["sections"][0]
    assert section["paragraphs"] == [long_item] and "subsections" not in section


def test_meeting_and_speaker_lines_are_the_subtitle(taxonomy: Taxonomy) -> None:
    text = (
        "2024年疏附县政府工作报告\n2023年1月5日在疏附县第十七届人民代表大会第三次会议上\n疏附县人民政府县长\n"
        "阿卜拉江·萨迪克\n各位代表：\n现在，我代表县人民政府向大会作工作报告，请予审议。\n2022年工作回顾\n刚刚过去的2022年，是极不平凡的一年。\n"
    )
    report = parsed(text, taxonomy)
    doc = document(report)
    assert doc["subtitle"] == "2023年1月5日在疏附县第十七届人民代表大会第三次会议上 疏附县人民政府县长 阿卜拉江·萨迪克"
    assert (doc["salutation"], headings(report)) == ("各位代表：", ["2022年工作回顾"])
    assert (report.data["unit"]["name"], report.data["unit"]["level"]) == ("疏附县", "县直部门")


def test_half_width_paren_top_level(taxonomy: Taxonomy) -> None:
    text = (
        "XX局2023年整改情况报告\n(一)在贯彻落实决策部署方面\n1.问题。整改到位。\n(二)在作风建设方面\n2.问题。整改。\n"
    )
    assert headings(parsed(text, taxonomy)) == ["(一)在贯彻落实决策部署方面", "(二)在作风建设方面"]


def test_lines_broken_after_every_semicolon_stay_in_their_section(taxonomy: Taxonomy) -> None:
    text = (
        "XX街道2022年工作总结\n一、2022年亮点工作\n全年新增就业三百人；\n60周岁以上老人全部参保；\n限上企业新增五家。\n"
    )
    report = parsed(text, taxonomy)
    assert headings(report) == ["一、2022年亮点工作"]
    assert len(document(report)["sections"][0]["paragraphs"]) == 3


def test_a_banner_title_is_kept_as_written(taxonomy: Taxonomy) -> None:
    report = parsed("政 府 工 作 报 告\n各位代表：\n一、2023年工作回顾\n全县上下共同努力。\n", taxonomy)
    assert (document(report)["title"], document(report)["genre"]) == ("政 府 工 作 报 告", "工作报告")


def test_named_units_keep_their_names_and_generic_ones_stay_apart(taxonomy: Taxonomy) -> None:
    named = parsed("宁波市审计局2023年工作总结\n一、主要工作\n全局上下共同努力。\n", taxonomy)
    assert (named.data["unit"]["name"], named.data["unit"]["level"]) == ("宁波市审计局", "市直部门")
    one = parsed("XX镇2023年工作总结\n一、主要工作\n全镇修路十公里。\n", taxonomy)
    other = parsed("XX镇2023年工作总结\n一、主要工作\n全镇植树一万株。\n", taxonomy)
    assert one.data["unit"]["id"] != other.data["unit"]["id"]


def test_reflow_leaves_clean_text_alone() -> None:
    lines = [Line("标题"), Line("一、主要做法"), Line("全镇上下共同努力，各项工作稳步推进。" * 5), Line("二、问题")]
    assert reflow(lines).lines == lines


def test_numeral_values() -> None:
    assert [numeral_value(n) for n in ("一", "十", "十二", "二十", "九十九", "百", "一一")] == [1, 10, 12, 20, 99, 0, 0]


# --- every character kept or listed ----------------------------------------------------------------

SHAPED_PIECES = [
    *("一、", "（一）", "(二)", "1.", "2、", "一是", "二是", "其一，", "第一部分", "年", "2023", "2023 年", "XX镇"),
    *("工作总结", "情况的报告", "存在问题", "下一步打算", "各位代表：", "同志们：", "。", "，", "；", "：", " ", "  "),
    *("鄉(xiāng)", "發(fā)", "(GDP)", "\u200b", "\ufeff", "\u202e", "\u2066", "總結", "政 府 工 作 报 告"),
    *("全镇上下共同努力，各项工作稳步推进", "在县委的正确领导下", "——在会议上的讲话", "- 2 -", "第2页 共3页"),
]
shaped_text = st.lists(
    st.lists(st.sampled_from(SHAPED_PIECES), min_size=1, max_size=30).map("".join),
    min_size=1,
    max_size=12,
).map("\n".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=shaped_text)
def test_every_character_is_in_the_yaml_or_in_the_dropped_list(text: str, taxonomy: Taxonomy) -> None:
    try:
        lines = text_lines(text, "shaped.txt")
        report = parse_lines(lines, "shaped.txt", taxonomy)
    except ImportFailure:  # the one refusal: nothing visible to import
        assert not INVISIBLE.sub("", text).strip()
        return

    given_chars = Counter("".join("".join(line.text for line in lines).split()))
    strings = "".join(
        all_strings(report.data["documents"][0], skip={"id", "genre", "themes", "source", "kind", "kinds"})
    )
    if ("documents", 0, "title") in report.unsure:
        strings = strings.replace(document(report)["title"], "", 1)
    listed = Counter()
    for piece in report.dropped:
        code = re.match(r"^U\+([0-9A-F]{4,6}) ", piece)
        listed += Counter(chr(int(code.group(1), 16))) if code else Counter("".join(piece.split()))
    missing = given_chars - Counter("".join(strings.split())) - listed
    assert not missing, f"lost {''.join(missing.elements())!r} of {text!r}"


def all_strings(value: object, skip: set[str]) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in skip for s in all_strings(item, skip)]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item, skip)]
    return [str(value)] if isinstance(value, str | int) and not isinstance(value, bool) else []


# --- the real corpus ---------------------------------------------------------------------------------


@pytest.mark.skipif(not (REAL_CORPUS / "score.py").exists(), reason=f"the real corpus is not at {REAL_CORPUS}")
def test_the_real_corpus_scores_at_least_95_percent_with_no_file_refused(tmp_path: Path) -> None:
    """The 40 labelled real reports, scored by the corpus's own script through `fanli parse`.

    Its text-loss check counts page markers and inserted pinyin as lost, which the importer drops
    on purpose and lists (issue 10); so loss is checked here against the dropped lists instead."""
    results = tmp_path / "results.json"
    fanli_bin = Path(sys.executable).parent
    run = subprocess.run(
        [
            sys.executable,
            str(REAL_CORPUS / "score.py"),
            "--project",
            str(ROOT),
            "--bin",
            str(fanli_bin),
            "--json",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PATH": f"{fanli_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    last = run.stdout.strip().splitlines()[-1]
    accuracy = float(re.search(r"= ([\d.]+)%", last).group(1)) / 100  # type: ignore[union-attr]
    assert "PARSE FAILED" not in run.stdout, run.stdout
    assert accuracy >= REAL_CORPUS_TARGET, run.stdout
    for result in json.loads(results.read_text(encoding="utf-8")):
        if result["lost_lines"]:
            assert_lost_only_what_is_listed(REAL_CORPUS / result["file"], result["lost_lines"])


def assert_lost_only_what_is_listed(path: Path, lost_lines: list[str]) -> None:
    """Each line the scorer misses is in the document once the pieces `fanli parse` lists as dropped
    are taken out of it."""
    out = subprocess.run(
        [str(Path(sys.executable).parent / "fanli"), "parse", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    listed = [line[4:] for line in out.splitlines() if line.startswith("#   ")]
    data = yaml.safe_load(out)
    scorer = load_scorer()
    hay = scorer.norm("".join(scorer.doc_strings(data["documents"][0])))
    for lost in lost_lines:
        line = scorer.norm(lost)
        for piece in listed:
            line = line.replace(scorer.norm(piece), "", 1) if piece else line
        assert line in hay, (path.name, lost, listed)


def load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("real_corpus_score", REAL_CORPUS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
