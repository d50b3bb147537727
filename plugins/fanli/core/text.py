"""Text rules shared by every layer, each written once: placeholders, heading numbers, the
kinds of a document's opening and closing, the years a report can have."""

from __future__ import annotations

import re
from functools import cache

import opencc

OPENING, CLOSING = "开头", "结尾"  # the section kinds of a document's opening and closing paragraphs
FIRST_YEAR, LAST_YEAR = 1949, 2100  # a report's year lies between these

NUMERAL = "一二三四五六七八九十"  # the Chinese numerals that number headings and items
COUNTING_NUMERAL = NUMERAL + "两百"  # and those that count things (两个维护, 百日攻坚)


def numeral_value(numeral: str) -> int:
    """The value of a Chinese numeral from 一 to 九十九 (一 → 1, 十二 → 12, 二十 → 20), 0 when it is none."""
    digits = {c: i for i, c in enumerate(NUMERAL[:9], start=1)}
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return digits.get(numeral, 0) if len(numeral) == 1 else 0
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in digits) or (ones and ones not in digits):
        return 0
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


def chinese_numeral(n: int) -> str:
    """The numeral that numbers the n-th heading, 1 to 99: 1 → 一, 12 → 十二, 20 → 二十 (numeral_value's inverse)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERAL[tens - 1] + "十")
    return head + (NUMERAL[ones - 1] if ones else "")


# Placeholders the document sites put where a name or a number was: X, XX, XXX (also × and
# full-width Ｘ), two or more asterisks, and "A" standing for a leader's name ("坚持以A新时代…").
# Latin words are left alone: a placeholder never touches another Latin letter.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ×]+|[*＊]{2,})(?![A-Za-z])"
    r"|(?<![A-Za-z0-9])A(?=[\u4e00-\u9fff])"
)


def split_placeholders(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is_placeholder, piece) runs, in order; joined they give the text back."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces


# A heading's own numbering, full- or half-width, by form (the outline ranks a heading by its form):
# 第一部分 | 一、 一. | 一是 其一， | （一） 〔一〕 | (1) 〔1〕 | 1. 1、 １． | ① — removed to reuse or renumber
# the wording, or to classify a heading by its words alone. A dot before a digit is a decimal point
# (1.5亿元), and a bracketed number of three digits or more is a year or a document number
# (〔2023〕5号), never a heading's numbering.
NUMBER_FORMS = {
    "part": rf"第[{NUMERAL}]+(?:部分|章|篇)[、：:]?",
    "numeral": rf"[{NUMERAL}]+(?:、|[.．](?![\d０-９]))",
    "item": rf"[{NUMERAL}]+是|其[{NUMERAL}]+[，、：,:]",
    "paren_numeral": rf"[（(〔][{NUMERAL}]+[）)〕]",
    "paren_digit": r"[（(〔][\d０-９]{1,2}[）)〕]",
    "digit": r"[\d０-９]{1,2}(?:、|[.．](?![\d０-９]))",
    "circled": r"[\u2460-\u2473]",
}
HEADING_NUMBER = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{form}>{pattern})" for form, pattern in NUMBER_FORMS.items()) + r")\s*"
)


def heading_number(heading: str) -> tuple[str, str] | None:
    """The form (a key of NUMBER_FORMS) and text of the numbering that opens `heading`, None when
    it has none: "〔一〕存在问题" → ("paren_numeral", "〔一〕")."""
    match = HEADING_NUMBER.match(heading)
    if match is None or match.lastgroup is None:
        return None
    return match.lastgroup, match.group(match.lastgroup)


def strip_number(heading: str) -> str:
    """The heading without its numbering: "（一）深化学习内容，强化教育管理。" → "深化学习内容，强化教育管理。"."""
    return HEADING_NUMBER.sub("", heading, count=1).strip()


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """The text with traditional characters as simplified ones (總結 → 总结), character for character,
    so a position in one is the same position in the other: for classifying and matching, never for
    showing (text is kept as written)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_t2s().convert(ch) for ch in text)  # a phrase rule changed the length: go by character
