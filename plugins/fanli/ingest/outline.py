"""The outline of a report's body: which lines are headings, of what rank, and the section tree.

Headings are rarely marked up, so the outline is recovered from the numbering styles of Chinese
official writing (第一部分 > 一、 > （一） > 1. > （1） > 一是 / 其一, full- or half-width), from Word
heading styles when the file has them, from run-in headings (a numbered first sentence that opens
its paragraph), from labels such as "存在问题：" and from short unnumbered heading lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fanli.core.model import Category
from fanli.core.text import NUMERAL, heading_number, numeral_value, strip_number
from fanli.ingest.classify import WORK_DONE_KIND, heading_kinds
from fanli.ingest.framing import normalised, repeats_title
from fanli.ingest.reading import Line
from fanli.ingest.reflow import ends_sentence, width

# Heading ranks by the form of their numbering (core.text.heading_number): a heading closes every
# open section of its rank or deeper. 一是 / 其一， items are enumerations, ranked apart.
PART_RANK, TOP_RANK, PAREN_RANK, ARABIC_RANK, PAREN_ARABIC_RANK, LABEL_RANK, CIRCLED_RANK, ENUM_RANK = (
    5, 10, 20, 22, 24, 25, 27, 30
)  # fmt: skip
# 一、 二、 … listed inside the first top-level section, after a line announcing them (…做了以下工作：).
RESTARTED_RANK = 15
RANK_OF_FORM = {
    "part": PART_RANK,
    "numeral": TOP_RANK,
    "paren_numeral": PAREN_RANK,
    "digit": ARABIC_RANK,
    "paren_digit": PAREN_ARABIC_RANK,
    "circled": CIRCLED_RANK,
}
# Word heading levels without a number of their own get these ranks, unless numbered headings of
# the same level show the document's own use.
RANK_OF_LEVEL = {1: TOP_RANK, 2: PAREN_RANK, 3: ARABIC_RANK, 4: PAREN_ARABIC_RANK}
# 一是, 二是 … (or 其一，其二 …) at the start of the text or after punctuation or a space: "唯一是" is no item.
ENUMERATION = re.compile(rf"(?:^|(?<=[。；：，！？.;:,!?\s]))(?:([{NUMERAL}]+)是|其([{NUMERAL}]+)(?=[，、：,:]))")
TOP_RANKS = (PART_RANK, TOP_RANK, PAREN_RANK)
ENUM_HEADING_MAX = 40  # an 一是 item whose first sentence is longer is a paragraph, not a heading
UNNUMBERED_HEADING_MIN, UNNUMBERED_HEADING_MAX = 4, 25
SENTENCE_INSIDE = re.compile(r"[。！？；!?;：:]")
LABEL = re.compile(r"^([^，。；！？、：:“”‘’\s]{1,12})[：:]")
SENTENCE_END = re.compile(r"[。！？][”’）」』]*")
LATER_KINDS = frozenset({"问题", "原因", "打算"})  # after one of these, unclassified sections get no kind
PLAN_KIND = "打算"
# A paragraph announcing the plan that the next headings set out: "…特制定了2022年工作计划如下：".
PLAN_ANNOUNCED = re.compile(r"(?:计划|打算|安排|思路|设想|措施)如下[：:]?\s*$")


def heading_rank(text: str) -> int | None:
    """The rank of the numbering that opens `text` (一、 （一） 〔一〕 1. …), None for an unnumbered line
    or an 一是 item. Compatibility forms (⑴, ⒈) are read through their NFKC form."""
    number = heading_number(text) or heading_number(normalised(text[:12]))
    return RANK_OF_FORM.get(number[0]) if number else None


def heading_value(text: str) -> int:
    """The value of the numeral numbering a heading (第二章 → 2, 三、 → 3), 0 when it has none."""
    number = heading_number(text)
    numerals = re.sub(f"[^{NUMERAL}]", "", number[1]) if number else ""
    return numeral_value(numerals) if numerals else 0


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


# The time a section's text opens with: "…工作回顾2021年是…", "…工作回顾过去一年，…", "…工作情况今年以来，…"
# (a heading run into its text, no stop between).
OPENING_TIME = re.compile(r"(?:19|20)\d{2}\s*年|过去的?一年|一年来|今年以来|年初以来|近年来")


def opening_time_cut(heading: str, kinds: tuple[Category, ...]) -> int | None:
    """Where a run-in heading really ends (a long one, or a first sentence with more text after it),
    when its text follows it without punctuation: after a section-kind keyword (its head noun,
    工作回顾) that the time opening the text follows, within the first ENUM_HEADING_MAX characters.
    None when there is no such place."""
    for kind in kinds:
        for keyword in kind.keywords:
            at = heading.find(keyword, 0, ENUM_HEADING_MAX)
            end = at + len(keyword)
            if at >= 0 and OPENING_TIME.match(heading, end):
                return end
    return None


# The number of a heading's first subsection run in after it, N.1 under chapter or part N:
# "第一章…背景与总体结论1.1背景××市…". Between two Chinese characters, so no decimal number (增长1.5倍…
# needs the heading's own number before the dot, and a 1 after it).
SUBSECTION_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])(\d{1,2})[.．]1(?=[\u4e00-\u9fff])")


def first_subsection_cut(heading: str) -> int | None:
    """Where a numbered heading run into its text ends before its first subsection's number (N.1)."""
    value = heading_value(heading)
    start = len(heading) - len(strip_number(heading))
    for match in SUBSECTION_NUMBER.finditer(heading, start, start + ENUM_HEADING_MAX):
        if value and int(match.group(1)) == value:
            return match.start()
    return None


CLAUSE_BREAK = re.compile(r"[，,、。；;：:！？!?“”\s]")
# The first clause of a heading, up to its comma: "抓好履职尽责，" of 一、抓好履职尽责，发挥部门作用.
FIRST_HEADING_CLAUSE = re.compile(r"[^，,、。；;：:！？!?“”\s]{3,12}[，,]")


def parallel_clause_cut(heading: str) -> int | None:
    """Where a long run-in heading of two matched clauses ends (一、抓好履职尽责，发挥部门作用区政府办公室
    作为…): headings pair clauses of one length, so the second ends as long as the first. None when the
    heading does not open with such a clause, its second clause stops sooner, or punctuation follows it."""
    number = len(heading) - len(strip_number(heading))
    first = FIRST_HEADING_CLAUSE.match(heading, number)
    if first is None:
        return None
    size = first.end() - first.start() - 1
    second = heading[first.end() : first.end() + size]
    end = first.end() + size
    if len(second) < size or CLAUSE_BREAK.search(second) or CLAUSE_BREAK.match(heading, end):
        return None  # a third clause after a comma: the heading is a sentence, not run into its text
    return end


# A numbered heading that is a short phrase and a colon, its text run in after it: 一、产业发展：某公司…
LEAD_COLON = re.compile(r"[^，,、。；;：:！？!?“”‘’《》\s]{2,12}[：:]")


def lead_colon_cut(text: str) -> int | None:
    """Where a numbered heading of a short phrase ending in a colon ends, when text follows it on the
    line (一、产业发展：湖北某公司占地…); None otherwise."""
    start = len(text) - len(strip_number(text))
    lead = LEAD_COLON.match(text, start)
    return lead.end() if lead and text[lead.end() :].strip() else None


@dataclass
class Draft:
    """A section while the outline is being built."""

    heading: str
    rank: int
    run_in: bool = False
    kinds: tuple[str, ...] = ()
    number: int = 0  # an enumeration item's value, so that the next line can continue the sequence
    paragraphs: list[str] = field(default_factory=list)
    children: list[Draft] = field(default_factory=list)


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


class Outline:
    """Builds the section tree line by line; `stack` holds the open sections, innermost last."""

    def __init__(
        self,
        kinds: tuple[Category, ...],
        level_ranks: dict[int, int] | None = None,
        lead_sentences: bool = False,
        title: str = "",
    ):
        self.kinds = kinds
        self.title = title  # repeated in the body (第一篇：…), it heads nothing
        self.level_ranks = level_ranks or RANK_OF_LEVEL
        self.lead_sentences = lead_sentences  # "这一年，我们…。一是…" lines head top-level sections
        self.root = Draft("", 0)
        self.stack = [self.root]
        self.opening: list[str] = []
        self.trailing_lines = 0  # plain lines since the last heading, all added to the innermost section
        self.plan_part = False  # a paragraph in the body announced the plan: the sections after it set it out
        self.top_number = 0  # the number of the open top-level 一、 section
        self.restarted = 0  # the last number of a 一、 二、 … list restarted inside it, 0 when none is open

    def add_line(self, line: Line, rank: int | None = None) -> None:
        """Adds a line; `rank` makes an unnumbered line a heading of that rank."""
        self.trailing_lines = 0 if self._add_structure(line, rank) else self.trailing_lines + 1

    def _add_structure(self, source: Line, rank: int | None) -> bool:
        """Adds a line; False when it was a plain paragraph (a candidate for the closing)."""
        line = source.text
        rank = rank or (None if repeats_title(line, self.title) else heading_rank(line))
        if rank == TOP_RANK and source.level is None:
            rank = self._restarted_rank(line)
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

    def _restarted_rank(self, line: str) -> int:
        """RESTARTED_RANK for a 一、 that restarts the numbering inside the top-level section 一、 after
        a line announcing a list (一年来，我们主要做了以下工作：), and for the 二、 三、 … continuing it
        (not one naming a later part, 二、存在的问题 or 二、下一步打算); TOP_RANK otherwise."""
        value = heading_value(line)
        innermost = self.stack[-1]
        announced = (
            len(self.stack) == 2 and innermost.paragraphs[-1:] and innermost.paragraphs[-1].endswith(("：", ":"))
        )
        later_part = LATER_KINDS & set(heading_kinds(line, self.kinds))  # 二、存在的问题 ends the list
        continued = self.restarted and value == self.restarted + 1 and not later_part
        if continued or (value == 1 and self.top_number == 1 and announced):
            self.restarted = value
            return RESTARTED_RANK
        self.restarted, self.top_number = 0, value
        return TOP_RANK

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

    def _push(self, draft: Draft) -> None:
        last = self.stack[-1].paragraphs[-1:] if len(self.stack) > 1 else []
        self.plan_part = self.plan_part or any(PLAN_ANNOUNCED.search(text) for text in last)
        while self.stack[-1].rank >= draft.rank:
            self.stack.pop()
        if self.stack[-1] is self.root and not draft.kinds:
            draft.kinds = heading_kinds(draft.heading, self.kinds) or ((PLAN_KIND,) if self.plan_part else ())
        self.stack[-1].children.append(draft)
        self.stack.append(draft)

    def _open_heading(self, text: str, rank: int, number: int = 0) -> None:
        heading, body = split_run_in(text)
        if rank < ENUM_RANK and (cut := lead_colon_cut(text) or self._run_in_cut(heading, body)):
            heading, body = text[:cut], text[cut:].strip()
        self._push(Draft(heading, rank, run_in=bool(body), number=number))
        if body and rank < ENUM_RANK:
            self._add_body(body)
        elif body:
            self.stack[-1].paragraphs.append(body)

    def _run_in_cut(self, heading: str, body: str) -> int | None:
        """Where a top-level heading run into its text without punctuation really ends, if found."""
        long = width(heading) > ENUM_HEADING_MAX
        if (long or body) and (cut := opening_time_cut(heading, self.kinds)):  # …工作回顾过去一年是…。
            return cut
        if (long or body) and (cut := first_subsection_cut(heading)):  # 第一章…总体结论1.1背景…
            return cut
        cut = parallel_clause_cut(heading) if long else None
        if cut is not None and not body and width(heading[cut:]) <= ENUM_HEADING_MAX:
            return None  # what follows the two clauses is no paragraph: one long heading sentence
        return cut

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
        self._push(Draft(label.group(0), self._label_rank(kinds[0]), run_in=bool(body), kinds=kinds))
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


# A web page's own notices after the text: never a heading of the report.
SITE_NOTICE = re.compile(
    r"^(?:版权声明|免责声明|相关推荐|相关阅读|相关文章|推荐阅读|热门推荐|猜你喜欢|上一篇|下一篇|分享到)"
)


def heading_like(line: Line, following: Line | None) -> bool:
    """An unnumbered line that reads as a heading: short, no sentence in it, a paragraph after it,
    not a site's notice (版权声明)."""
    text = line.text
    return (
        line.level is None
        and not SITE_NOTICE.match(text.strip())
        and following is not None
        and UNNUMBERED_HEADING_MIN <= width(text) <= UNNUMBERED_HEADING_MAX
        and width(following.text) > width(text)
        and not SENTENCE_INSIDE.search(text)
        and not ends_sentence(text)
        and heading_rank(text) is None
        and ENUMERATION.match(text) is None
    )


# A part of a report named by the period whose work it covers: 关于2020年的工作, 2021年度工作, and in a
# half-year report 上半年工作总结 (its year is the title's).
PERIOD_PART = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}\s*年度?|[上下]半年)的?工作")


def unnumbered_ranks(body: list[Line], kinds: tuple[Category, ...], title: str = "") -> dict[int, int]:
    """Unnumbered heading lines by position, with their rank. Without numbered top-level headings
    each one is a top-level heading (共学共建，让基层组织“强”起来); before the first numbered one,
    only a line naming a section kind (2022年工作回顾) or a period's work (关于2020年的工作) is one,
    a part over the numbered headings.
    The title repeated in the body (a site shows it twice) heads nothing."""
    numbered = [
        i
        for i, line in enumerate(body)
        if line.level is not None or (heading_rank(line.text) in TOP_RANKS and not repeats_title(line.text, title))
    ]
    ranks: dict[int, int] = {}
    for i, line in enumerate(body):
        following = body[i + 1] if i + 1 < len(body) else None
        if not heading_like(line, following) or repeats_title(line.text, title):
            continue
        if not numbered:
            ranks[i] = TOP_RANK
        elif i < numbered[0] and (heading_kinds(line.text, kinds) or PERIOD_PART.match(line.text)):
            ranks[i] = PART_RANK
    return ranks


def build_outline(body: list[Line], kinds: tuple[Category, ...], title: str = "") -> Outline:
    """The outline of the body: by numbering and unnumbered heading lines, else by lead sentences
    before 一是…, else by parallel run-in headings."""
    ranks = level_ranks(body)
    unnumbered = unnumbered_ranks(body, kinds, title)
    outline = Outline(kinds, ranks, title=title)
    for i, line in enumerate(body):
        outline.add_line(line, unnumbered.get(i))
    if outline.root.children:
        return outline
    outline = Outline(kinds, ranks, lead_sentences=True, title=title)
    for line in body:
        outline.add_line(line)
    if outline.root.children:
        return outline
    leads = parallel_leads(body)
    if not leads:
        return outline
    outline = Outline(kinds, ranks, title=title)
    for i, line in enumerate(body):
        outline.add_line(line, TOP_RANK if i in leads else None)
    return outline


PARALLEL_LEAD_MIN, PARALLEL_PREFIX = 8, 2  # a lead sentence this wide at least; openings alike this long


def parallel_leads(body: list[Line]) -> set[int]:
    """Paragraphs headed by run-in headings with no numbers at all: at least two whose short first
    sentences are built alike, two clauses opening with the same words (着眼图表式分责，以坚定的立场
    落实主体责任。 / 着眼链条式传导，…). A time (今年以来，…) opens a paragraph, never a heading."""
    by_opening: dict[str, set[int]] = {}
    for i, line in enumerate(body):
        lead, rest = split_run_in(line.text)
        plain = normalised(lead)
        if (
            rest
            and PARALLEL_LEAD_MIN <= width(lead) <= ENUM_HEADING_MAX
            and "," in plain
            and not OPENING_TIME.match(plain)
        ):
            by_opening.setdefault(plain[:PARALLEL_PREFIX], set()).add(i)
    alike = max(by_opening.values(), key=len, default=set())
    return alike if len(alike) >= 2 else set()


def settle_top_kinds(sections: list[Draft], kind_names: set[str]) -> list[int]:
    """An unclassified top-level section reports work done, unless problems or plans came before.

    Returns the positions of the sections whose kind is such a guess (or missing)."""
    later = False
    guessed = []
    for position, draft in enumerate(sections):
        if not draft.kinds:
            guessed.append(position)
            if not later and WORK_DONE_KIND in kind_names:
                draft.kinds = (WORK_DONE_KIND,)
        later = later or bool(LATER_KINDS & set(draft.kinds))
    return guessed
