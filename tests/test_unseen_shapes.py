"""Shapes of real reports that the importer first met in text it was not developed on (the blind
sets tests/corpus/blind3 and blind4): each rule is checked here on short made-up text, so that it
is a rule of the text's shape and not of one file's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.model import Taxonomy
from fanli.ingest.importer import parse_lines, parse_report, parse_text
from fanli.ingest.reading import Line

BODY = "\n一、主要工作\n全年组织中心组学习十二次，开展专题研讨四次，推动工作落实。\n二、存在问题\n学习的深度还不够。\n"


def parsed(text: str, taxonomy: Taxonomy) -> dict:
    return parse_text(text, "test.txt", taxonomy)


def headings(data: dict) -> list[str]:
    return [section["heading"] for section in data["documents"][0].get("sections", [])]


def test_a_heading_wrapped_over_two_lines_ends_on_its_short_second_line(taxonomy: Taxonomy) -> None:
    text = (
        "在镇 2025 年全面从严治党暨党风廉政建设和\n"
        "反腐败工作形势分析会上的讲话\n"
        "同志们:\n"
        "今天，我们在这里召开全镇全面从严治党工作形势分析会。这次会\n"
        "议的主要任务是，深入学习贯彻党的二十大精神，全面总结回顾我\n"
        "镇全年工作。下面，我结合大家的发言和全镇的总体情况讲三点。\n"
        "一、肯定成绩、正视问题，清醒认识当前全面从严治党的形\n"
        "势与任务\n"
        "2025 年，是全面贯彻落实党的二十大精神的关键之年，也是我\n"
        "镇在高质量发展道路上奋力前行的一年，各项工作取得新成效。\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["title"] == "在镇 2025 年全面从严治党暨党风廉政建设和反腐败工作形势分析会上的讲话"
    assert doc["genre"] == "其他"  # the title names a speech; the opening's 总结 does not override it
    assert [s["heading"] for s in doc["sections"]] == ["一、肯定成绩、正视问题，清醒认识当前全面从严治党的形势与任务"]
    assert doc["sections"][0]["paragraphs"][0].startswith("2025 年，是全面贯彻")


def test_a_run_in_heading_ends_at_its_kind_word_when_a_time_opens_the_text(taxonomy: Taxonomy) -> None:
    text = (
        "2018年某镇政府工作报告\n"
        "一、2018年工作回顾过去一年，在县委、县政府和镇党委的坚强领导下，我们坚持稳中求进，"
        "较好地完成了镇人大会议确定的各项目标任务，全镇各项工作呈现出持续健康发展的良好态势。\n"
        "二、2019年工作安排\n我们将紧扣目标任务，抓好各项工作落实。\n"
    )
    data = parsed(text, taxonomy)
    assert headings(data) == ["一、2018年工作回顾", "二、2019年工作安排"]
    assert data["documents"][0]["sections"][0]["paragraphs"][0].startswith("过去一年，在县委")


def test_a_heading_in_run_together_text_is_cut_at_its_line_end_not_inside_a_spaced_year(
    taxonomy: Taxonomy,
) -> None:
    body = "全年预计可实现地区生产总值同比增长 0.3%，实现税收总收入 15 亿元， 同比下降 15%，各项工作稳步推进。"
    text = (
        "2020年度某街道工作总结和2021年度工作思路\n"
        "2020 年度某街道工作总结和 2021 年度工作思路 一、2020 年度工作总结 "
        f"今年以来，XX 街道紧紧围绕市委工作部 署，{body}"
        f" （一）全力保障经济企稳回升。统筹推进疫情防控和经济社会发 展，{body}"
    )
    assert headings(parsed(text, taxonomy)) == ["一、2020 年度工作总结"]


def test_a_title_opening_with_guanyu_names_its_unit(taxonomy: Taxonomy) -> None:
    unit = parsed("关于邕宁区2020年上半年预算执行情况的报告" + BODY, taxonomy)["unit"]
    assert (unit["name"], unit["level"]) == ("邕宁区", "县直部门")


def test_the_du_of_niandu_is_no_part_of_the_units_name(taxonomy: Taxonomy) -> None:
    assert parsed("2020年度区政府办工作总结" + BODY, taxonomy)["unit"]["name"] == "区政府办"


def test_an_untitled_report_names_its_unit_as_the_subject_of_its_first_sentence(taxonomy: Taxonomy) -> None:
    text = (
        "2022年，长治市司法局坚持以习近平新时代中国特色社会主义思想为指导，履职尽责，积极作为，"
        "平顺县龙溪镇龙镇村等4个村有望被命名为民主法治示范村。" + BODY
    )
    unit = parsed(text, taxonomy)["unit"]
    assert (unit["name"], unit["level"]) == ("长治市司法局", "市直部门")


def test_a_masked_subject_names_no_unit(taxonomy: Taxonomy) -> None:
    text = "2023年公立医院党建工作情况总结\n2023年，xxxxxxx院党委认真学习贯彻党的精神，推动医院高质量发展。" + BODY
    assert parsed(text, taxonomy)["unit"]["name"] != "xxxxxxx院"


def test_the_unnamed_author_of_a_government_report_is_a_government(taxonomy: Taxonomy) -> None:
    text = (
        "2020年政府工作报告\n一、2019年主要工作回顾\n"
        "全市地区生产总值增长7.2%，新增企业3200家，企业上市12家，重点企业技改投资增长20%，企业服务持续优化。\n"
    )
    assert parsed(text, taxonomy)["unit"]["level"] != "企事业单位"


def test_a_table_of_contents_before_the_title_is_no_section_and_is_listed(taxonomy: Taxonomy) -> None:
    contents = ["一、2025年党建工作扎实推进", "（一）强化思想铸魂", "二、存在问题", "三、2026年党建工作计划"]
    text = "\n".join(
        [
            *contents,
            "县教育局2025年党建工作总结",
            "2025年，县教育局坚持以党建引领教育高质量发展，各项工作取得阶段性成效。",
            "一、2025年党建工作扎实推进，成效显著",
            "（一）强化思想铸魂，筑牢政治引领根基。全年开展中心组集中学习十二次。",
        ]
    )
    report = parse_lines([Line(line) for line in text.splitlines()], "test.txt", taxonomy)
    doc = report.data["documents"][0]
    assert (doc["title"], doc["genre"]) == ("县教育局2025年党建工作总结", "工作总结")
    assert [s["heading"] for s in doc["sections"]] == ["一、2025年党建工作扎实推进，成效显著"]
    assert report.dropped[: len(contents)] == contents


def test_numbered_lines_that_open_a_report_are_headings_when_no_title_follows(taxonomy: Taxonomy) -> None:
    text = "一、主要工作\n全年组织中心组学习十二次。\n二、存在问题\n学习的深度还不够。\n三、下一步打算\n继续抓好学习。"
    assert headings(parsed(text, taxonomy)) == ["一、主要工作", "二、存在问题", "三、下一步打算"]


def test_a_title_repeated_on_the_next_line_before_a_heading_starts_the_body_there(taxonomy: Taxonomy) -> None:
    text = (
        "2020年工作情况和2021年工作计划.p1{margin-bottom:0.11in;font-family:楷体;}"
        "2020年工作情况和2021年工作计划一、2020年工作情况今年以来，市机关事务局按照市委、市政府的工作部署，"
        "主动对标高质量发展要求，围绕降低机关运行成本、提高服务保障水平开展工作，取得了明显成效。"
    )
    data = parsed(text, taxonomy)
    assert data["documents"][0]["title"] == "2020年工作情况和2021年工作计划"
    assert headings(data) == ["一、2020年工作情况"]


def test_the_title_repeated_under_a_sites_number_heads_nothing(taxonomy: Taxonomy) -> None:
    text = (
        "社區2014年上半年黨建工作總結\n第一篇:某某社區2014年上半年黨建工作總結\n"
        "今年上半年，社區在鎮黨委的正確領導下，圍繞中心工作，紮實開展各項工作。\n"
        "社區民政工作\n認真做好低保、救助等工作，全面完成上半年各項任務。\n"
        "社區城建工作\n配合做好拆遷和環境整治工作，社區面貌明顯改善。\n"
    )
    assert headings(parsed(text, taxonomy)) == ["社區民政工作", "社區城建工作"]


def test_an_untitled_report_takes_its_genre_from_its_first_heading(taxonomy: Taxonomy) -> None:
    text = "一、2022年工作总结\n2022年，桃园镇在区委的正确领导下，较好完成了目标任务。\n"
    text += "（一）经济发展稳中有进\n全年税收1700万元。"
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "工作总结"


def test_a_line_naming_a_periods_work_is_a_part_over_the_numbered_headings(taxonomy: Taxonomy) -> None:
    text = (
        "某县人民代表大会常务委员会工作报告\n各位代表:\n现在，我代表县人大常委会向大会报告工作，请予审议。\n"
        "关于2020年的工作\n过去一年，常委会坚持党的领导，依法履职。\n"
        "一、加强党的领导，坚定正确方向\n常委会坚持重大事项请示报告制度。\n"
        "二、依法行使职权，推动高质量发展\n常委会听取审议专项工作报告八项。\n"
    )
    data = parsed(text, taxonomy)
    assert headings(data) == ["关于2020年的工作"]
    subsections = data["documents"][0]["sections"][0]["subsections"]
    assert [s["heading"] for s in subsections] == ["一、加强党的领导，坚定正确方向", "二、依法行使职权，推动高质量发展"]


def test_a_one_line_report_with_one_top_level_heading_inside_is_cut_before_it(taxonomy: Taxonomy) -> None:
    sentence = "一年以来，区政府办公室在区委、区政府的坚强领导下，紧扣全区发展定位，狠抓作风转变和工作落实。"
    text = f"2020年度政府办工作总结{sentence * 2}圆满完成了全年工作目标。一、抓好履职尽责，发挥部门作用。{sentence * 2}"
    data = parsed(text, taxonomy)
    assert headings(data) == ["一、抓好履职尽责，发挥部门作用。"]
    assert data["documents"][0]["opening"][-1].endswith("圆满完成了全年工作目标。")


def test_parallel_run_in_headings_without_numbers_head_the_sections(taxonomy: Taxonomy) -> None:
    text = (
        "着眼图表式分责，以坚定的立场落实主体责任。县委把落实主体责任作为分内事，与18个乡镇签订了责任书。\n"
        "着眼链条式传导，以有效的抓手落实主体责任。探索建立了双汇报、双通报工作机制，推动两个责任落地见效。\n"
    )
    assert headings(parsed(text, taxonomy)) == [
        "着眼图表式分责，以坚定的立场落实主体责任。",
        "着眼链条式传导，以有效的抓手落实主体责任。",
    ]


def test_paragraphs_opening_with_a_time_are_no_parallel_headings(taxonomy: Taxonomy) -> None:
    text = (
        "今年以来，我们狠抓落实。全镇上下紧扣目标任务，各项工作稳步推进，经济社会保持平稳健康发展。\n"
        "今年以来，我们改善民生。全年投入民生资金三千万元，新建改建学校两所，群众满意度明显提升。\n"
    )
    assert headings(parsed(text, taxonomy)) == []


# Shapes first met in tests/corpus/blind5 and the older sets' remaining misses.


def test_page_metadata_fields_before_the_title_are_listed_not_read_as_the_title(taxonomy: Taxonomy) -> None:
    fields = ["- 索引号: abc/2025-00002", "- 发布机构: 某某中心", "- 发布日期: 2025-04-29"]
    text = [*fields, "某某中心2024年度项目支出绩效自评报告", *BODY.strip().splitlines()]
    report = parse_lines([Line(line) for line in text], "test.txt", taxonomy)
    doc = report.data["documents"][0]
    assert (doc["title"], doc["year"]) == ("某某中心2024年度项目支出绩效自评报告", 2024)
    assert report.dropped[: len(fields)] == fields


def test_a_sites_label_before_the_title_is_no_part_of_it(taxonomy: Taxonomy) -> None:
    for label in ("【投资某某县】", "-精品范文推荐- ", "第1篇 "):
        lines = [Line(label + "2018年某镇政府工作报告"), *map(Line, BODY.strip().splitlines())]
        report = parse_lines(lines, "t.txt", taxonomy)
        assert report.data["documents"][0]["title"] == "2018年某镇政府工作报告"
        assert label.strip() in report.dropped


def test_a_label_before_a_line_naming_no_genre_is_kept(taxonomy: Taxonomy) -> None:
    doc = parsed("【通知】关于做好防汛工作的安排" + BODY, taxonomy)["documents"][0]
    assert doc["title"] == "【通知】关于做好防汛工作的安排"


def test_a_title_written_twice_run_together_is_the_title_once(taxonomy: Taxonomy) -> None:
    data = parsed("某镇2021年工作总结某镇2021年工作总结" + BODY, taxonomy)
    doc = data["documents"][0]
    assert doc["title"] == "某镇2021年工作总结"
    assert headings(data) == ["一、主要工作", "二、存在问题"]


CONGRESS_REPORT = (
    "各位代表：\n"
    "这次大会是对过去五年工作的深刻总结，更是对今后五年发展的谋划，部署推动2024年工作。\n"
    "下面，我代表镇第五届委员会，向大会报告工作，请予审议。"
)
POST_HOLDER_REPORT = (
    "——2023年9月26日在某区人大常委会会议上\n"
    "主任、各位副主任、各位委员：\n"
    "2021年，区人大常委会任命我为区某某局局长。两年来，本人主动接受人大监督，依法履行职责，"
    "团结带领全局干部职工完成各项任务，总结两年来的工作，有以下几点。"
)


@pytest.mark.parametrize(
    ("opening", "genre"),
    [(CONGRESS_REPORT, "工作报告"), (POST_HOLDER_REPORT, "述职报告")],
    ids=["congress", "post-holder"],
)
def test_an_untitled_report_takes_its_genre_from_what_its_opening_says_of_itself(
    opening: str, genre: str, taxonomy: Taxonomy
) -> None:
    """A report to a congress (向大会报告工作) is a 工作报告; a post holder's on their appointment a 述职报告."""
    assert parsed(opening + BODY, taxonomy)["documents"][0]["genre"] == genre


SHORT_SENTENCE_RUN_IN = (
    "2023年某镇政府工作报告\n"
    "一、2022年工作回顾过去一年是极不平凡的一年。面对多重压力，我们坚持稳中求进，完成了各项目标任务。\n"
    "二、2023年工作安排\n我们将紧扣目标任务，抓好各项工作落实。\n",
    ["一、2022年工作回顾", "二、2023年工作安排"],
    "过去一年是极不平凡的一年。面对",
)
MATCHED_CLAUSES_RUN_IN = (
    "2020年度某办公室工作总结\n"
    "一、抓好履职尽责，发挥部门作用区政府办公室作为区人民政府的综合办事机构，是领导的参谋部和执行部，"
    "起着承上启下、协调左右的枢纽作用。\n二、存在问题\n学习的深度还不够。\n",
    ["一、抓好履职尽责，发挥部门作用", "二、存在问题"],
    "区政府办公室作为",
)


@pytest.mark.parametrize(
    ("text", "expected", "text_start"), [SHORT_SENTENCE_RUN_IN, MATCHED_CLAUSES_RUN_IN], ids=["time", "clauses"]
)
def test_a_heading_run_into_its_text_without_punctuation_ends_where_its_text_starts(
    text: str, expected: list[str], text_start: str, taxonomy: Taxonomy
) -> None:
    """Cut at the kind word before a time even after a short first sentence (…工作回顾过去一年是…); a long
    heading of two matched clauses ends after the second (抓好履职尽责，发挥部门作用区政府办公室…)."""
    data = parsed(text, taxonomy)
    assert headings(data) == expected
    assert data["documents"][0]["sections"][0]["paragraphs"][0].startswith(text_start)


def test_a_long_heading_sentence_of_three_clauses_is_not_cut(taxonomy: Taxonomy) -> None:
    heading = "一、强化政治建设，筑牢思想根基，全面加强理论学习和党性教育，推动各项工作落地见效。"
    text = f"2020年度某局工作总结\n{heading}\n全年组织学习十二次。\n二、存在问题\n学习的深度还不够。\n"
    assert headings(parsed(text, taxonomy))[0] == heading


def test_a_department_of_an_autonomous_prefecture_ranks_with_a_citys(taxonomy: Taxonomy) -> None:
    unit = parsed("某某州数据发展中心2024年度项目支出绩效自评报告" + BODY, taxonomy)["unit"]
    assert (unit["name"], unit["level"]) == ("某某州数据发展中心", "市直部门")


def test_an_untitled_report_whose_opening_states_its_results_sums_up_work(taxonomy: Taxonomy) -> None:
    # no numbered sections: an untitled text of sections that addresses no one sums up work anyway
    body = "\n全局召开专题会议四次，排查问题二十八个，整改到位二十五个。\n"
    achieved = "今年以来，我局在全局系统开展作风建设专项行动，覆盖全部内设处室，行动取得了扎实成效。"
    plain = "今年以来，我局在全局系统开展作风建设专项行动，覆盖全部内设处室和直属单位。"
    assert parsed(achieved + body, taxonomy)["documents"][0]["genre"] == "工作总结"
    assert parsed(plain + body, taxonomy)["documents"][0]["genre"] == "其他"


def test_a_dash_subtitle_naming_a_meeting_over_two_lines_is_joined_with_its_speaker(taxonomy: Taxonomy) -> None:
    text = (
        "关于2020年度县级预算执行的审计工作报告\n"
        "—2021年9月2日在某某县第十二届\n"
        "人民代表大会常务委员会第三十九次会议上\n"
        "某某县审计局局长 王某\n"
        "县人大常委会主任、各位副主任，委员：\n"
        "我受县人民政府委托，向县人大常委会报告2020年度县级预算执行的审计情况，请予审议。\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    meeting = "—2021年9月2日在某某县第十二届人民代表大会常务委员会第三十九次会议上"
    assert doc["subtitle"] == meeting + " 某某县审计局局长 王某"
    assert not doc.get("sections")


def test_a_sites_notice_after_the_text_heads_no_section(taxonomy: Taxonomy) -> None:
    text = (
        "2022年上半年某镇政府工作报告\n"
        "上半年工作回顾\n"
        "上半年，全镇上下紧扣年度目标任务，各项工作稳步推进，经济运行总体平稳。\n"
        "项目建设取得新进展。坚持以项目为中心，大力推动项目建设，完成投资三亿元。\n"
        "版权声明\n"
        "作者原创，不允许二次传播，一经发现收回\n"
    )
    assert headings(parsed(text, taxonomy)) == ["上半年工作回顾"]


def test_a_collections_title_run_into_its_table_of_contents_ends_there(taxonomy: Taxonomy) -> None:
    entries = " ".join(f"{n}.2023年某{n}镇政府工作报告" for n in range(1, 12))
    text = (
        f"某县2023年乡镇政府工作报告汇编(11篇)目录{entries}\n"
        "2023年某1镇政府工作报告各位代表：现在，我代表镇人民政府向大会报告工作，请予审议。\n"
        "一、2022年工作回顾\n全镇经济运行总体平稳，各项工作稳步推进。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["title"] == "某县2023年乡镇政府工作报告汇编(11篇)"


# Shapes first met in tests/corpus/blind6.


def test_a_title_naming_an_analysis_report_is_filed_as_other(taxonomy: Taxonomy) -> None:
    text = (
        "某局2024年度意识形态工作分析研判报告\n"
        "2024年，局党组认真落实意识形态工作责任制，各项工作取得明显成效。\n"
        "一、主要工作成效\n全年组织专题学习八次，排查风险点十二个。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "其他"


def test_a_post_holders_report_titled_as_a_work_report_is_a_shuzhi(taxonomy: Taxonomy) -> None:
    text = (
        "县教育局局长2024年述职述廉述党建工作报告\n"
        "2024年，本人在县委、县政府的领导下，认真履行岗位职责，现将有关情况报告如下。\n"
        "一、主要工作情况\n全年走访学校四十所，推动解决实际问题十五个。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "述职报告"


def test_an_office_named_in_the_title_ranks_with_the_government_before_it(taxonomy: Taxonomy) -> None:
    text = (
        "县政府办公室2024年工作总结\n"
        "2024年，县政府办公室深入落实我省部署，全力保障县政府高效运转。\n"
        "一、主要工作\n全年办理文件一千余件，督办事项九十项。\n"
    )
    data = parsed(text, taxonomy)
    assert data["unit"]["name"] == "县政府办公室"
    assert data["unit"]["level"] == "县直部门"  # 我省 is the province it belongs to, not its own level


def test_an_untitled_reports_subject_follows_the_clause_naming_who_led_it(taxonomy: Taxonomy) -> None:
    text = (
        "今年以来，在区委、区政府的坚强领导下，青石街道深入推进服务企业工作，各项工作稳步推进。\n"
        "一、上半年工作情况\n走访企业三百家，帮助企业解决难题四十个，企业满意度持续提升。\n"
    )
    data = parsed(text, taxonomy)
    assert data["unit"]["name"] == "青石街道"
    assert data["unit"]["level"] == "街道"  # not 企事业单位 for the firms it serves


def test_a_template_sites_heading_over_the_reports_own_title_is_the_sites(taxonomy: Taxonomy) -> None:
    text = (
        "（范例）社区党委2024年度党建工作总结范文\n"
        "时间：2024-12-02 分享：网友\n"
        "社区党委扎实推进党建工作，下面是为大家整理的相关范文，供参考。\n"
        "〔*〕社区党委2024年度党建工作总结\n"
        "2024年，社区党委坚持党建引领，各项工作取得新成效。\n"
        "一、主要工作\n全年开展主题党日十二次，走访群众三百户。\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["title"] == "〔*〕社区党委2024年度党建工作总结"
    assert doc["opening"] == ["2024年，社区党委坚持党建引领，各项工作取得新成效。"]


def test_an_untitled_text_of_sections_that_looks_back_and_addresses_no_one_sums_up_work(
    taxonomy: Taxonomy,
) -> None:
    sections = (
        "一、抓班子带队伍，压实责任链条。\n2024年，班子成员带头落实一岗双责，约谈下级负责人十八人次。\n"
        "二、抓制度促规范，扎紧制度笼子。\n修订完善制度十二项，推动权力规范运行。\n"
    )
    assert parsed(sections, taxonomy)["documents"][0]["genre"] == "工作总结"
    speech = parsed("同志们：\n今天召开这个会，我讲两点意见。\n" + sections, taxonomy)["documents"][0]
    assert speech["genre"] == "其他"  # a text that addresses its hearers is a speech, not a summary
    plan = parsed(sections.replace("2024年，", ""), taxonomy)["documents"][0]
    assert plan["genre"] == "其他"  # no time it looks back on: it may as well be a plan


def test_a_departments_divisions_name_its_rank(taxonomy: Taxonomy) -> None:
    provincial = (
        "我局自三月起在全局系统开展作风建设集中学习，覆盖内设处室和直属单位，局党组带头学习。\n"
        "一、主要做法\n组织专题研讨十二场。\n"
    )
    county = (
        "今年以来，我局各股室围绕市委、市政府部署，推动全市排名第一的目标落实。\n"
        "一、主要做法\n组织专题研讨十二场，在全市交流发言两次。\n"
    )
    assert parsed(provincial, taxonomy)["unit"]["level"] == "省直部门"  # not 县直 for its 局党组
    assert parsed(county, taxonomy)["unit"]["level"] == "县直部门"  # not 市直 for the city it cites


def test_the_bodies_that_led_the_work_do_not_set_an_untitled_units_level(taxonomy: Taxonomy) -> None:
    text = (
        "2024年，在市委、市政府和市直机关工委的坚强领导下，坚持党建引领，医院各项工作取得新进展，为全市群众提供优质服务。\n"
        "一、主要工作\n医院全年开展义诊二十场。\n"
    )
    assert parsed(text, taxonomy)["unit"]["level"] == "企事业单位"  # not 市直部门 for the bodies named


def test_a_heading_on_how_rectification_went_is_of_kind_rectification(taxonomy: Taxonomy) -> None:
    text = (
        "某局党组关于巡察整改进展情况的通报\n"
        "按照巡察工作有关要求，现将巡察整改进展情况予以公布。\n"
        "一、整改工作开展情况\n局党组召开专题会议研究整改，逐项制定措施。\n"
    )
    section = parsed(text, taxonomy)["documents"][0]["sections"][0]
    assert section["kind"] == "整改"  # not 成效 for its 工作开展情况


# Shapes first met in tests/corpus/blind7.


def test_a_report_on_how_its_writer_upheld_the_law_is_a_shuzhi(taxonomy: Taxonomy) -> None:
    text = (
        "某镇镇长2024年述法报告\n"
        "今年以来，我认真落实法治建设部署，现将我履行法治建设第一责任人职责情况报告如下：\n"
        "一、履行第一责任人职责\n全年主持学法四次，审查重大决策八项。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "述职报告"  # not 工作汇报 for its 报告如下


def test_the_pages_posting_date_under_the_title_neither_opens_the_text_nor_dates_it(taxonomy: Taxonomy) -> None:
    text = (
        "驻村帮扶工作总结\n"
        "发布时间：2024-03-19 13:21:41\n"
        "按照县委部署，工作组今年三月进驻某村，按县委〔2004〕14号文件要求开展帮扶。\n"
        "一、统一思想认识\n工作组学习文件三次，明确帮扶思路。\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["year"] == 2004  # the year the text names, not the day the site posted it
    assert doc["opening"] == ["按照县委部署，工作组今年三月进驻某村，按县委〔2004〕14号文件要求开展帮扶。"]


def test_a_long_heading_sentence_is_not_cut_after_two_clauses_when_too_little_would_follow(
    taxonomy: Taxonomy,
) -> None:
    heading = "一、解决干部认识问题,把全体干部认识统一到县委、县政府工作会议和《决定》及《实施意见》要求上来。"
    text = f"驻村工作总结\n{heading}\n工作组全体成员统一了思想认识。\n二、制定规章制度\n制定学习、考勤等制度五项。\n"
    assert headings(parsed(text, taxonomy)) == [heading, "二、制定规章制度"]


def test_a_heading_on_problems_solved_reports_work_done(taxonomy: Taxonomy) -> None:
    text = (
        "某村帮扶工作总结\n今年以来，工作组扎实开展帮扶工作。\n"
        "一、着力解决群众反映的突出问题\n帮助修通道路两条，解决饮水难题。\n"
        "二、建立健全帮扶制度\n制定学习、考勤等制度五项。\n"
    )
    sections = parsed(text, taxonomy)["documents"][0]["sections"]
    assert [s.get("kind") for s in sections] == ["成效", "成效"]  # not 问题, which would also leave 二 unkinded


def test_a_numbered_phrase_ending_in_a_colon_heads_the_text_run_in_after_it(taxonomy: Taxonomy) -> None:
    text = (
        "某村2023年工作总结\n2023年，村委会团结带领村民扎实工作，现将情况汇报如下：\n"
        "一、产业发展：某公司占地三百亩，产品销往各地。村内种植优质稻五百亩。\n"
        "二、基础设施建设\n硬化道路一千五百米。\n"
    )
    data = parsed(text, taxonomy)
    assert headings(data) == ["一、产业发展：", "二、基础设施建设"]
    assert data["documents"][0]["sections"][0]["paragraphs"][0].startswith("某公司占地三百亩")


def test_headings_after_a_paragraph_announcing_the_plan_set_out_the_plan(taxonomy: Taxonomy) -> None:
    text = (
        "某村2023年工作总结及2024年工作计划\n2023年，村委会团结带领村民扎实工作。\n"
        "一、产业发展\n新建蔬菜大棚二十个。\n二、基础设施建设\n硬化道路一千五百米。\n"
        "成绩得到了群众认可，但也存在不足，为此特制定2024年工作计划如下：\n"
        "一、人居环境整治\n清理村内垃圾死角。\n二、集体经济\n发展光伏项目一个。\n"
    )
    sections = parsed(text, taxonomy)["documents"][0]["sections"]
    assert [s.get("kind") for s in sections] == ["成效", "成效", "打算", "打算"]


def test_pinyin_after_a_character_the_mirror_garbled_into_a_question_mark_is_taken_out(
    taxonomy: Taxonomy,
) -> None:
    text = (
        "某中学2023年党支部工作总结\n"
        "2023年(nián)，支部组织党员学习《条例》、人民日?qǐng)?bào)评论员文章十二篇。\n"
        "一、主要工作\n开展主题党日十二次。\n"
    )
    opening = parsed(text, taxonomy)["documents"][0]["opening"]
    assert opening == ["2023年，支部组织党员学习《条例》、人民日??评论员文章十二篇。"]  # the ?s mark what was lost


def test_a_summary_of_a_meeting_evaluating_post_holders_reports_is_a_summary(taxonomy: Taxonomy) -> None:
    text = (
        "某镇2024年度村党组织书记抓党建述职评议工作总结\n"
        "2024年12月，镇党委组织召开村党组织书记述职评议会，现将有关情况总结如下。\n"
        "一、主要做法\n十二名书记现场述职，镇党委逐一点评。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "工作总结"  # not 述职报告 for its 述职…总结


def test_a_previews_pages_under_a_file_name_and_upload_details_start_the_report(taxonomy: Taxonomy) -> None:
    work = "全镇上下团结一心，扎实推进各项工作，经济社会发展稳中有进，群众满意度持续提升。" * 3
    text = (
        "某镇2023年工作总结.docx\n"
        "上传人：ab****1 文档编号：123456 上传时间：2023-12-01 格式：DOCX 页数：2\n"
        "某镇2023年工作总结.docx_第1页\n某镇2023年工作总结.docx_第2页\n资源描述\n"
        f"1、某镇2023年工作总结 2023年，在县委的领导下，{work} 一、主要工作 全年{work}，新建\n"
        f"2、道路十公里。{work}\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["title"] == "某镇2023年工作总结"
    assert [s["heading"] for s in doc["sections"]] == ["一、主要工作"]
    assert doc["opening"][0].startswith("2023年，在县委的领导下")


def test_a_list_numbered_from_one_again_inside_the_first_section_is_part_of_it(taxonomy: Taxonomy) -> None:
    text = (
        "某街道2024年社区代表大会报告\n各位代表：\n现在，我代表街道办事处向大会报告工作。\n"
        "一、2023年工作回顾\n2023年，街道各项工作取得新进展。\n一年来，我们主要做了以下工作：\n"
        "一、提升城市品质\n完成小区综合整新七个。\n二、优化公共服务\n新建养老服务站两个。\n"
        "二、2024年工作安排\n我们将抓好以下工作。\n"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert [s["heading"] for s in doc["sections"]] == ["一、2023年工作回顾", "二、2024年工作安排"]
    assert [s["heading"] for s in doc["sections"][0]["subsections"]] == ["一、提升城市品质", "二、优化公共服务"]
    short = text.replace("二、优化公共服务\n新建养老服务站两个。\n", "").replace("2024年工作安排", "下一步工作打算")
    assert headings(parsed(short, taxonomy)) == [
        "一、2023年工作回顾",
        "二、下一步工作打算",
    ]  # a later part ends the list


def test_a_title_broken_at_every_change_of_script_is_joined_back(taxonomy: Taxonomy) -> None:
    text = (
        "某\n乡\n2024\n年政府工作报告\n各位代表：\n现在，我代表乡人民政府向大会报告工作。\n"
        "一、2024年工作回顾\n全乡经济稳中有进。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["title"] == "某乡2024年政府工作报告"


def test_a_one_line_report_in_chapters_is_cut_into_its_title_and_chapters(taxonomy: Taxonomy) -> None:
    facts = "本支部成立于2019年，现有党员三十名，覆盖两个小区，自查中逐项对照评分细则，得分九十分。"
    text = (
        f"某社区党支部规范化建设自查报告下载第一章自查背景与总体结论1.1背景{facts}1.2总体结论{facts}"
        f"第二章发现的主要问题及成因2.1组织设置问题1：支委班子结构老化。成因：后备人才不足。{facts}"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["title"] == "某社区党支部规范化建设自查报告"  # the site's 下载 after it is not the title's
    assert [s["heading"] for s in doc["sections"]] == ["第一章自查背景与总体结论", "第二章发现的主要问题及成因"]
    assert doc["sections"][0]["paragraphs"][0].startswith("1.1背景本支部")


def test_a_background_section_is_basic_facts_and_causes_named_成因_are_causes(taxonomy: Taxonomy) -> None:
    text = (
        "某支部自查报告\n某支部开展了自查。\n一、自查背景\n本支部现有党员三十名。\n"
        "二、主要问题及成因\n支委班子结构老化，原因是后备人才不足。\n"
    )
    sections = parsed(text, taxonomy)["documents"][0]["sections"]
    assert [s.get("kinds") or [s.get("kind")] for s in sections] == [["基本情况"], ["问题", "原因"]]


def test_a_title_naming_no_genre_but_ending_on_a_report_is_a_report_to_superiors(taxonomy: Taxonomy) -> None:
    text = (
        "某社区党支部规范化建设自查情况及整改措施报告\n"
        "一、自查背景\n本支部现有党员三十名。\n二、存在的问题\n支委班子结构老化。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["genre"] == "工作汇报"  # not 其他


def test_a_title_repeated_under_a_posting_date_is_not_read_as_one_broken_title(taxonomy: Taxonomy) -> None:
    text = (
        "2020年政府工作报告\n发布时间:2020-11-24 11:02:03\n2020年政府工作报告\n"
        "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2019年工作回顾\n全市经济稳中有进。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["title"] == "2020年政府工作报告"


def test_a_number_broken_off_before_its_unit_is_text_not_a_page_number(taxonomy: Taxonomy, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "某\n乡\n2024\n年政府工作报告\n各位代表：\n现在，我代表乡人民政府向大会报告工作。\n一、2024年工作回顾\n"
        "全乡花生种植面积达\n7860\n亩，增长\n10%\n。\n2\n二、2025年工作安排\n我们将抓好各项工作。\n",
        encoding="utf-8",
    )
    report_data = parse_report(report, taxonomy)
    doc = report_data.data["documents"][0]
    assert doc["title"] == "某乡2024年政府工作报告"
    assert "7860" in doc["sections"][0]["paragraphs"]
    assert report_data.dropped == ["2"]  # the page number, followed by no unit, still goes


def test_a_word_a_dump_broke_onto_lines_of_its_own_is_no_running_header(taxonomy: Taxonomy, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "某镇2024年工作总结\n一、主要工作\n围绕\n蓝\n莓\n、茶叶等特色农业扩大种植，\n蓝\n莓\n园\n蓝\n莓\n销量达\n"
        "三万斤。\n二、下一步打算\n继续发展特色农业。\n",
        encoding="utf-8",
    )
    text = "".join(parse_report(report, taxonomy).data["documents"][0]["sections"][0]["paragraphs"])
    assert text.count("莓") == 3  # not dropped as a line repeated on every page


def test_a_report_writing_no_year_is_dated_by_the_latest_party_meeting_it_cites(taxonomy: Taxonomy) -> None:
    text = (
        "关于县域营商环境的专题调研报告\n"
        "为深入贯彻党的二十大和二十届中央纪委三次全会精神，县委办组织开展了专题调研。\n"
        "一、基本情况\n全县共有市场主体三万户。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["year"] == 2024  # not the year it is imported in
    earlier = text.replace("党的二十大和二十届中央纪委三次全会", "党的十九大和十九届四中全会")
    assert parsed(earlier, taxonomy)["documents"][0]["year"] == 2019  # 十九届二中、三中 both met in 2018


def unit_of(text: str, taxonomy: Taxonomy) -> tuple[str, str]:
    unit = parsed(text, taxonomy)["unit"]
    return unit["name"], unit["level"]


def test_a_school_party_branch_in_the_title_names_the_school(taxonomy: Taxonomy) -> None:
    text = (
        "实验小学党总支2023年党建工作自查报告\n"
        "是办好教育的根本所在。近年来，学校党组织主动担当，推动各项工作。\n" + BODY
    )
    assert unit_of(text, taxonomy) == ("实验小学", "企事业单位")  # not the opening's 是办好教育的根本所


def test_the_unit_an_opening_reports_for_names_the_unit(taxonomy: Taxonomy) -> None:
    text = (
        "公告正文\n"
        "根据市委统一部署，市委巡察组对第三中学党委开展了巡察，市委巡察组反馈了意见。"
        "现将第三中学党委落实市委巡察反馈意见整改情况报告如下：\n" + BODY
    )
    assert unit_of(text, taxonomy) == ("第三中学", "企事业单位")  # not the 市委 that inspected it


def test_a_department_the_title_names_bare_takes_the_government_the_text_writes_before_it(taxonomy: Taxonomy) -> None:
    text = (
        "卫生健康局2023年工作总结汇编\n"
        "目录 1. 区卫生健康局2023年工作总结 2 2.县卫生健康局2023年工作总结 9\n"
        "2023年，我局推进全市排名靠前的医院建设，全市共建成社康机构六家，医院服务能力明显提升。\n" + BODY
    )
    assert unit_of(text, taxonomy) == ("卫生健康局", "县直部门")  # not 市直部门 from 全市


def test_a_commission_and_a_unit_before_guanyu_are_named_whole(taxonomy: Taxonomy) -> None:
    commission = "区卫生健康委员会2022年工作总结\n2022年，我们推进**镇、**镇、**乡卫生院建设。\n" + BODY
    assert unit_of(commission, taxonomy) == ("区卫生健康委员会", "县直部门")  # not XX镇 from the masked towns
    bureau = "卫生健康局关于2022年工作总结\n今年以来，县人民医院、县中医院两家医院服务全县群众。\n" + BODY
    assert unit_of(bureau, taxonomy) == ("卫生健康局", "县直部门")  # not XX of 企事业单位 from 医院


def test_a_title_as_wide_as_the_wrapped_text_does_not_run_into_the_site_line_under_it(taxonomy: Taxonomy) -> None:
    text = (
        "某县教育体育局2022年教育工作总结和2023年工作计划\n"
        "会员专享\n"
        "2022 年，县教育局在县委、县政府的领导下，紧紧围绕立德树人\n"
        "根本任务，以深化教育综合改革为切入点，以改革求创新、促转\n"
        "型、强能力，不断提升全县教育工作水平，现将工作情况汇报如下：\n"
        "一、2022 年工作总结\n"
        "1.教育质量稳步提升。全年新建改建学校三所，新增学位一千二\n"
        "百个，义务教育巩固率达到百分之九十九，群众满意度明显提高。\n"
    )
    assert parsed(text, taxonomy)["documents"][0]["title"] == "某县教育体育局2022年教育工作总结和2023年工作计划"


def test_a_half_years_part_above_its_numbered_items_is_the_top_level(taxonomy: Taxonomy) -> None:
    text = (
        "某县政协2021年上半年工作总结及下半年工作安排\n"
        "上半年，县政协坚持团结和民主两大主题，为全县发展作出积极贡献。\n"
        "上半年工作总结\n"
        "截止目前，县政协共召开常委会议三次、主席会议六次，完成了上半年工作任务。\n"
        "一、坚持理论武装，把牢政治方向\n"
        "组织党员领导干部认真学习党史。\n"
        "二、聚焦中心工作，开展协商议政\n"
        "召开专题协商会议两次。\n"
    )
    assert headings(parsed(text, taxonomy)) == ["上半年工作总结"]


def test_a_preview_showing_no_title_of_its_own_is_titled_by_the_file_name_over_it(taxonomy: Taxonomy) -> None:
    work = "全年组织中心组学习十二次，开展专题研讨四次，推动各项工作落实落地，群众满意度持续提升。" * 3
    title = "水利局关于2022年工作总结暨2023年工作计划"
    text = (
        f"{title}.docx\n"
        "上传人:ab****1 文档编号:123 上传时间:2022-12-10 格式:DOCX 页数:2\n"
        f"{title}.docx_第1页\n"
        f"1、本文档可下载后任意编辑{title}{title} 2022年，县水利局紧紧围绕中心工作，{work}一、主要工作 {work}\n"
        f"2、二、存在问题 {work}\n"
    )
    data = parsed(text, taxonomy)
    assert data["documents"][0]["title"] == title  # not one made of unit, year and genre
    assert data["unit"]["level"] == "县直部门"


def test_the_title_written_twice_is_text_not_a_byline(taxonomy: Taxonomy) -> None:
    text = (
        "宣传部 2021 年上半年工作总结宣传部 2021 年上半年工作总结 现将宣传部 2021 年上半年工作汇报如下: "
        "一、2021 年上半年工作开展情况 2021 年上半年,宣传部认真履职,各项工作取得了良好成绩。 "
        "(一)夯实思想基础。组织市委理论学习中心组成员单位主要领导及 各乡镇党委书记学习了有关条例。利 "
        "用网络平台,组织新闻单位和宣传干部深入学习党史等内容,上半年组织专 题学习 22 次,培训 1100 余人次。"
    )
    doc = parsed(text, taxonomy)["documents"][0]
    assert doc["title"] == "宣传部 2021 年上半年工作总结"
    assert doc["opening"][0] == "宣传部 2021 年上半年工作总结"  # where the site wrote it again
    assert "signature" not in doc
