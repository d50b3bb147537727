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
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from fanli.core.dump import document_data, dump_yaml, unit_data
from fanli.core.load import DataError, Problem, load_taxonomy, load_unit_text
from fanli.core.model import Category, Document, Paragraph, Section, Taxonomy, Unit
from fanli.ingest.framing import normalised, split_frame
from fanli.ingest.reading import Line, ReadFailure, SourceText, read_source, text_lines

NUMERAL = "一二三四五六七八九十"
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
LABEL = re.compile(r"^([^，。；！？、：:“”‘’\s]{1,12})[：:]")
SENTENCE_END = re.compile(r"[。！？][”’）」』]*")
KIND_CONNECTORS = re.compile(r"[及和与暨、]")
YEAR = re.compile(r"(?<!\d)(\d{4})年")
FIRST_YEAR, LAST_YEAR = 1990, 2100
PLACEHOLDER = re.compile(r"[X×*某]")
PLACEHOLDER_STEM = re.compile(r"[X×*]+")

SECTION_ONLY_KINDS = ("开头", "结尾")  # these name the opening and closing, never a section
DEFAULT_KIND = "成效"
LATER_KINDS = frozenset({"问题", "原因", "打算"})  # after one of these, unclassified sections get no kind
MIN_THEME_MENTIONS = 3
MAX_DOCUMENT_THEMES = 5
FALLBACK_GENRE = "其他"

UNIT_SUFFIXES = (
    "街道", "社区", "乡", "镇", "村", "县", "区", "市", "委", "局", "办", "厅", "部", "院", "所", "站",
    "中心", "公司", "集团", "学校", "医院",
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
LEVELS_BY_NAME_SUFFIX = (("街道", "街道"), ("社区", "街道"), ("乡", "乡镇"), ("镇", "乡镇"))
# A department (局, 委, 办 …) belongs to the level of the government named before it: XX县…局 → 县直部门.
DEPARTMENT_SUFFIXES = ("局", "委", "办", "厅", "部", "院", "所", "站", "中心")
LEVELS_BY_GOVERNMENT = {"省": "省直部门", "市": "市直部门", "县": "县直部门", "区": "县直部门"}
GOVERNMENT = re.compile(r"[省县区]|市(?!场)")  # 市场监管局 is no city's
UNKNOWN_NAME = "XX"
# What follows a unit's name in a title or signature: its organ and the office of the person reporting.
ORGAN_OR_OFFICE = re.compile(
    r"(?:党工委|党委|党组|党支部|委员会|领导班子|班子成员|班子|人民政府|政府|办事处"
    r"|副?书记|镇长|乡长|主任|局长|部长|同志|成员)+$"
)
NOT_A_NAME = re.compile(r"^(?:在|关于|全|我)")  # "在全镇…会议上的讲话": no unit named


class ImportFailure(Exception):
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


def numeral_value(numeral: str) -> int:
    """The value of a Chinese numeral from 一 to 九十九, 0 when it is none."""
    digits = {c: i for i, c in enumerate(NUMERAL[:9], start=1)}
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return digits.get(numeral, 0) if len(numeral) == 1 else 0
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in digits) or (ones and ones not in digits):
        return 0
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


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

    def __init__(self, kinds: tuple[Category, ...], level_ranks: dict[int, int] | None = None):
        self.kinds = kinds
        self.level_ranks = level_ranks or RANK_OF_LEVEL
        self.root = _Draft("", 0)
        self.stack = [self.root]
        self.opening: list[str] = []
        self.trailing_lines = 0  # plain lines since the last heading, all added to the innermost section

    def add_line(self, line: Line) -> None:
        self.trailing_lines = 0 if self._add_structure(line) else self.trailing_lines + 1

    def _add_structure(self, source: Line) -> bool:
        """Adds a line; False when it was a plain paragraph (a candidate for the closing)."""
        line = source.text
        rank = heading_rank(line)
        if rank is None and source.level is not None:
            rank = self.level_ranks.get(source.level, ENUM_RANK if source.level else TOP_RANK)
        if rank is not None:
            self._open_heading(line, rank)
        elif starts := self._line_enumeration(line):
            self._open_items(line, starts)
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

    def _open_items(self, text: str, starts: list[int]) -> None:
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            item = text[start:end].strip()
            number = ENUMERATION.match(item)
            self._open_heading(item, ENUM_RANK, enumeration_value(number) if number else 0)

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
        if len(starts) < 2:
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
    """Years written as NNNN年, in order, leaving out numbers that cannot be a report's year."""
    years = (int(m.group(1)) for m in YEAR.finditer(text))
    return [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]


def document_year(title: str, text: str) -> int | None:
    """The year in the title, else the year the text names most often (the latest when tied)."""
    in_title = plausible_years(title)
    if in_title:
        return in_title[0]
    counts = Counter(plausible_years(text))
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def document_genre(title: str, genres: tuple[Category, ...]) -> Category | None:
    """The genre of the longest genre keyword in the title (述职述廉报告 beats 述职), else 其他."""
    matches = [(len(k), -order, genre) for order, genre in enumerate(genres) for k in genre.keywords if k in title]
    if matches:
        return max(matches, key=lambda m: m[:2])[2]
    return next((g for g in genres if g.name == FALLBACK_GENRE), None)


def document_themes(title: str, text: str, themes: tuple[Category, ...]) -> tuple[str, ...]:
    """Themes of the title, then themes the text dwells on, most mentioned first."""
    chosen = list(themes_in(title, themes))
    mentions = [(count_keywords(text, t.keywords), -order, t.name) for order, t in enumerate(themes)]
    chosen += [name for count, _, name in sorted(mentions, reverse=True) if count >= MIN_THEME_MENTIONS]
    return tuple(dict.fromkeys(chosen))[:MAX_DOCUMENT_THEMES]


def title_prefix(title: str, taxonomy: Taxonomy) -> str:
    """What precedes the year (else the first genre or theme keyword) in the title: the unit's name."""
    year = YEAR.search(title)
    if year:
        return title[: year.start()].strip()
    keywords = [k for axis in (taxonomy.genres, taxonomy.themes) for c in axis for k in c.keywords]
    starts = [title.find(k) for k in keywords if k in title]
    return title[: min(starts)].strip() if starts else ""


def unit_suffix_from_text(text: str) -> str:
    """The kind of unit the text speaks of as its own (全镇 → 镇, 我委 → 委), or ""."""
    counts = [(count_keywords(text, cues), -order, suffix) for order, (suffix, cues) in enumerate(UNIT_SELF_REFERENCES)]
    count, _, suffix = max(counts)
    return suffix if count else ""


def name_in(text: str) -> str:
    """The unit named at the start of a title prefix or signature ("XX镇党委书记 张三" → "XX镇"), or ""."""
    words = text.split()
    stem = ORGAN_OR_OFFICE.sub("", words[0], count=1) if words else ""
    if len(stem) > 1 and stem.endswith(UNIT_SUFFIXES) and not NOT_A_NAME.match(stem):
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
    """The level the name says: by its suffix (镇 → 乡镇), or a department's government (XX县…局 → 县直部门)."""
    names = {level.name for level in levels}
    for suffix, level in LEVELS_BY_NAME_SUFFIX:
        if name.endswith(suffix) and level in names:
            return level
    governments = GOVERNMENT.findall(name[:-1]) if name.endswith(DEPARTMENT_SUFFIXES) else []
    if governments and LEVELS_BY_GOVERNMENT[governments[-1]] in names:
        return LEVELS_BY_GOVERNMENT[governments[-1]]
    return None


def unit_level(name: str, text: str, levels: tuple[Category, ...]) -> str | None:
    """The level the name says, else the level the text mentions most."""
    if level := level_in_name(name, levels):
        return level
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
    if PLACEHOLDER.search(unicodedata.normalize("NFKC", name)):
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


def parse_lines(lines: list[Line], source_name: str, taxonomy: Taxonomy) -> Report:
    """The report read from its lines (the first is the title)."""
    if not lines:
        raise ImportFailure(f"{source_name}: the document is empty")
    frame = split_frame(lines)
    title = frame.title
    outline = _Outline(taxonomy.kinds, level_ranks(frame.body))
    for line in frame.body:
        outline.add_line(line)
    if not outline.root.children:
        raise ImportFailure(
            f"{source_name}: no headings found (一、 （一） 1. 第一部分 一是… or Word heading styles); "
            "is it a report? Number its headings and try again"
        )
    closing = outline.take_closing()
    guessed_kinds = settle_top_kinds(outline.root.children, {k.name for k in taxonomy.kinds})
    full_text = "\n".join([title, *(line.text for line in frame.body)])
    unsure: dict[DataPath, str] = {}
    doc_path: DataPath = ("documents", 0)

    year = document_year(title, full_text) or document_year(frame.date, "")
    if year is None:
        raise ImportFailure(f"{source_name}: no year found in the title or the text")
    if not plausible_years(title):
        unsure[(*doc_path, "year")] = "标题中没有年份，按正文推断"
    genre = document_genre(title, taxonomy.genres)
    if genre is None:
        raise ImportFailure(f"{source_name}: no genre keyword in the title and no genre '{FALLBACK_GENRE}'")
    if genre.name == FALLBACK_GENRE:
        unsure[(*doc_path, "genre")] = "标题中没有常见文种，归入“其他”"
    name, name_found = unit_name(title, full_text, taxonomy, frame.signature)
    if not name_found:
        unsure[("unit", "name")] = "标题和落款中没有单位名称，按正文推断"
    level = unit_level(name, full_text, taxonomy.levels)
    if level is None:
        raise ImportFailure(f"{source_name}: cannot tell the level of the unit '{name}'")
    if not name_found or level_in_name(name, taxonomy.levels) is None:
        unsure[("unit", "level")] = "按正文用词推断的层级"
    for position in guessed_kinds:
        draft = outline.root.children[position]
        unsure[(*doc_path, "sections", position, "kind")] = (
            "标题未说明类型，按位置推断" if draft.kinds else "标题未说明类型，请补上 kind"
        )

    unit = Unit(unit_slug(name, "".join(full_text.split())), name, level)
    document = Document(
        id=f"{unit.id}-{year}-{genre.slug}",
        title=title,
        year=year,
        genre=genre.name,
        themes=document_themes(title, full_text, taxonomy.themes),
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
    return Report({"unit": unit_data(unit), "documents": [document_data(document)]}, unsure)


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
    report.dropped = source.dropped
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
