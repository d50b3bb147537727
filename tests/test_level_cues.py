"""The level of an untitled report's unit, from how the text speaks of itself: a masked name (*街道,
X镇) is the reporting unit's own; a department's 我区 says whose department it is, a ranking 全市第3位
does not."""

from __future__ import annotations

from pathlib import Path

from fanli.core.model import Taxonomy
from fanli.ingest.importer import parse_text

ROOT = Path(__file__).resolve().parents[1]


def level(text: str, taxonomy: Taxonomy) -> str:
    return parse_text(text, "test.txt", taxonomy)["unit"]["level"]


def test_a_masked_name_tells_the_units_level(taxonomy: Taxonomy) -> None:
    text = (
        "2022年来，在区委区政府的坚强领导下，*街道认真贯彻落实区委全会精神，现将主要工作汇报如下。\n"
        "一、2022年亮点工作\n全区排名第二，区委考核优秀，区政府通报表扬。\n"
        "二、存在的问题\n全区统筹还不够。\n"
    )
    assert level(text, taxonomy) == "街道"


def test_a_departments_own_government_outweighs_rankings(taxonomy: Taxonomy) -> None:
    text = (
        "在区委、区政府的坚强领导下，统计工作又上新台阶。现将2020年我局工作总结如下：\n"
        "一、主要指标完成情况\n"
        "2020年全年，我区地区生产总值居全市第3位，增速全市第12位；投资全市第7位；消费全市第3位。\n"
        "二、存在的问题\n基层统计力量薄弱。\n"
    )
    assert level(text, taxonomy) == "县直部门"


def test_a_title_naming_a_bare_government_gives_its_level(taxonomy: Taxonomy) -> None:
    text = (
        "2013年县政府工作报告\n"
        "一、2013年工作回顾\n"
        "全年新增规模以上企业十二家，企业技改投入增长两成，扶持中小企业发展，企业利润稳步增长。\n"
    )
    report = parse_text(text, "test.txt", taxonomy)
    assert report["unit"]["level"] == "县直部门"
    assert report["unit"]["name"] == "XX县"


def test_a_department_is_never_a_firm_or_school(taxonomy: Taxonomy) -> None:
    text = (
        "上半年，我局牢牢抓住从严治党、改革发展、安全稳定三大主题，现将有关情况汇报如下：\n"
        "一、主要工作\n"
        "完成学校安全检查，督促学校整改隐患，指导中学、小学和中心校落实学校课后服务。\n"
    )
    assert level(text, taxonomy) != "企事业单位"
