"""The text layer of a .pdf, as paragraphs, with the page furniture set apart.

pypdfium2 (PDFium, Chrome's PDF engine) was chosen over pdfplumber by measurement on Chinese
PDFs (docs/pdf-libraries.md): same reading order, 15–20 times faster. PDFium gives every
character with its box; lines are rebuilt from those so that each line's left and right edges
are known, which is what re-flows a paragraph hard-wrapped at the page's right margin:

- a line that reaches the right margin, or a long one that stops mid-sentence (line-breaking rules
  keep `“思”` together), continues on the next line unless that one is indented (a Chinese
  paragraph's first line is indented by two characters) — across pages too;
- a space PDFium made up (the gap LibreOffice or Word leave between Chinese and Latin text) is
  dropped next to a Chinese character, kept between Latin words;
- page furniture is the first or last line of a page that is a page number (`第 3 页`, `- 3 -`)
  or that recurs, digits aside, at the top or bottom of other pages (a running header). It is
  returned apart, line by line, so the importer can list it; a line that occurs once is never
  furniture (a header that repeats the line below it, the title, is: the title stays);
- a page with no text layer (a scan) is named by its page number; a file of nothing but such
  pages cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from fanli.core.errors import FanliError

PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*[0-9０-９]{1,4}[-—–－\s]*"
    r"|第\s*[0-9０-９]+\s*页(?:\s*[，,/／]?\s*共\s*[0-9０-９]+\s*页)?"
    r"|[0-9０-９]+\s*[/／]\s*[0-9０-９]+)$"
)
DIGITS = re.compile(r"[0-9０-９]+")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A line ending within three character widths of the right margin reaches it: line-breaking rules
# (no line starts with "，") and Latin digits leave full lines up to two characters short.
MARGIN_CHARS = 3.0
LONG_LINE = 0.6  # of the text width
PARAGRAPH_END = re.compile(r"[。！？；：!?;:][”’」』）)]*$")
INDENT_CHARS = 1.0  # a line starting a character width or more right of the left margin is indented


class PdfFailure(FanliError):
    """The PDF cannot be read; the message says why, for a person."""


@dataclass
class PdfLine:
    """One printed line: its text, its page, and its left and right edges in points."""

    text: str
    page: int
    left: float
    right: float
    char_width: float


@dataclass
class PdfText:
    """The report's paragraphs, the furniture set apart (in page order), and the pages with no text."""

    paragraphs: list[str]
    furniture: list[str]
    pages_without_text: list[int]


def _page_lines(textpage: pdfium.PdfTextPage, page: int) -> list[PdfLine]:
    """The page's characters grouped into lines at PDFium's line breaks."""
    lines: list[PdfLine] = []
    chars: list[str] = []
    boxes: list[tuple[float, float]] = []

    def close_line() -> None:
        text = "".join(chars).strip()
        if text and boxes:
            widths = sorted(right - left for left, right in boxes if right > left)
            width = widths[len(widths) // 2] if widths else 10.0
            lines.append(PdfLine(text, page, min(b[0] for b in boxes), max(b[1] for b in boxes), width))
        chars.clear()
        boxes.clear()

    count = textpage.count_chars()
    raw = textpage.raw
    for index in range(count):
        char = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if char in "\r\n":
            if char == "\n":
                close_line()
            continue
        if char == "\t":
            char = " "
        elif char < " " or char == "\x7f":
            continue  # PDFium's marks (U+0002: a word hyphenated at the line's end), not text
        if char == " " and pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            chars.append("\x00")  # a made-up space: decided below, once both neighbours are known
            continue
        if char.strip():
            left, _bottom, right, _top = textpage.get_charbox(index, loose=True)  # the advance, not the ink
            boxes.append((left, right))
        chars.append(char)
    close_line()
    for line in lines:
        line.text = _settle_generated_spaces(line.text)
    return lines


def _settle_generated_spaces(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        if char != "\x00":
            out.append(char)
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if not (CJK.match(before) or CJK.match(after)) and before.strip() and after.strip():
            out.append(" ")
    return "".join(out)


def _furniture(pages: list[list[PdfLine]]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and running headers or footers: at most two lines at the
    top and two at the bottom of a page, each a page number or a line that, digits aside, stands at
    the edge of another page too. Below a running header that repeats the title, the title stays."""
    shapes: dict[str, set[int]] = {}
    for page, lines in enumerate(pages):
        for line in lines[:2] + lines[-2:]:
            shapes.setdefault(DIGITS.sub("#", line.text), set()).add(page)

    def is_furniture(line: PdfLine, below: PdfLine | None = None) -> bool:
        return (
            bool(PAGE_NUMBER.match(line.text))
            or len(shapes[DIGITS.sub("#", line.text)]) >= 2
            or (below is not None and below.text == line.text)  # a one-page file's header over its title
        )

    found: set[tuple[int, int]] = set()
    for page, lines in enumerate(pages):
        for edge in ([0, 1], [len(lines) - 1, len(lines) - 2]):
            taken: set[str] = set()
            for index in edge:
                if not 0 <= index < len(lines) or (page, index) in found:
                    break
                line = lines[index]
                below = lines[index + 1] if index == 0 and len(lines) > 1 else None
                if line.text in taken or not is_furniture(line, below):
                    break
                taken.add(line.text)
                found.add((page, index))
    return found


def _reflow(lines: list[PdfLine], left_margin: float) -> list[str]:
    """Joins hard-wrapped lines: a line reaching the right margin runs on into an unindented next line.

    `left_margin` is the leftmost line of the file, page furniture included: in a file whose every
    body line is indented (each line a paragraph of its own) no line joins the one before."""
    if not lines:
        return []
    widest = max(line.right for line in lines)
    full = sorted(line.right for line in lines if line.right >= 0.85 * widest)
    right_margin = full[len(full) // 2]  # the typical full line's edge; punctuation may hang beyond it
    paragraphs: list[str] = []
    previous: PdfLine | None = None
    for line in lines:
        runs_on = (
            previous is not None
            and line.left < left_margin + INDENT_CHARS * line.char_width
            and (
                previous.right >= right_margin - MARGIN_CHARS * previous.char_width
                or (  # a long line cut short by line-breaking rules mid-sentence ("反复深" / "入“思”")
                    previous.right - left_margin >= LONG_LINE * (right_margin - left_margin)
                    and not PARAGRAPH_END.search(previous.text)
                )
            )
        )
        if runs_on:
            paragraphs[-1] += line.text
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def pdf_text(path: Path) -> PdfText:
    """The paragraphs of a PDF's text layer; PdfFailure for a damaged, encrypted or scanned-only file."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise PdfFailure("is password-protected; save an unprotected copy and import that") from e
        raise PdfFailure(f"is not a readable PDF file ({e})") from e
    try:
        pages: list[list[PdfLine]] = []
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            pages.append(_page_lines(textpage, number + 1))
            textpage.close()
            page.close()
    finally:
        document.close()
    empty = [number + 1 for number, lines in enumerate(pages) if not lines]
    if len(empty) == len(pages):
        raise PdfFailure(
            f"has no text layer (a scan?) on any of its {len(pages)} page(s); "
            "run it through OCR or import the Word file instead"
        )
    furniture = _furniture(pages)
    body = [line for p, lines in enumerate(pages) for i, line in enumerate(lines) if (p, i) not in furniture]
    dropped = [line.text for p, lines in enumerate(pages) for i, line in enumerate(lines) if (p, i) in furniture]
    left_margin = min(line.left for lines in pages for line in lines)
    return PdfText(_reflow(body, left_margin), dropped, empty)
