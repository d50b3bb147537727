"""Turn a report (the lines `fanli.reading` reads from a file) into the data of one unit file.

The title comes first, then one paragraph per line; `fanli.framing` takes off the salutation,
closing formula, signature and date. Headings are rarely marked up, so the outline is recovered
from the numbering styles of Chinese official writing (第一部分 > 一、 > （一） > 1. > （1） > 一是 / 其一,
full- or half-width), from Word heading styles when the file has them, from run-in headings (a
numbered first sentence that opens its paragraph) and from labels such as "存在问题：".
Classification (unit, year, genre, themes, section kinds) uses the keywords of
`data/taxonomy.yml`, so vocabulary changes need no code change. Every guess the importer is not
sure of is recorded in `Report.unsure`, for `fanli parse` to point out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from fanli.core.dump import document_data, dump_yaml, unit_data
from fanli.core.errors import FanliError
from fanli.core.load import DataError, Problem, load_taxonomy, load_unit_text
from fanli.core.model import Category, Document, Paragraph, Section, Taxonomy, Unit
from fanli.core.text import FIRST_YEAR, LAST_YEAR, NUMERAL, PLACEHOLDER, numeral_value, simplified
from fanli.ingest.framing import normalised, split_frame
from fanli.ingest.reading import Line, ReadFailure, SourceText, read_source, text_lines
from fanli.ingest.reflow import ends_sentence, is_banner, reflow, width

# Heading numbers, matched against the NFKC form of a line (（一） → (一), １． → 1.), by rank: a heading
# closes every open section of its rank or deeper.
PART_RANK, TOP_RANK, PAREN_RANK, ARABIC_RANK, PAREN_ARABIC_RANK, LABEL_RANK, CIRCLED_RANK, ENUM_RANK = (
    5, 10, 20, 22, 24, 25, 27, 30
)  # fmt: skip
HEADING_STYLES = (
    (re.compile(rf"^第[{NUMERAL}]+(?:部分|章|篇)"), PART_RANK),
    (re.compile(rf"^[{NUMERAL}]+(?:、|\.(?!\d))"), TOP_RANK),
    (re.compile(rf"^\([{NUMERAL}]+\)"), PAREN_RANK),
    (re.compile(r"^\d{1,2}(?:\.(?!\d)|、)"), ARABIC_RANK),
    (re.compile(r"^\(\d{1,2}\)"), PAREN_ARABIC_RANK),
)
CIRCLED = re.compile("^[\u2460-\u2473]")  # ① … ⑳, matched before NFKC turns them into digits
# Word heading levels without a number of their own get these ranks, unless numbered headings of
# the same level show the document's own use.
RANK_OF_LEVEL = {1: TOP_RANK, 2: PAREN_RANK, 3: ARABIC_RANK, 4: PAREN_ARABIC_RANK}
# 一是, 二是 … (or 其一，其二 …) at the start of the text or after punctuation or a space: "唯一是" is no item.
ENUMERATION = re.compile(rf"(?:^|(?<=[。；：，！？.;:,!?\s]))(?:([{NUMERAL}]+)是|其([{NUMERAL}]+)(?=[，、：,:]))")
HEADING_NUMBER = re.compile(
    rf"^(?:第[{NUMERAL}]+(?:部分|章|篇)[、：:\s]*|[{NUMERAL}]+[、是.．]|其[{NUMERAL}]+[，、：]|[（(][{NUMERAL}\d]+[）)]"
    r"|[\d０-９]{1,2}[.．、]|[\u2460-\u2473])"
)
TOP_RANKS = (PART_RANK, TOP_RANK, PAREN_RANK)
ENUM_HEADING_MAX = 40  # an 一是 item whose first sentence is longer is a paragraph, not a heading
UNNUMBERED_HEADING_MIN, UNNUMBERED_HEADING_MAX = 4, 25
SENTENCE_INSIDE = re.compile(r"[。！？；!?;：:]")
LABEL = re.compile(r"^([^，。；！？、：:“”‘’\s]{1,12})[：:]")
SENTENCE_END = re.compile(r"[。！？][”’）」』]*")
KIND_CONNECTORS = re.compile(r"[及和与暨、]")
YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?!代)")
# A title may write its year without 年: "XX镇2022政府工作报告", "2019-2020学年…".
BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?![\d.%])")
# A unit name that names no one unit: a placeholder (core.text.PLACEHOLDER), a single * or ×, or 某.
GENERIC_MARK = re.compile(r"[X×*＊某]")
PLACEHOLDER_STEM = re.compile(r"[X×*]+")

SECTION_ONLY_KINDS = ("开头", "结尾")  # these name the opening and closing, never a section
DEFAULT_KIND = "成效"
LATER_KINDS = frozenset({"问题", "原因", "打算"})  # after one of these, unclassified sections get no kind
MIN_THEME_MENTIONS = 3
MAX_DOCUMENT_THEMES = 5
FALLBACK_GENRE = "其他"
BYLINE_MAX = 15  # a unit's name on its own line under the title ("太子中心学校")
GENRE_CUE_SPAN = 300  # "现将…情况汇报如下" in the opening names the genre a title leaves out

UNIT_SUFFIXES = (
    "街道", "社区", "乡", "镇", "村", "县", "区", "市", "委", "局", "办", "厅", "部", "院", "所", "站",
    "中心", "公司", "集团", "学校", "医院", "校", "处", "政协", "人大", "银行", "分行", "支行",
)  # fmt: skip
# How a report speaks of its own unit, by the suffix of the unit's name.
UNIT_SELF_REFERENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("镇", ("全镇", "我镇", "镇党委", "镇村", "镇域")),
    ("乡", ("全乡", "我乡", "乡党委")),
    ("街道", ("全街道", "我街道", "街道党工委")),
    ("委", ("我委", "委党组", "委机关")),
    ("局", ("我局", "局党组", "局机关")),
    ("公司", ("我公司", "公司党委")),
)
LEVELS_BY_NAME_SUFFIX = (
    ("街道", "街道"), ("社区", "街道"), ("乡", "乡镇"), ("镇", "乡镇"),
    # a government's own report: the county's files with the county departments, and so on up
    ("县", "县直部门"), ("区", "县直部门"), ("市", "市直部门"), ("省", "省直部门"), ("自治区", "省直部门"),
)  # fmt: skip
# A department (局, 委, 办 …) belongs to the level of the government named before it: XX县…局 → 县直部门.
DEPARTMENT_SUFFIXES = ("局", "委", "办", "厅", "部", "院", "所", "站", "中心", "处", "政协", "人大", "会")
LEVELS_BY_GOVERNMENT = {
    "省": "省直部门", "市": "市直部门", "县": "县直部门", "区": "县直部门", "乡": "乡镇", "镇": "乡镇", "街道": "街道"
}  # fmt: skip
GOVERNMENT = re.compile(r"街道|[省县区镇]|(?<!城)乡|市(?!场)")  # 市场监管局 is no city's, 城乡建设局 no township's
UNKNOWN_NAME = "XX"
# What follows a unit's name in a title or signature: its organ and the office of the person reporting.
ORGAN_OR_OFFICE = re.compile(
    r"(?:党工委|党委|党组|党支部|委员会|领导班子|班子成员|班子|人民政府|政府|办事处"
    r"|副?书记|镇长|乡长|县长|区长|市长|省长|主席|主任|局长|部长|同志|成员)+$"
)
NOT_A_NAME = re.compile(r"^(?:在|关于|全|我)")  # "在全镇…会议上的讲话": no unit named


class ImportFailure(FanliError):
    """A report that cannot be imported; the message names the file and the reason."""


# --- text ---------------------------------------------------------------------------------------


def heading_rank(text: str) -> int | None:
    """The rank of the numbering that opens `text` (一、 （一） 1. …), None for an unnumbered line."""
    if CIRCLED.match(text):
        return CIRCLED_RANK
    form = normalised(text[:12])
    return next((rank for pattern, rank in HEADING_STYLES if pattern.match(form)), None)


def enumeration_value(match: re.Match[str]) -> int:
    return numeral_value(match.group(1) or match.group(2))


def enumeration_starts(text: str, first: int) -> list[int]:
    """Where the items of the in-order sequence first是, first+1是 … begin in `text`."""
    starts: list[int] = []
    expected = first
    for match in ENUMERATION.finditer(text):
        if enumeration_value(match) == expected:
            starts.append(match.start())
            expected += 1
    return starts


def split_run_in(item: str) -> tuple[str, str]:
    """(heading, body) of a numbered item: its first sentence heads it when more text follows."""
    end = SENTENCE_END.search(item)
    if end is None or not item[end.end() :].strip():
        return item, ""
    return item[: end.end()], item[end.end() :].strip()


def strip_heading_number(heading: str) -> str:
    """The heading's words without 一、 / （一） / 一是, which would only confuse classification."""
    return HEADING_NUMBER.sub("", heading, count=1)


# --- keywords -----------------------------------------------------------------------------------


def count_keywords(text: str, keywords: Iterable[str]) -> int:
    """Non-overlapping mentions of any keyword, longest first: "党风廉政建设" counts once, not thrice."""
    ordered = sorted(set(keywords), key=len, reverse=True)
    if not ordered:
        return 0
    return len(re.findall("|".join(re.escape(k) for k in ordered), text))


def themes_in(text: str, themes: tuple[Category, ...]) -> tuple[str, ...]:
    """Themes with a keyword in `text`, by where they are first mentioned."""
    found = []
    for order, theme in enumerate(themes):
        positions = [text.find(k) for k in theme.keywords if k in text]
        if positions:
            found.append((min(positions), order, theme.name))
    return tuple(name for _, _, name in sorted(found))


def head_kind(part: str, kinds: tuple[Category, ...]) -> str | None:
    """The kind whose keyword ends latest in `part`: the head noun of a Chinese phrase comes last."""
    best: tuple[int, int, int, str] | None = None
    for order, kind in enumerate(kinds):
        if kind.name in SECTION_ONLY_KINDS:
            continue
        for keyword in kind.keywords:
            start = part.rfind(keyword)
            if start >= 0:
                candidate = (start + len(keyword), len(keyword), -order, kind.name)
                best = candidate if best is None or candidate > best else best
    return best[3] if best else None


def heading_kinds(heading: str, kinds: tuple[Category, ...]) -> tuple[str, ...]:
    """Kinds of a heading, one per part of a compound such as 存在问题及下阶段工作打算."""
    found = (head_kind(part, kinds) for part in KIND_CONNECTORS.split(strip_heading_number(heading)))
    return tuple(dict.fromkeys(k for k in found if k))


# --- outline ------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A section while the outline is being built."""

    heading: str
    rank: int
    run_in: bool = False
    kinds: tuple[str, ...] = ()
    number: int = 0  # an enumeration item's value, so that the next line can continue the sequence
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)


def level_ranks(lines: list[Line]) -> dict[int, int]:
    """The rank each Word heading level has in this document: that of its first numbered heading."""
    ranks = dict(RANK_OF_LEVEL)
    seen: set[int] = set()
    for line in lines:
        rank = heading_rank(line.text)
        if line.level and rank is not None and line.level not in seen:
            ranks[line.level] = rank
            seen.add(line.level)
    return ranks


class _Outline:
    """Builds the section tree line by line; `stack` holds the open sections, innermost last."""

    def __init__(
        self, kinds: tuple[Category, ...], level_ranks: dict[int, int] | None = None, lead_sentences: bool = False
    ):
        self.kinds = kinds
        self.level_ranks = level_ranks or RANK_OF_LEVEL
        self.lead_sentences = lead_sentences  # "这一年，我们…。一是…" lines head top-level sections
        self.root = _Draft("", 0)
        self.stack = [self.root]
        self.opening: list[str] = []
        self.trailing_lines = 0  # plain lines since the last heading, all added to the innermost section

    def add_line(self, line: Line, rank: int | None = None) -> None:
        """Adds a line; `rank` makes an unnumbered line a heading of that rank."""
        self.trailing_lines = 0 if self._add_structure(line, rank) else self.trailing_lines + 1

    def _add_structure(self, source: Line, rank: int | None) -> bool:
        """Adds a line; False when it was a plain paragraph (a candidate for the closing)."""
        line = source.text
        rank = rank or heading_rank(line)
        if rank is None and source.level is not None:
            rank = self.level_ranks.get(source.level, ENUM_RANK if source.level else TOP_RANK)
        if rank is not None:
            self._open_heading(line, rank)
        elif (starts := self._line_enumeration(line)) and self._open_items(line, starts):
            pass
        elif self.lead_sentences and lead_sentence(line):
            self._open_heading(line, TOP_RANK)
        elif len(self.stack) == 1:
            self.opening.append(line)
            return False
        elif label := LABEL.match(line):
            return self._open_label(line, label) or self._add_body(line)
        else:
            return self._add_body(line)
        return True

    def _line_enumeration(self, line: str) -> list[int]:
        """Item starts when `line` begins with 一是, or continues the sequence of the open item."""
        match = ENUMERATION.match(line)
        if match is None:
            return []
        first = enumeration_value(match)
        innermost = self.stack[-1]
        if first != 1 and not (innermost.rank == ENUM_RANK and innermost.number == first - 1):
            return []
        return enumeration_starts(line, first)

    def _push(self, draft: _Draft) -> None:
        while self.stack[-1].rank >= draft.rank:
            self.stack.pop()
        if self.stack[-1] is self.root and not draft.kinds:
            draft.kinds = heading_kinds(draft.heading, self.kinds)
        self.stack[-1].children.append(draft)
        self.stack.append(draft)

    def _open_heading(self, text: str, rank: int, number: int = 0) -> None:
        heading, body = split_run_in(text)
        self._push(_Draft(heading, rank, run_in=bool(body), number=number))
        if body and rank < ENUM_RANK:
            self._add_body(body)
        elif body:
            self.stack[-1].paragraphs.append(body)

    def _open_items(self, text: str, starts: list[int]) -> bool:
        """Opens a section per 一是… item; False (nothing opened) when an item's first sentence is too
        long to be a heading: then the items are plain paragraphs."""
        items = [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
        if any(width(split_run_in(item)[0]) > ENUM_HEADING_MAX for item in items):
            return False
        for item in items:
            number = ENUMERATION.match(item)
            self._open_heading(item, ENUM_RANK, enumeration_value(number) if number else 0)
        return True

    def _open_label(self, line: str, label: re.Match[str]) -> bool:
        """Opens a labelled subsection such as "原因剖析：…"; False when the label names no kind."""
        kinds = heading_kinds(label.group(1), self.kinds)
        if not kinds:
            return False
        body = line[label.end() :].strip()
        self._push(_Draft(label.group(0), self._label_rank(kinds[0]), run_in=bool(body), kinds=kinds))
        if body:
            self._add_body(body)
        return True

    def _label_rank(self, kind: str) -> int:
        """A label naming a later part of a compound section ("…及原因") closes the numbered items."""
        top = self.stack[1]
        return PAREN_RANK if kind in top.kinds[1:] else LABEL_RANK

    def _add_body(self, text: str) -> bool:
        """Adds text to the innermost section, splitting an inline 一是…二是… enumeration off (then True)."""
        starts = enumeration_starts(text, 1)
        if len(starts) < 2 or any(
            width(split_run_in(text[a:b])[0]) > ENUM_HEADING_MAX
            for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
        ):
            self.stack[-1].paragraphs.append(text)
            return False
        if head := text[: starts[0]].strip():
            self.stack[-1].paragraphs.append(head)
        self._open_items(text, starts)
        return True

    def take_closing(self) -> list[str]:
        """Plain lines after the last run-in item of the last section: the document's closing words."""
        innermost = self.stack[-1]
        if not self.trailing_lines or len(self.stack) < 3 or not innermost.run_in:
            return []
        closing = innermost.paragraphs[-self.trailing_lines :]
        del innermost.paragraphs[-self.trailing_lines :]
        return closing


def lead_sentence(line: str) -> bool:
    """A paragraph led by one short sentence and then items 一是…二是…: the sentence heads it."""
    lead, body = split_run_in(line)
    return bool(body) and width(lead) <= ENUM_HEADING_MAX and enumeration_starts(body, 1)[:1] == [0]


def heading_like(line: Line, following: Line | None) -> bool:
    """An unnumbered line that reads as a heading: short, no sentence in it, a paragraph after it."""
    text = line.text
    return (
        line.level is None
        and following is not None
        and UNNUMBERED_HEADING_MIN <= width(text) <= UNNUMBERED_HEADING_MAX
        and width(following.text) > width(text)
        and not SENTENCE_INSIDE.search(text)
        and not ends_sentence(text)
        and heading_rank(text) is None
        and ENUMERATION.match(text) is None
    )


def unnumbered_ranks(body: list[Line], kinds: tuple[Category, ...]) -> dict[int, int]:
    """Unnumbered heading lines by position, with their rank. Without numbered top-level headings
    each one is a top-level heading (共学共建，让基层组织“强”起来); before the first numbered one,
    only a line naming a section kind (2022年工作回顾) is one, a part over the numbered headings."""
    numbered = [i for i, line in enumerate(body) if line.level is not None or heading_rank(line.text) in TOP_RANKS]
    ranks: dict[int, int] = {}
    for i, line in enumerate(body):
        following = body[i + 1] if i + 1 < len(body) else None
        if not heading_like(line, following):
            continue
        if not numbered:
            ranks[i] = TOP_RANK
        elif i < numbered[0] and heading_kinds(line.text, kinds):
            ranks[i] = PART_RANK
    return ranks


def build_outline(body: list[Line], kinds: tuple[Category, ...]) -> _Outline:
    """The outline of the body: by numbering and unnumbered heading lines, else by lead sentences."""
    ranks = level_ranks(body)
    unnumbered = unnumbered_ranks(body, kinds)
    outline = _Outline(kinds, ranks)
    for i, line in enumerate(body):
        outline.add_line(line, unnumbered.get(i))
    if outline.root.children:
        return outline
    outline = _Outline(kinds, ranks, lead_sentences=True)
    for line in body:
        outline.add_line(line)
    return outline


def settle_top_kinds(sections: list[_Draft], kind_names: set[str]) -> list[int]:
    """An unclassified top-level section reports work done, unless problems or plans came before.

    Returns the positions of the sections whose kind is such a guess (or missing)."""
    later = False
    guessed = []
    for position, draft in enumerate(sections):
        if not draft.kinds:
            guessed.append(position)
            if not later and DEFAULT_KIND in kind_names:
                draft.kinds = (DEFAULT_KIND,)
        later = later or bool(LATER_KINDS & set(draft.kinds))
    return guessed


def paragraphs(texts: Iterable[str]) -> tuple[Paragraph, ...]:
    """Model paragraphs for the writer, which ignores anchors: the loader numbers them."""
    return tuple(Paragraph(text, "") for text in texts)


def to_section(draft: _Draft, themes: tuple[Category, ...]) -> Section:
    """The model section of a draft, so that `fanli.dump` alone decides the YAML's shape."""
    return Section(
        heading=draft.heading,
        anchor="",
        kinds=draft.kinds,
        themes=themes_in(draft.heading, themes),
        run_in=draft.run_in,
        paragraphs=paragraphs(draft.paragraphs),
        subsections=tuple(to_section(child, themes) for child in draft.children),
    )


# --- document and unit --------------------------------------------------------------------------


def plausible_years(text: str) -> list[int]:
    """Years written as NNNN年 (or NNNN 年), in order, leaving out numbers that cannot be a report's year."""
    years = (int(m.group(1)) for m in YEAR.finditer(text))
    return [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]


def title_years(title: str) -> list[int]:
    """Years in a title: NNNN年, else a bare NNNN (a title has no other four-digit numbers)."""
    years = plausible_years(title) or [int(m.group(1)) for m in BARE_YEAR.finditer(title)]
    return [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]


def document_year(title: str, text: str) -> int | None:
    """The year in the title, else the year the text names most often (the latest when tied)."""
    in_title = title_years(title)
    if in_title:
        return in_title[0]
    counts = Counter(plausible_years(text))
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def genre_in(text: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre whose keyword ends latest in `text` (the head noun comes last: 工作情况总结 is a
    总结), the longest when two end together (述职述廉报告 beats 述职); None without a keyword."""
    matches = [
        (text.rfind(k) + len(k), len(k), -order, genre)
        for order, genre in enumerate(genres)
        for k in genre.keywords
        if k in text
    ]
    return max(matches, key=lambda m: m[:3])[3] if matches else None


def document_genre(title: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre the title names, else 其他."""
    return genre_in(title, genres) or next((g for g in genres if g.name == FALLBACK_GENRE), None)


def document_themes(title: str, text: str, themes: tuple[Category, ...]) -> tuple[str, ...]:
    """Themes of the title, then themes the text dwells on, most mentioned first."""
    chosen = list(themes_in(title, themes))
    mentions = [(count_keywords(text, t.keywords), -order, t.name) for order, t in enumerate(themes)]
    chosen += [name for count, _, name in sorted(mentions, reverse=True) if count >= MIN_THEME_MENTIONS]
    return tuple(dict.fromkeys(chosen))[:MAX_DOCUMENT_THEMES]


def title_prefix(title: str, taxonomy: Taxonomy) -> str:
    """What precedes the year (else the first genre or theme keyword) in the title: the unit's name."""
    year = YEAR.search(title)
    if year and title[: year.start()].strip():
        return title[: year.start()].strip()
    after = title[year.end() :] if year else title  # "2024年疏附县政府工作报告": the name follows the year
    keywords = [k for axis in (taxonomy.genres, taxonomy.themes) for c in axis for k in c.keywords]
    starts = [after.find(k) for k in keywords if k in after]
    return after[: min(starts)].strip() if starts else ""


def unit_suffix_from_text(text: str) -> str:
    """The kind of unit the text speaks of as its own (全镇 → 镇, 我委 → 委), or ""."""
    counts = [(count_keywords(text, cues), -order, suffix) for order, (suffix, cues) in enumerate(UNIT_SELF_REFERENCES)]
    count, _, suffix = max(counts)
    return suffix if count else ""


def name_in(text: str) -> str:
    """The unit named at the start of a title prefix or signature ("XX镇党委书记 张三" → "XX镇"), or ""."""
    words = text.split()
    stem = ORGAN_OR_OFFICE.sub("", words[0], count=1) if words else ""
    if len(stem) > 1 and simplified(stem).endswith(UNIT_SUFFIXES) and not NOT_A_NAME.match(stem):
        return stem
    return ""


def unit_name(title: str, text: str, taxonomy: Taxonomy, signature: Iterable[str] = ()) -> tuple[str, bool]:
    """The unit's name from the title or the signature, and whether it was found there (not guessed).

    Otherwise a placeholder stem (XXX党委 → XXX) or XX is completed by the suffix the text uses (全镇 → 镇)."""
    prefix = title_prefix(title, taxonomy)
    for candidate in (prefix, *signature):
        name = name_in(candidate)
        if name:
            return name, True
    stem = ORGAN_OR_OFFICE.sub("", prefix, count=1)
    return (stem if PLACEHOLDER_STEM.fullmatch(stem) else UNKNOWN_NAME) + unit_suffix_from_text(text), False


def level_in_name(name: str, levels: tuple[Category, ...]) -> str | None:
    """The level the name says: by its suffix (镇 → 乡镇, 中心学校 → 企事业单位, a level keyword of the
    taxonomy), or a department's government (XX县…局 → 县直部门, 市政协 → 市直部门)."""
    name = simplified(normalised(name))
    names = {level.name for level in levels}
    by_keyword = [(len(k), level.name) for level in levels for k in level.keywords if len(k) > 1 and name.endswith(k)]
    by_keyword += [(len(suffix), level) for suffix, level in LEVELS_BY_NAME_SUFFIX if name.endswith(suffix)]
    by_keyword = [(length, level) for length, level in by_keyword if level in names]
    if by_keyword:
        return max(by_keyword)[1]
    governments = GOVERNMENT.findall(name[:-1]) if name.endswith(DEPARTMENT_SUFFIXES) else []
    if governments and LEVELS_BY_GOVERNMENT[governments[-1]] in names:
        return LEVELS_BY_GOVERNMENT[governments[-1]]
    return None


def unit_level(name: str, text: str, levels: tuple[Category, ...]) -> str | None:
    """The level the name says, else the level the text mentions most."""
    if level := level_in_name(name, levels):
        return level
    if name.endswith(DEPARTMENT_SUFFIXES):  # XX局: a department, of whichever government the text speaks of
        towns = {level for _, level in LEVELS_BY_NAME_SUFFIX[:4]}
        levels = tuple(level for level in levels if level.name not in towns)
    counts = [(count_keywords(text, level.keywords), -order, level.name) for order, level in enumerate(levels)]
    count, _, best = max(counts, default=(0, 0, ""))
    return best if count else None


def pinyin_part(part: str) -> str:
    """One syllable (or ASCII run) made fit for an id: placeholders X × * all become x."""
    return re.sub(r"[^a-z0-9]", "", part.lower().replace("×", "x").replace("*", "x"))


def unit_slug(name: str, normalised_text: str) -> str:
    """Pinyin of the name; a placeholder name also gets a hash of the text, so unrelated units stay apart."""
    parts = (pinyin_part(p) for p in lazy_pinyin(unicodedata.normalize("NFKC", name)))
    slug = "-".join(p for p in parts if p) or "unit"
    plain = unicodedata.normalize("NFKC", name)
    if PLACEHOLDER.search(plain) or GENERIC_MARK.search(plain):
        slug += "-" + hashlib.sha1(normalised_text.encode("utf-8")).hexdigest()[:4]
    return slug


# --- the public functions -------------------------------------------------------------------------

DataPath = tuple[str | int, ...]  # where a value sits in the unit-file data: ("documents", 0, "year")


@dataclass
class Report:
    """One parsed report: the unit-file data, the guesses to check (by where they sit) and what was dropped."""

    data: dict[str, Any]
    unsure: dict[DataPath, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


TITLE_MAX = 50  # a first line wider than this, or one that ends a sentence, is the first paragraph
TITLE_PART_MAX = 30  # the second line of a title split over two lines is short
# What a report's title ends with: the second line of a split title names the document.
DOCUMENT_NOUN = re.compile(r"(?:报告|总结|汇报|材料|情况|计划|思路|要点|通报)$")
# How an untitled report names itself in its opening: "现将…汇报如下", "向…报告…", "总结如下".
GENRE_VERB = re.compile(r"汇报|报告|总结")
GENRE_OF_VERB = {"汇报": "工作汇报", "报告": "工作汇报", "总结": "工作总结"}


def looks_like_title(text: str) -> bool:
    """A first line that can be the title: short, not a sentence, not a numbered heading."""
    return width(text) <= TITLE_MAX and not ends_sentence(text) and heading_rank(text) is None


def title_lines(lines: list[Line], genres: tuple[Category, ...]) -> tuple[str, list[Line]]:
    """The title ("" when the file has none) and the lines after it; a title whose genre word is
    on a second short line (…学习情况 / 报告) is joined back together."""
    first = lines[0].text
    if not looks_like_title(first) and not is_banner(first):
        return "", lines
    rest = lines[1:]
    if rest and genre_in(classified(first), genres) is None:
        second = rest[0].text
        if (
            width(second) <= TITLE_PART_MAX
            and not ends_sentence(second)
            and heading_rank(second) is None
            and DOCUMENT_NOUN.search(classified(second))
        ):
            return first + second, rest[1:]
    return first, rest


def classified(text: str) -> str:
    """The form of text that keywords are matched against: simplified, half-width, without spaces."""
    return "".join(simplified(normalised(text)).split())


def guessed_year(text: str) -> int | None:
    """A year when none is written as NNNN年: the latest plausible four-digit number in the text."""
    years = [int(m.group(1)) for m in BARE_YEAR.finditer(text)]
    plausible = [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]
    return max(plausible) if plausible else None


def parse_lines(lines: list[Line], source_name: str, taxonomy: Taxonomy) -> Report:
    """The report read from its lines (the first is the title, when it looks like one).

    Every field gets a best guess; the ones the text does not settle are listed in `Report.unsure`.
    Only an empty document is refused."""
    repaired = reflow(lines)
    lines = repaired.lines
    if not lines:
        raise ImportFailure(f"{source_name}: the document is empty")
    title, rest = title_lines(lines, taxonomy.genres)
    frame = split_frame([Line(title), *rest])
    outline = build_outline(frame.body, taxonomy.kinds)
    closing = outline.take_closing()
    guessed_kinds = settle_top_kinds(outline.root.children, {k.name for k in taxonomy.kinds})
    full_text = "\n".join([title, *(line.text for line in frame.body)])
    text_for_keywords = simplified(full_text)
    title_for_keywords = classified(title)
    unsure: dict[DataPath, str] = {}
    doc_path: DataPath = ("documents", 0)

    year = document_year(title_for_keywords, text_for_keywords) or document_year(frame.date, "")
    if year is None:
        year = guessed_year(full_text) or date.today().year
        unsure[(*doc_path, "year")] = "文中没有写明年份，请确认"
    elif not title_years(title_for_keywords):
        unsure[(*doc_path, "year")] = "标题中没有年份，按正文推断"
    genre = genre_in(title_for_keywords, taxonomy.genres)
    if genre is None or genre.name == FALLBACK_GENRE:
        cue = genre_cue(classified("".join(outline.opening)[:GENRE_CUE_SPAN]), taxonomy.genres)
        genre = cue or genre or document_genre("", taxonomy.genres)
        if genre is None:
            genre = taxonomy.genres[-1]
        unsure[(*doc_path, "genre")] = "标题中没有常见文种，按开头用语推断" if cue else "标题中没有常见文种，归入“其他”"
    byline = [frame.body[0].text] if frame.body and width(frame.body[0].text) <= BYLINE_MAX else []
    signature = [*frame.signature, *(classified(text) for text in byline if not SENTENCE_INSIDE.search(text))]
    name, name_found = unit_name(title_for_keywords, text_for_keywords, taxonomy, signature)
    if name_found:
        name = written_name(name, title, [*frame.signature, *byline])
    else:
        unsure[("unit", "name")] = "标题和落款中没有单位名称，按正文推断"
    level = unit_level(name, text_for_keywords, taxonomy.levels)
    if level is None:
        level = taxonomy.levels[0].name
        unsure[("unit", "level")] = "看不出单位层级，请确认"
    elif not name_found or level_in_name(name, taxonomy.levels) is None:
        unsure[("unit", "level")] = "按正文用词推断的层级"
    if not title:
        title = f"{name}{year}年{genre.name}"
        unsure[(*doc_path, "title")] = "文件中没有标题，按单位、年份和文种拟定"
    for position in guessed_kinds:
        draft = outline.root.children[position]
        unsure[(*doc_path, "sections", position, "kind")] = (
            "标题未说明类型，按位置推断" if draft.kinds else "标题未说明类型，请补上 kind"
        )
    if not outline.root.children:
        unsure[(*doc_path, "sections")] = "没有找到小标题，全文放在开头，请分节"

    unit = Unit(unit_slug(name, "".join(full_text.split())), name, level)
    document = Document(
        id=f"{unit.id}-{year}-{genre.slug}",
        title=title,
        year=year,
        genre=genre.name,
        themes=document_themes(title_for_keywords, text_for_keywords, taxonomy.themes),
        unit=unit,
        source=source_name,
        opening=paragraphs(outline.opening),
        sections=tuple(to_section(d, taxonomy.themes) for d in outline.root.children),
        closing=paragraphs(closing),
        subtitle=frame.subtitle,
        salutation=frame.salutation,
        closing_formula=frame.closing_formula,
        signature=tuple(frame.signature),
        date=frame.date,
    )
    data = {"unit": unit_data(unit), "documents": [document_data(document)]}
    return Report(data, unsure, repaired.dropped)


def genre_cue(opening: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre an untitled report gives itself in its opening: "现将…汇报如下" → 工作汇报."""
    verb = GENRE_VERB.search(opening)
    by_name = {genre.name: genre for genre in genres}
    return by_name.get(GENRE_OF_VERB[verb.group()]) if verb else None


def written_name(name: str, title: str, signature: Iterable[str]) -> str:
    """The unit's name as the file writes it (劉集鎮中心校), found from its simplified form."""
    for text in (title, *signature):
        plain = simplified(normalised(text))
        at = plain.find(name)
        if at >= 0 and len(plain) == len(text):
            return text[at : at + len(name)]
    return name


def parse_text(text: str, source_name: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """The unit-file data of one report given as text: its unit and a list holding the one document."""
    try:
        lines = text_lines(text, source_name)
    except ReadFailure as e:
        raise ImportFailure(str(e)) from e
    return parse_lines(lines, source_name, taxonomy).data


def parse_report(path: Path, taxonomy: Taxonomy) -> Report:
    """The report in a file, checked by the loader so that only loadable data comes out."""
    try:
        source = read_source(path)
    except ReadFailure as e:
        raise ImportFailure(str(e)) from e
    return parse_source(source, path, taxonomy)


def parse_source(source: SourceText, path: Path, taxonomy: Taxonomy) -> Report:
    """`parse_report` of lines already read from `path` (a batch reads its files its own way)."""
    report = parse_lines(source.lines, path.name, taxonomy)
    report.dropped = [*source.dropped, *report.dropped]
    unit_id = report.data["unit"]["id"]
    try:
        load_unit_text(dump_yaml(report.data), Path("data/units") / f"{unit_id}.yml", taxonomy)
    except DataError as e:
        raise ImportFailure(f"{path}: the importer made data that does not load (an importer bug):\n{e}") from e
    return report


def parse_path(path: Path, taxonomy: Taxonomy) -> dict[str, Any]:
    """Like `parse_text` for a file."""
    return parse_report(path, taxonomy).data


def read_taxonomy(data_dir: Path) -> Taxonomy:
    """The taxonomy that classifies imports; a broken one stops the import with all its problems."""
    problems: list[Problem] = []
    taxonomy = load_taxonomy(data_dir / "taxonomy.yml", problems)
    if taxonomy is None or problems:
        raise DataError(problems)
    return taxonomy
