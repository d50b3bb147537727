"""The frame of a report: what surrounds the body but is not its text.

A report opens with its title, perhaps a subtitle (——在…会议上的讲话), a byline and a date, and
a salutation (各位领导、同志们：); it ends with a closing formula (以上报告，请批评指正。), the
signature of the unit (XX镇党委) and the date. These lines are kept as document metadata, so that
the body that the site shows and the section examples quote holds only the report's own words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from fanli.core.text import strip_number
from fanli.ingest.reading import Line

SUBTITLE = re.compile(r"^[—－-]{1,2}")
DATE = re.compile(
    r"^[(]?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
    r"\s*[0-9一二三四五六七八九十]{1,3}\s*日[)]?$"
    r"|^\d{4}([-/.])\d{1,2}\1\d{1,2}$"  # a web page's publication date: 2016-03-07
)
SALUTATION = re.compile(
    r"^(?:尊敬的)?[^。！？；!?;]{0,30}(?:同志们|同志|领导|代表|委员|朋友们|大家)[^。！？；!?;]{0,10}:$"
)
CLOSING_FORMULA = re.compile(
    r"^(?:以上(?:报告|汇报|述职|是我|材料|发言|对照检查|检查)|特此(?:报告|汇报)|谢谢(?:大家)?[!。]?$"
    r"|请予?审议|不妥之处|敬请|请批评指正|请各位)"
)
CLOSING_FORMULA_MAX = 60
# A byline or signature line is short and has no sentence punctuation, and names an organ or an office.
SHORT_LINE_MAX = 30
SENTENCE_PUNCTUATION = re.compile(r"[。，；！？：,;!?:]")
SIGNER = re.compile(
    r"(?:党委|党组|党工委|委员会|政府|办事处|支部|纪委|书记|主任|局长|镇长|乡长|县长|区长|市长|省长|主席|部长|同志|班子|\s)"
)
# The meeting a speech was given at, under its title: "2023年1月5日在…人民代表大会第三次会议上".
MEETING = re.compile(r"^.{0,20}在.{2,50}(?:会议|大会|会)上(?:的(?:讲话|报告|发言))?$")
# A speaker's name on a line of its own after the byline: a few characters, perhaps with a middle dot.
PERSON = re.compile(r"^[\u4e00-\u9fff·•]{2,12}$")
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(|\d{1,2}[.、]|第[一二三四五六七八九十]+)")
MAX_HEAD_LINES = 4
MAX_SIGNATURE_LINES = 3


@dataclass
class Frame:
    """A report split into its metadata lines and its body."""

    title: str
    body: list[Line]
    subtitle: str = ""
    salutation: str = ""
    closing_formula: str = ""
    signature: list[str] = field(default_factory=list)
    date: str = ""


def normalised(text: str) -> str:
    """Full-width digits and punctuation made half-width, for matching only: data keeps the original."""
    return unicodedata.normalize("NFKC", text)


def is_date(line: Line) -> bool:
    return line.level is None and bool(DATE.match(normalised(line.text).replace(" ", "")))


def is_signer(line: Line) -> bool:
    """A byline or signature: short, no sentence punctuation, not numbered, naming an organ or office."""
    text = normalised(line.text)
    return (
        line.level is None
        and len(text) <= SHORT_LINE_MAX
        and not SENTENCE_PUNCTUATION.search(text)
        and not NUMBERED.match(text)
        and bool(SIGNER.search(text))
    )


def repeats_title(line: str, title: str) -> bool:
    """Whether the line is the title again, perhaps under a site's number (第一篇：某某社区…总结)."""
    plain = "".join(title.split())
    return bool(plain) and "".join(strip_number(line).split()).endswith(plain)


def is_closing_formula(text: str) -> bool:
    return len(text) <= CLOSING_FORMULA_MAX and bool(CLOSING_FORMULA.match(normalised(text)))


def meeting_wrapped(subtitle: str, line: str) -> bool:
    """Whether the line ends a dash subtitle naming a meeting that was wrapped over two lines."""
    return not SENTENCE_PUNCTUATION.search(line) and bool(MEETING.match(SUBTITLE.sub("", normalised(subtitle)) + line))


def split_frame(lines: list[Line]) -> Frame:
    """The title (first line), the metadata lines at either end, and the body between them."""
    frame = Frame(lines[0].text, [])
    start = 1
    meeting_line = False  # the subtitle is a bare meeting line, under which the speaker's lines follow
    while start < min(len(lines), 1 + MAX_HEAD_LINES):
        line = lines[start]
        text = normalised(line.text)
        if not frame.subtitle and start == 1 and SUBTITLE.match(text) and line.level in (None, 0):
            frame.subtitle = line.text
        elif not frame.subtitle and line.level is None and MEETING.match(text):
            frame.subtitle = line.text
            meeting_line = True
        elif frame.subtitle and not meeting_line and line.level is None and meeting_wrapped(frame.subtitle, text):
            frame.subtitle += line.text  # "—2021年9月2日在某县第十二届" / "人民代表大会常务委员会第三次会议上"
            meeting_line = True
        elif meeting_line and line.level is None and (is_signer(line) or PERSON.match(text)):
            frame.subtitle += " " + line.text  # the speaker under the meeting: "…会议上 县长 阿卜拉江·萨迪克"
        elif not frame.date and is_date(line):
            frame.date = line.text
        elif not frame.signature and is_signer(line) and not repeats_title(line.text, frame.title):
            frame.signature = [line.text]  # not the title again (a site's second copy): that is text
        elif not frame.salutation and line.level is None and SALUTATION.match(text):
            frame.salutation = line.text
            start += 1
            break
        else:
            break
        start += 1

    end = len(lines)
    if end > start and not frame.date and is_date(lines[end - 1]):
        frame.date = lines[end - 1].text
        end -= 1
    signers = 0
    while signers < MAX_SIGNATURE_LINES and end - signers - 1 > start and is_signer(lines[end - signers - 1]):
        signers += 1
    if signers and not frame.signature:
        frame.signature = [line.text for line in lines[end - signers : end]]
        end -= signers
    last = lines[end - 1] if end > start else None
    if last is not None and last.level is None and is_closing_formula(last.text):
        frame.closing_formula = last.text
        end -= 1
    frame.body = lines[start:end]
    return frame
