"""Phrase mining on the five seed reports: a reviewed golden file and a measured share of genuine phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanli.core.load import load_library
from fanli.site import phrases

from golden import assert_golden

ROOT = Path(__file__).resolve().parent.parent

# The formulations the issue names: all must be mined from the seeds.
KNOWN = ("一岗双责", "四风", "四个意识", "两个维护", "三重一大", "四种形态")
KNOWN += ("知敬畏、存戒惧、守底线", "抓早抓小、防微杜渐")

# Reviewed by hand (tests/golden/phrases/seeds.txt): mined phrases that are not genuine formulaic
# expressions of 公文 — local names and slogans, and plain wording caught by the patterns.
NOT_GENUINE = {
    "挂联诺": "a local activity's name",
    "排查隐患确保安全": "a local volunteer activity's name",
    "防控治保": "a local coinage",
    "挣钱持家双丰收": "a local slogan",
    "理性消费": "plain wording in a list of thrift rules",
    "清除积雪、保障畅通": "an activity's name, quoted",
    "设施主导、露地补充、订单种植、错季销售": "a local farming model described step by step",
}
GENUINE_SHARE = 0.9


@pytest.fixture(scope="module")
def mined() -> list[phrases.PhraseEntry]:
    return phrases.mined_only(phrases.phrase_library(load_library(ROOT / "data")))


def test_mined_phrases_match_golden(mined: list[phrases.PhraseEntry]) -> None:
    lines = [f"{e.pattern}\t{e.count}\t{e.text}" for e in mined]
    assert_golden("phrases/seeds.txt", "\n".join(lines) + "\n")


def test_known_formulations_are_all_found(mined: list[phrases.PhraseEntry]) -> None:
    texts = {e.text for e in mined}
    assert [k for k in KNOWN if k not in texts] == []


def test_at_least_ninety_percent_of_mined_phrases_are_genuine(mined: list[phrases.PhraseEntry]) -> None:
    texts = [e.text for e in mined]
    assert set(NOT_GENUINE) <= set(texts), "the review lists a phrase that is no longer mined: update it"
    genuine = 1 - len(NOT_GENUINE) / len(texts)
    assert genuine >= GENUINE_SHARE, f"{genuine:.1%} of {len(texts)} mined phrases are genuine"


def test_every_occurrence_points_at_its_text(mined: list[phrases.PhraseEntry]) -> None:
    for entry in mined:
        for occurrence in entry.occurrences:
            assert occurrence.passage.text[occurrence.start : occurrence.end] == entry.text
            before, found, after = occurrence.context()
            assert found == entry.text and entry.text not in (before, after)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("督促班子成员履行“一岗双责”，", ["一岗双责"]),
        ("增强“四个意识”、坚定“四个自信”、做到“两个维护”", ["四个意识", "四个自信", "两个维护"]),
        ("严格执行“三重一大”制度，运用四种形态，", ["三重一大", "四种形态"]),
        ("教育党员干部，知敬畏、存戒惧、守底线。", ["知敬畏、存戒惧、守底线"]),
        ("教育党员知敬畏、存戒惧", []),  # three-character items inside a clause are not told apart
        ("坚持抓早抓小、防微杜渐，", ["抓早抓小、防微杜渐"]),
        ("激浊扬清，正气满盈；披荆斩棘，砥砺前行。", ["激浊扬清", "正气满盈", "披荆斩棘", "砥砺前行"]),
        ("在县委和市委、市政府领导下", []),  # a list of offices, not a series
        ("进一步规范镇、村公开栏", []),
        ("加强学习，工作机制，", []),  # generic words are not set phrases
        ("XX镇“勤廉监督室”和“监督一点通”平台", []),  # names, not wording
        ("组织开展一种习惯的学习", []),  # 一种… is not a numbered formulation
    ],
)
def test_patterns(text: str, expected: list[str]) -> None:
    assert [text[s:e] for _, s, e in phrases.mine_text(text)] == expected


def test_openings_and_closings() -> None:
    opening = "2023年，在县委的坚强领导下，XX镇……现将有关情况报告如下："
    assert [opening[s:e] for _, s, e in phrases.mine_opening(opening)] == ["在县委的坚强领导下", "现将有关情况报告如下"]
    closing = "新征程赋予新使命，新篇章呼唤新作为。新的一年，我们将……"
    assert [closing[s:e] for _, s, e in phrases.mine_closing(closing)] == ["新征程赋予新使命，新篇章呼唤新作为。"]
    assert phrases.mine_closing("2024年，XX镇将继续坚持……以更加务实的作风推动各项工作落地见效。") == []


@pytest.mark.parametrize(
    ("text", "phrase", "alone"),
    [
        ("严格落实中央八项规定，", "八项规定", True),  # the term ends where its words end
        ("增强“四个意识”", "四个意识", True),
        ("违反中央八项规定精神", "八项规定", False),  # runs on: a term only if it stands alone elsewhere
        ("连续两个季度获得全区考核第一", "两个季度", False),  # a count of quarters
        ("我乡五个扶贫村各建立标准基地", "五个扶贫", False),  # cut out of 五个扶贫村
        ("落实四个带头", "四个带头", True),
    ],
)
def test_a_numbered_formulation_stands_alone_and_a_quantity_runs_on(text: str, phrase: str, alone: bool) -> None:
    document = load_library(ROOT / "data").documents[0]
    start = text.index(phrase)
    occurrence = phrases.Occurrence(phrases.Passage(document, "p1", text, (), ()), start, start + len(phrase))
    assert phrases.stands_alone(occurrence) is alone
