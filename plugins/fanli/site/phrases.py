"""The phrase library: curated phrases and phrases mined from the reports, each with every occurrence.

Mining looks for the formulaic patterns of 公文 (see docs): quoted concepts (“一岗双责”), numbered
formulations (四个意识, 三重一大), parallel series (知敬畏、存戒惧、守底线), set four-character
phrases standing in runs (激浊扬清，正气满盈), and the set sentences that open and close reports.
Pure functions of the model; the work is done once per distinct text, so a library that repeats
its paragraphs (as reports copied from each other do) is mined at the cost of its distinct text.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from fanli.core.model import Document, Library, Phrase
from fanli.core.text import CLOSING, COUNTING_NUMERAL, NUMERAL, OPENING
from fanli.site.fingerprint import link_shown
from fanli.site.indexes import PlanMemo, newest_first, placed_paragraphs

# How a phrase was found; the order is the order of the library's sections.
QUOTED, NUMBERED, SERIES, FOUR = "引号概念", "数字概括", "排比", "四字短语"
OPENER, CLOSER, CURATED = "开头", "结尾", "收录"
PATTERNS = (CURATED, QUOTED, NUMBERED, SERIES, FOUR, OPENER, CLOSER)
PATTERN_SLUGS = {
    CURATED: "curated", QUOTED: "quoted", NUMBERED: "numbered", SERIES: "series", FOUR: "four",
    OPENER: "opening", CLOSER: "closing",
}  # fmt: skip

CJK = "\u4e00-\u9fff"
QUOTE = re.compile(rf"“([{CJK}]{{2,8}})”")
# 两个维护, 四种形态, 八项规定: a numeral above one (two is 两 before a measure word), a measure
# word and a two-character head
COUNTED = re.compile(rf"(?<![{COUNTING_NUMERAL}])[两{NUMERAL[2:]}][个种项条][{CJK}]{{2}}")
OPENING_QUOTES = frozenset("“‘「『\"'")
# 3–4-character items joined by 、, standing alone between punctuation: 知敬畏、存戒惧、守底线
NOT_AROUND = rf"{CJK}、A-Za-zＸ×*＊\d"  # a series touching text or a placeholder is part of a longer clause
NOT_AROUND_CHARS = re.compile(rf"[{NOT_AROUND}]")
SERIES_RUN = re.compile(rf"(?<![、])([{CJK}]{{3,4}}(?:、[{CJK}]{{3,4}})+)(?![{NOT_AROUND}])")
CLAUSE = re.compile(r"[^，、；。：！？“”（）()\s]+|[，、；。：！？“”（）()\s]")
LEADERSHIP = re.compile(rf"在[{CJK}、]{{2,40}}(?:领导|指导)下")
REPORT_AS_FOLLOWS = re.compile(r"现将[^。；！？]{2,40}?如下")
SENTENCE = re.compile(r"[^。！？]+[。！？]")
PAIR_SEPARATORS = frozenset("，；")  # 、 joins lists of nouns (思想建设、组织建设), not set phrases
MAX_CLOSER = 30
# Four-character clauses built on the generic words of reports are ordinary wording, not set phrases.
GENERIC_WORDS = ("工作", "情况", "问题", "机制", "现象", "发挥", "责任", "一起")
NAME_ENDINGS = ("室", "站", "中心", "平台")
NAME_AFTER = ("”服务平台", "”平台", "”项目", "”品牌", "”APP")
MIN_SHORT_COUNT = 2  # a two-character quoted concept used once (“前哨”, “过关”) is emphasis, not a set phrase
LEAD_VERBS = frozenset({"坚持", "做到", "确保", "始终", "真正", "切实", "努力", "实现", "注重", "推动"})
LEADING_WORDS = frozenset("和与及对在把将从")  # a series starting with one of these is a clause (和市委、市政府)


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph with where it sits: the section kind and themes that apply to it."""

    document: Document
    anchor: str
    text: str
    kinds: tuple[str, ...]
    themes: tuple[str, ...]

    def __fingerprint__(self) -> object:
        """What the phrase library shows of it: a link (`fingerprint.link_shown`), the text around a
        phrase, and the kinds, themes and year its phrases are filtered and counted by."""
        return (*link_shown(self.document, self.anchor), self.text, self.kinds, self.themes)


@dataclass(frozen=True, slots=True)
class Occurrence:
    passage: Passage
    start: int
    end: int

    def context(self, width: int = 30) -> tuple[str, str, str]:
        """The text before, the phrase itself, and the text after (KWIC)."""
        text = self.passage.text
        before = text[max(0, self.start - width) : self.start]
        after = text[self.end : self.end + width]
        return (
            ("…" if self.start > width else "") + before,
            text[self.start : self.end],
            after + ("…" if self.end + width < len(text) else ""),
        )


@dataclass
class PhraseEntry:
    """One phrase of the library with every place it occurs, newest first."""

    text: str
    pattern: str
    category: str = ""  # a section kind or phrase function (curated phrases; openings and closings)
    curated: Phrase | None = None
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return "p" + hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:10]

    def __fingerprint__(self) -> object:
        """What a page or data script shows of the phrase as a whole (`site.fingerprint`): the phrase,
        how it was found, and the summaries of its occurrences. Not the occurrences themselves: a page
        of them lists its own (`plan.ContextGroup`), and every page of a common phrase would otherwise
        be made again when one of its occurrences changes."""
        return (self.text, self.pattern, self.category, self.curated, self.count, self.kinds, self.themes, self.years)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    # Summaries of the occurrences, computed once: every page of a phrase shows them.
    @cached_property
    def kinds(self) -> list[str]:
        return [k for k, _ in Counter(k for o in self.occurrences for k in o.passage.kinds).most_common()]

    @cached_property
    def themes(self) -> list[str]:
        themes = Counter(t for o in self.occurrences for t in o.passage.themes)
        if self.curated:
            themes.update(self.curated.tags)
        return [t for t, _ in themes.most_common()]

    @cached_property
    def years(self) -> Counter[int]:
        return Counter(o.passage.document.year for o in self.occurrences)

    @cached_property
    def units(self) -> Counter[str]:
        """Occurrences by unit id."""
        return Counter(o.passage.document.unit.id for o in self.occurrences)


# --- passages ------------------------------------------------------------------------------


def passages(doc: Document) -> Iterator[Passage]:
    """Every paragraph of the document in reading order, with its kinds and themes (`indexes.placed_paragraphs`)."""
    for placed in placed_paragraphs(doc):
        yield Passage(doc, placed.paragraph.anchor, placed.paragraph.text, placed.kinds, placed.themes)


# --- mining one text -----------------------------------------------------------------------


def _clauses(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in CLAUSE.finditer(text)]


def _is_cjk(chunk: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in chunk)


def four_character_runs(text: str) -> Iterator[tuple[int, str]]:
    """Four-character clauses that stand beside another one (激浊扬清，正气满盈): the set phrases of 公文."""
    parts = _clauses(text)
    for i, (start, chunk) in enumerate(parts):
        if not _set_phrase_shape(chunk):
            continue
        neighbours = (parts[j] for j in (i - 2, i + 2) if 0 <= j < len(parts))
        separators = (parts[j][1] for j in (i - 1, i + 1) if 0 <= j < len(parts))
        pairs = [
            n
            for n, sep in zip(neighbours, separators, strict=False)
            if sep in PAIR_SEPARATORS and _set_phrase_shape(n[1])
        ]
        if pairs:
            yield start, chunk


def _set_phrase_shape(chunk: str) -> bool:
    return len(chunk) == 4 and _is_cjk(chunk) and not any(word in chunk for word in GENERIC_WORDS)


def mine_text(text: str) -> list[tuple[str, int, int]]:
    """(pattern, start, end) of every formulaic phrase in a paragraph, leftmost first, not overlapping in kind."""
    found: list[tuple[str, int, int]] = []
    for m in QUOTE.finditer(text):
        if m.group(1).endswith(NAME_ENDINGS) or text.startswith(NAME_AFTER, m.end(1)):
            continue  # the name of a platform, project or office, not wording to reuse
        pattern = NUMBERED if m.group(1)[0] in COUNTING_NUMERAL else QUOTED
        found.append((pattern, m.start(1), m.end(1)))
    quoted = {(s, e) for _, s, e in found}
    for m in COUNTED.finditer(text):
        if not any(s <= m.start() < e for s, e in quoted):
            found.append((NUMBERED, m.start(), m.end()))
    series_spans = []
    for m in SERIES_RUN.finditer(text):
        items = m.group(1).split("、")
        lengths = {len(item) for item in items}
        # Inside a clause, only a series of four-character items after a lead verb (坚持抓早抓小、防微杜渐).
        after_text = m.start(1) > 0 and NOT_AROUND_CHARS.match(text[m.start(1) - 1]) is not None
        led = (
            lengths == {4}
            and text[max(0, m.start(1) - 2) : m.start(1)] in LEAD_VERBS
            and (m.start(1) < 3 or NOT_AROUND_CHARS.match(text[m.start(1) - 3]) is None)
        )
        if len(lengths) == 1 and items[0][0] not in LEADING_WORDS and (led or not after_text):
            found.append((SERIES, m.start(1), m.end(1)))
            series_spans.append((m.start(1), m.end(1)))
    for start, chunk in four_character_runs(text):
        inside_series = any(s <= start < e and text[s:e] != chunk for s, e in series_spans)
        if not inside_series:
            found.append((FOUR, start, start + len(chunk)))
    return sorted(found, key=lambda f: (f[1], f[2]))


def stands_alone(occurrence: Occurrence) -> bool:
    """A numbered formulation is a term of its own somewhere: quoted (“四个意识”), or ending where its
    words end (落实中央八项规定，). Numeral, measure word and noun running on into the clause are a
    quantity (连续两个季度获得, 五个扶贫村各建立): the term's other occurrences may run on, a quantity's all do."""
    text, start, end = occurrence.passage.text, occurrence.start, occurrence.end
    quoted = start > 0 and text[start - 1] in OPENING_QUOTES
    return quoted or end == len(text) or not _is_cjk(text[end])


def mine_opening(text: str) -> list[tuple[str, int, int]]:
    """Set sentences of an opening: who led (在县委的坚强领导下…), 现将…如下, and a leading couplet."""
    found = [(OPENER, m.start(), m.end()) for m in LEADERSHIP.finditer(text)]
    found += [(OPENER, m.start(), m.end()) for m in REPORT_AS_FOLLOWS.finditer(text)]
    first = SENTENCE.match(text)
    if first and _is_couplet(first.group()):
        found.append((OPENER, 0, first.end()))
    return found


def mine_closing(text: str) -> list[tuple[str, int, int]]:
    """The closing's first sentence when it is short and general (新征程赋予新使命，新篇章呼唤新作为。)."""
    first = SENTENCE.match(text)
    if first and len(first.group()) <= MAX_CLOSER and _is_cjk_sentence(first.group()):
        return [(CLOSER, 0, first.end())]
    return []


def _is_couplet(sentence: str) -> bool:
    clauses = [c for _, c in _clauses(sentence) if len(c) > 1 or c not in "，；。"]
    return len(clauses) >= 2 and all(len(c) == 4 and _is_cjk(c) for c in clauses)


def _is_cjk_sentence(sentence: str) -> bool:
    return all(_is_cjk(c) for _, c in _clauses(sentence) if len(c) > 1 or c not in "，、；。！？")


# --- the library ---------------------------------------------------------------------------


def phrase_library(library: Library, memo: PlanMemo | None = None) -> list[PhraseEntry]:
    """Curated phrases first (in file order), then mined ones by pattern and count; occurrences newest first."""
    entries: dict[str, PhraseEntry] = {}
    for phrase in library.phrases:
        entries[phrase.text] = PhraseEntry(phrase.text, CURATED, phrase.category, phrase)
    curated = re.compile("|".join(re.escape(p.text) for p in sorted(library.phrases, key=lambda p: -len(p.text))))
    cache: dict[tuple[str, str], list[tuple[str, int, int]]] = {}

    def document_hits(doc: Document) -> tuple[tuple[str, str, Occurrence], ...]:
        """(phrase, pattern, occurrence) of every phrase in the document, in reading order."""
        found = []
        for passage in passages(doc):
            part = passage.kinds[0] if passage.kinds[:1] in ((OPENING,), (CLOSING,)) else ""
            key = (part, passage.text)
            hits = cache.get(key)
            if hits is None:
                hits = cache[key] = _mine_passage(key[0], passage.text, curated if library.phrases else None)
            found += [  # one copy of each phrase's text, however many times it is found
                (sys.intern(passage.text[start:end]), pattern, Occurrence(passage, start, end))
                for pattern, start, end in hits
            ]
        return tuple(found)

    memo = memo or PlanMemo()
    mined = ("phrases", tuple(p.text for p in library.phrases))  # what is found depends on the curated phrases
    for doc in newest_first(library.documents):
        for text, pattern, occurrence in memo.get(mined, doc, document_hits):
            entry = entries.get(text)
            if entry is None:
                category = {OPENER: "开头引入", CLOSER: "总结收尾"}.get(pattern, "")
                entry = entries[text] = PhraseEntry(text, pattern, category)
            entry.occurrences.append(occurrence)
    for text, entry in list(entries.items()):
        if entry.curated is None and len(text) == 2 and entry.count < MIN_SHORT_COUNT:
            del entries[text]
        elif entry.curated is None and entry.pattern == NUMBERED and not any(map(stands_alone, entry.occurrences)):
            del entries[text]  # a count of things (连续两个季度获得, 五个扶贫村), never a term of its own
    order = {p: i for i, p in enumerate(PATTERNS)}
    curated_entries = [entries[p.text] for p in library.phrases]
    found = sorted(
        (e for e in entries.values() if e.curated is None), key=lambda e: (order[e.pattern], -e.count, e.text)
    )
    return [memo.same(("phrase", e.text), e) for e in curated_entries + found]


def _mine_passage(where: str, text: str, curated: re.Pattern[str] | None) -> list[tuple[str, int, int]]:
    hits = mine_text(text)
    if where == OPENING:
        hits += mine_opening(text)
    elif where == CLOSING:
        hits += mine_closing(text)
    if curated is not None:
        hits += [(CURATED, m.start(), m.end()) for m in curated.finditer(text)]
    seen: set[tuple[int, int]] = set()
    unique = []
    for hit in hits:  # one occurrence per place, whatever found it
        if (hit[1], hit[2]) not in seen:
            seen.add((hit[1], hit[2]))
            unique.append(hit)
    return unique


def mined_only(entries: Iterable[PhraseEntry]) -> list[PhraseEntry]:
    return [e for e in entries if e.curated is None]
