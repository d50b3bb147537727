"""Repair the line structure of real report text before its outline is read.

Text copied out of PDFs, document-sharing previews and mirror sites rarely has one paragraph per
line: a PDF copy breaks every 25–40 characters, a preview runs a whole page (or the whole report)
on one line with page markers (1、 2、 3、) in front, a mirror site puts pinyin after characters
(鄉(xiāng)), and invisible control characters ride along. Everything here goes by the shape of
the text (line length, sentence-final punctuation, numbering), never by the site it came from.
Whatever is taken out is returned as `dropped`, one entry per piece, so that nothing is lost
silently.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from fanli.core.text import NUMERAL
from fanli.ingest.reading import Line

# Zero-width and bidirectional control characters: never part of the text a person wrote.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Pinyin a mirror site put after a character: 鄉(xiāng). Only syllables with a tone mark, so that a
# Latin abbreviation in brackets after a character (工业园区(GDP)) is kept. Where the site garbled the
# character into a ? it may have taken the opening bracket with it: 日?qǐng)?bào).
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN = re.compile(
    rf"(?:(?<=[\u3400-\u9fff?？])[(（]|(?<=[?？]))([a-zü{TONE_LETTERS}]*[{TONE_LETTERS}][a-zü{TONE_LETTERS}]*)[)）]"
)
# A page marker of a document-sharing preview: "2、" opening a page-long line.
PAGE_MARKER = re.compile(r"^(\d{1,3})、")
PAGE_MIN_LENGTH = 150  # a page of a preview is long; a numbered item of this length is rare
# A line this long holding spaces between Chinese words is several lines run together.
RUN_TOGETHER_MIN_LENGTH = 150
# A document file's name as a document-sharing site shows it over its preview, alone or as the
# caption of a page image: "…工作总结.docx", "…工作总结.docx_第1页".
FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|pptx?|txt)(?:_第\s*\d+\s*页)?$", re.IGNORECASE)
SITE_LINES_MAX = 30  # the most lines a site shows between a file's name and its preview's first page
# Where a run-together line breaks: a space after a sentence end, or between two Chinese words
# ("报告 各位代表"), or before a number that is not itself spaced out ("报告 2023年1月5日…", but
# not "关于 2025 年度", a PDF's spacing around numbers).
SEGMENT_BREAK = re.compile(
    r"(?<=[。！？；：!?;:])[ \u3000\t]+"
    r"|(?<=[^\x00-\x7f,])[ \u3000\t]+(?=[\u3400-\u9fff“‘《（(—]|\d+[^\s\d.%])"
)
RUN_TOGETHER_MIN_BREAKS = 3  # a stray space or two in a paragraph is no run-together text
OPEN_QUOTES = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": ")", "「": "」"}
# A top-level heading number that starts a new line when it follows a sentence end or a space.
INLINE_HEADING = re.compile(
    rf"(?<=[。！？；;!?\s])(?=第[{NUMERAL}]+(?:部分|章)|[{NUMERAL}]+、|[（(][{NUMERAL}]+[）)])"
    rf"|(?<=[^\s（(])(?=[（(]一[）)])"
)
# The first top-level heading after a sentence end inside a long line ("…工作目标。一、抓好…",
# "…十佳案例。第二章…"): a report run together on one line, however few its other breaks.
FIRST_HEADING_INSIDE = re.compile(rf"[。！？；](?:一、|第[{NUMERAL}]+(?:部分|章))")
HEADING_START = re.compile(rf"^(?:第[{NUMERAL}]+(?:部分|章)|[{NUMERAL}]+、|[（(][{NUMERAL}]+[）)])")
ITEM_START = re.compile(r"^\d{1,2}[.．、](?!\d)")  # "1.加强班子建设": a new paragraph, not "4.8%" wrapped
HEADING_SPACE_MAX = 40  # a numbered heading run into its text by a space: "一、学习情况 2025年，…"
# That space, not the one after a number's digits (一、2020 年度工作总结: a PDF's spacing around numbers).
HEADING_BREAK = re.compile(r"(?<![0-9０-９])\s+")
SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】"
# A hard-wrapped text: most lines end near one width without ending a sentence.
WRAPPED_SHARE = 0.4
FULL_LINE = 0.75  # a line this share of the wrap width or longer runs on into the next
MIN_WRAPPED_LINES = 4
MIN_WRAP_WIDTH = 15  # PDF lines hold 20–40 characters; shorter "full" lines are a list of short items
# A short text shows its wrapping by fewer lines, broken mid-sentence at its widest line: at least
# this many unnumbered open lines, each within WRAP_JITTER of the wrap width (punctuation and Latin
# letters make a PDF line a character longer or shorter), and at least SHORT_WRAP_MIN_WIDTH wide.
SHORT_WRAPPED_LINES, WRAP_JITTER, SHORT_WRAP_MIN_WIDTH = 2, 2.0, 20
# What a report's title ends with: the second line of a split title names the document.
DOCUMENT_NOUN = re.compile(r"(?:报告|总结|汇报|材料|情况|计划|思路|要点|通报|讲话|发言)$")
# A line of spaced-out single characters: "政 府 工 作 报 告".
BANNER = re.compile(r"^[^\x00-\x7f](?:[ \u3000]+[^\x00-\x7f]){2,}$")


@dataclass
class Reflowed:
    """The repaired lines and what was taken out of the text on the way."""

    lines: list[Line]
    dropped: list[str] = field(default_factory=list)


def width(text: str) -> float:
    """Display width without spaces: a Chinese character counts 1, a Latin letter or digit 1/2."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text if not ch.isspace())


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS)[-1:] in tuple(SENTENCE_END)


def clean_characters(text: str, dropped: list[str]) -> str:
    """The line without invisible control characters and inserted pinyin, each listed as dropped."""
    for ch in INVISIBLE.findall(text):
        dropped.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}")
    text = INVISIBLE.sub("", text)
    for match in PINYIN.finditer(text):
        dropped.append(match.group(0))
    return PINYIN.sub("", text)


def page_markers(lines: list[str]) -> bool:
    """Whether the lines are pages of a preview: page-long lines numbered 1、 2、 3、 from the first."""
    numbers = [int(m.group(1)) for line in lines if (m := PAGE_MARKER.match(line))]
    long_marked = [line for line in lines if PAGE_MARKER.match(line) and len(line) >= PAGE_MIN_LENGTH]
    return (
        bool(lines)
        and PAGE_MARKER.match(lines[0]) is not None
        and numbers == list(range(1, len(numbers) + 1))
        and len(long_marked) >= max(1, len(numbers) - 1)
    )


def site_lines_before_pages(lines: list[str]) -> int:
    """How many lines at the top are a document-sharing site's, over a preview whose pages follow
    (1、 2、 …): the file's name, its upload details and page captions. 0 unless a line names a file
    and the pages start within a few lines of the top."""
    for start, line in enumerate(lines[: SITE_LINES_MAX + 1]):
        if start and PAGE_MARKER.match(line) and page_markers(lines[start:]):
            return start if any(FILE_NAME.search(text) for text in lines[:start]) else 0
    return 0


def join_pages(lines: list[str], dropped: list[str]) -> list[str]:
    """Page markers taken off; a page that begins mid-sentence continues the page before."""
    out: list[str] = []
    for line in lines:
        marker = PAGE_MARKER.match(line)
        if marker:
            dropped.append(marker.group(0))
            line = line[marker.end() :]
            if out and not ends_sentence(out[-1]):
                out[-1] += line
                continue
        out.append(line)
    return out


def segments(line: str, page: bool = False) -> list[str]:
    """A run-together line cut where its own lines were: at spaces between Chinese words and
    before a heading number that follows a sentence end. A page of a preview, or a line with the
    first top-level heading inside, is run together whatever its breaks: one is enough to cut at."""
    breaks = len(SEGMENT_BREAK.findall(line)) + len(INLINE_HEADING.findall(line))
    one_is_enough = page or FIRST_HEADING_INSIDE.search(line)
    if len(line) < RUN_TOGETHER_MIN_LENGTH or breaks < (1 if one_is_enough else RUN_TOGETHER_MIN_BREAKS):
        return [line]
    pieces = [p.strip() for p in INLINE_HEADING.split(line)]
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if HEADING_START.match(piece):
            space = next(
                (m for m in HEADING_BREAK.finditer(piece[:HEADING_SPACE_MAX]) if balanced(piece[: m.start()])), None
            )
            if space and not ends_sentence(piece[: space.start()]):
                out.append(piece[: space.start()])
                piece = piece[space.end() :]
        out.extend(p for p in SEGMENT_BREAK.split(piece) if p)
    return out


def balanced(text: str) -> bool:
    """Whether every quotation mark and bracket opened in `text` is closed: "一、“十三" is not."""
    return all(text.count(opener) <= text.count(closer) for opener, closer in OPEN_QUOTES.items())


def wrap_width(lines: list[str]) -> float | None:
    """The width a hard-wrapped text breaks at, None when the text is not hard-wrapped."""
    widths = [width(line) for line in lines]
    candidates = [w for w in widths if w >= 8]
    if len(candidates) < SHORT_WRAPPED_LINES:
        return None
    limit = statistics.quantiles(candidates, n=10)[-1] if len(candidates) >= MIN_WRAPPED_LINES else max(candidates)
    full_open = [
        line for line, w in zip(lines, widths, strict=True) if w >= FULL_LINE * limit and not ends_sentence(line)
    ]
    wrapped = len(full_open) >= max(MIN_WRAPPED_LINES, WRAPPED_SHARE * len(candidates))
    if not wrapped and len(full_open) >= WRAPPED_SHARE * len(candidates):
        wrapped = evenly_broken(full_open, limit)
    return limit if wrapped and limit >= MIN_WRAP_WIDTH else None


def evenly_broken(open_lines: list[str], limit: float) -> bool:
    """Whether a few lines that run on into the next were all broken at the text's widest line: the
    wrapping of a short text. Numbered lines (headings, items) are no evidence: they stand alone anyway."""
    widths = [width(line) for line in open_lines if not HEADING_START.match(line) and not ITEM_START.match(line)]
    return len(widths) >= SHORT_WRAPPED_LINES and min(widths) >= max(SHORT_WRAP_MIN_WIDTH, limit - WRAP_JITTER)


def rejoin(lines: list[str], limit: float) -> list[str]:
    """Hard-wrapped lines joined into paragraphs: a line runs on into the next unless it ends a
    sentence, or it is short (the end of a title or a heading wrapped over two lines, or a title,
    heading or signature on its own), or it is the first and ends on a document's noun (a title as
    wide as the text), or the next one is numbered."""
    out: list[str] = []
    open_paragraph = False  # the last line of `out` continues on the next line
    for number, line in enumerate(lines):
        if open_paragraph and not HEADING_START.match(line) and not ITEM_START.match(line):
            out[-1] = joined(out[-1], line)
        else:
            out.append(line)
        if width(line) < FULL_LINE * limit and not ends_sentence(line):
            open_paragraph = False  # a short line that ends no sentence ends a heading or title
            continue
        if number == 0 and DOCUMENT_NOUN.search(line):  # a title as wide as the text: …工作计划
            open_paragraph = False
            continue
        open_paragraph = not ends_sentence(out[-1])
    return out


def joined(left: str, right: str) -> str:
    """Two pieces of one paragraph; a space is kept only between two Latin words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def reflow(lines: list[Line]) -> Reflowed:
    """The lines of plain text repaired; lines with a Word heading level are kept as they are."""
    dropped: list[str] = []
    if any(line.level is not None for line in lines):
        cleaned = [Line(clean_characters(line.text, dropped), line.level) for line in lines]
        return Reflowed([line for line in cleaned if line.text.strip()], dropped)
    texts = [t for t in (clean_characters(line.text, dropped).strip() for line in lines) if t]
    site = site_lines_before_pages(texts)
    dropped += texts[:site]
    texts = texts[site:]
    pages = page_markers(texts)
    if pages:
        texts = join_pages(texts, dropped)
    texts = [piece for text in texts for piece in segments(text, pages)]
    limit = wrap_width(texts)
    if limit is not None:
        texts = rejoin(texts, limit)
    return Reflowed([Line(text) for text in texts], dropped)


def is_banner(text: str) -> bool:
    """A title spaced out letter by letter: 政 府 工 作 报 告."""
    return bool(BANNER.match(text.strip()))
