"""A short hard-wrapped text (a few lines broken mid-sentence at one width) is rejoined by its
shape like a long one; short lines of a text that is not wrapped stay lines."""

from __future__ import annotations

from fanli.ingest.reading import Line
from fanli.ingest.reflow import reflow

SHORT_WRAPPED = """2023年镇党委党风廉政建设工作总结
今年以来，镇党委认真贯彻落实上级关于党风廉政建设的各项决策部署，紧紧
围绕全年目标任务，层层压实管党治党责任，各项工作取得了新的成效，现将
有关情况报告如下。
一、主要工作
全年组织党委理论学习中心组学习十二次，开展廉政专题研讨四次，召开警示
教育大会两次，对村级财务开展专项检查，督促整改问题二十余个。
二、存在问题
个别党员干部纪律意识不强，村级监督还有薄弱环节。"""

NOT_WRAPPED = """2023年社区工作总结
坚持党建引领，推动社区基层治理能力全面提升
全年召开居民议事会十二次，解决群众急难愁盼问题三十余件，居民满意度明显提高，社区治理格局不断完善。
坚持民生为本，推动社区为民服务水平持续提升
新建日间照料中心一处，开展志愿服务活动二十余次，惠及辖区居民三千余人次，群众获得感明显增强。"""


def texts(text: str) -> list[str]:
    return [line.text for line in reflow([Line(t) for t in text.splitlines()]).lines]


def test_a_short_wrapped_text_is_rejoined() -> None:
    assert texts(SHORT_WRAPPED) == [
        "2023年镇党委党风廉政建设工作总结",
        "今年以来，镇党委认真贯彻落实上级关于党风廉政建设的各项决策部署，紧紧围绕全年目标任务，"
        "层层压实管党治党责任，各项工作取得了新的成效，现将有关情况报告如下。",
        "一、主要工作",
        "全年组织党委理论学习中心组学习十二次，开展廉政专题研讨四次，召开警示教育大会两次，"
        "对村级财务开展专项检查，督促整改问题二十余个。",
        "二、存在问题",
        "个别党员干部纪律意识不强，村级监督还有薄弱环节。",
    ]


def test_two_wrapped_lines_are_enough() -> None:
    text = "\n".join(SHORT_WRAPPED.splitlines()[:4])
    assert len(texts(text)) == 2


def test_unnumbered_headings_of_one_width_stay_lines() -> None:
    assert texts(NOT_WRAPPED) == NOT_WRAPPED.splitlines()
