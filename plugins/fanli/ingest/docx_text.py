"""The body text of a .docx file, one entry per paragraph, as a reader sees it on the page.

Word's automatic list numbering is not in the paragraph's text: it is computed from the list
definitions in numbering.xml. It is rebuilt here (一、 （一） 1. …) because the numbering is what
tells the parser the outline. Headers, footers and footnotes are not body text and are not read.
Tables are kept: each row becomes one paragraph, its cells joined by a vertical bar.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from fanli.core.errors import FanliError

CELL_SEPARATOR = " | "
# What python-docx raises for a file that is no Word document or a damaged one (UnsafeDocx is a ValueError).
DOCX_ERRORS = (zipfile.BadZipFile, PackageNotFoundError, LxmlError, KeyError, ValueError)
MAX_UNPACKED = 200 * 1024 * 1024  # bytes a .docx may unpack to; a 300-page report with photos is far below
HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*([1-9])$", re.IGNORECASE)
TITLE_STYLES = ("title", "标题")
CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_count(n: int) -> str:
    """一 … 九十九 as Word's chineseCounting format writes them."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting"):
        return chinese_count(n) if n < 100 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    return str(n)


class ListNumbers:
    """Counts the items of Word's lists and writes each item's visible number."""

    def __init__(self, document: docx.document.Document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, format, text)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is not None:
                self.levels[num.get(qn("w:numId"))] = {
                    int(lvl.get(qn("w:ilvl"), "0")): _level_format(lvl) for lvl in definition.findall(qn("w:lvl"))
                }

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of list `num_id` at level `ilvl`, as printed ("（二）"); deeper levels restart."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def placeholder(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters.get(level, levels.get(level, (1, "", ""))[0])
            return format_number(value, levels.get(level, (1, "decimal", ""))[1])

        return re.sub(r"%([1-9])", placeholder, text)


def _level_format(lvl) -> tuple[int, str, str]:
    def val(tag: str, default: str) -> str:
        element = lvl.find(qn(tag))
        return element.get(qn("w:val"), default) if element is not None else default

    return int(val("w:start", "1")), val("w:numFmt", "decimal"), val("w:lvlText", "")


class ParagraphStyles:
    """Each paragraph's style, looked up once per style: python-docx scans every style of the
    document on each `paragraph.style` (0.4 s a file for LibreOffice's .docx, before this cache)."""

    def __init__(self) -> None:
        self.by_id: dict[str | None, ParagraphStyle | None] = {}

    def of(self, paragraph: Paragraph) -> ParagraphStyle | None:
        style_id = paragraph._p.style
        if style_id not in self.by_id:
            self.by_id[style_id] = paragraph.style
        return self.by_id[style_id]


def _num_pr(paragraph: Paragraph, style: ParagraphStyle | None):
    """The paragraph's list membership, from its own properties or else from its style's."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return p_pr.numPr
    style_p_pr = style.element.pPr if style is not None else None
    return style_p_pr.numPr if style_p_pr is not None else None


def paragraph_level(style: ParagraphStyle | None) -> int | None:
    """0 for a Title, n for Heading n (English or Chinese style names), None for body text."""
    name = (style.name if style is not None else "") or ""
    if name.lower() in TITLE_STYLES:
        return 0
    match = HEADING_STYLE.match(name)
    return int(match.group(1)) if match else None


def paragraph_text(paragraph: Paragraph, numbers: ListNumbers, style: ParagraphStyle | None) -> str:
    text = paragraph.text.strip()
    num_pr = _num_pr(paragraph, style)
    if num_pr is None or not text:
        return text
    num_id = num_pr.numId.val if num_pr.numId is not None else None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    if num_id is None or num_id == 0:
        return text
    return numbers.label(str(num_id), ilvl) + text


class UnsafeDocx(FanliError, ValueError):
    """A .docx that must not be unpacked: encrypted parts, or more data inside than any report has."""


def check_package(path: Path) -> None:
    """Refuse a package before unpacking it, from what its zip directory declares (zipfile never
    inflates an entry beyond its declared size, so the declared sizes bound the work)."""
    with zipfile.ZipFile(path) as package:
        entries = package.infolist()
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UnsafeDocx("its parts are password-protected; save it again without a password")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED:
        raise UnsafeDocx(
            f"it would unpack to {unpacked // 2**20:,} MB (more than {MAX_UNPACKED // 2**20} MB): not read"
        )


def docx_lines(path: Path) -> list[tuple[str, int | None]]:
    """(text, outline level) of every non-empty body paragraph and table row, in reading order."""
    check_package(path)
    document = docx.Document(str(path))
    numbers = ListNumbers(document)
    styles = ParagraphStyles()
    lines: list[tuple[str, int | None]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = styles.of(block)
            text = paragraph_text(block, numbers, style)
            if text:
                lines.append((text, paragraph_level(style)))
        else:
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                row_text = CELL_SEPARATOR.join(dict.fromkeys(c for c in cells if c))  # merged cells repeat
                if row_text:
                    lines.append((row_text, None))
    return lines
