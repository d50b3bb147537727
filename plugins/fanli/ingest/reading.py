"""Read a report file into its lines of text: .txt and .md in any common encoding, .docx, .doc,
.wps, .rtf and .odt (through LibreOffice, `fanli.ingest.convert`), .pdf with a text layer
(`fanli.ingest.pdf_text`) and saved web pages, .html/.htm/.mht (`fanli.ingest.html_text`).

Everything format-specific ends here: the parser sees one `Line` per paragraph, with the Word
heading level when the file had one. What is not the report's text is set apart in
`SourceText.dropped`, line by line, never lost silently: page numbers and running headers
(which a PDF, or a copy out of one, brings along) and a web page's menus and footer.
"""

from __future__ import annotations

import codecs
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from fanli.core.errors import FanliError
from fanli.ingest.convert import OFFICE_SUFFIXES, ConverterMissing, convert_batch
from fanli.ingest.docx_text import DOCX_ERRORS, docx_lines
from fanli.ingest.html_text import HtmlFailure, html_text
from fanli.ingest.pdf_text import PdfFailure, pdf_text

TEXT_SUFFIXES = (".txt", ".md", ".text")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
WEB_ARCHIVE_SUFFIXES = (".mht", ".mhtml")
SUPPORTED_SUFFIXES = (
    *DOCX_SUFFIXES,
    *OFFICE_SUFFIXES,
    *PDF_SUFFIXES,
    *TEXT_SUFFIXES,
    *HTML_SUFFIXES,
    *WEB_ARCHIVE_SUFFIXES,
)
# What a word-processor file LibreOffice reads starts with: an OLE container (.doc, .wps, old
# .xls), a zip (.odt, or a .docx renamed .doc), RTF, or a web page or XML saved as .doc.
OFFICE_MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"{\\rtf", b"<")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files are OLE containers
PAID_MARKER = re.compile(r"##paid(?:begin|end)##")
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*[0-9０-９]{1,4}[-—–－\s]*"
    r"|第\s*[0-9０-９]+\s*页(?:\s*[，,/／]?\s*共\s*[0-9０-９]+\s*页)?"
    r"|[0-9０-９]+\s*[/／]\s*[0-9０-９]+)$"
)
# What a number broken off onto a line of its own is the count of, at the start of the next line
# (2023 / 年政府工作报告, 7860 / 亩): a number of the text, not a page number.
QUANTITY_AFTER = re.compile(r"^[年月日亩万亿元个人斤次家户项名条余米%％]")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s")
MARKDOWN_STRONG_LINE = re.compile(r"^(\*\*|__)(\S(?:.*\S)?)\1$")  # **一、主要做法**: emphasis, not text
RUNNING_HEADER_MIN_REPEATS = 3
RUNNING_HEADER_MAX_LENGTH = 40
# A running header comes once a page: a short one (a word) repeating closer together than this is a
# word a PDF dump broke onto lines of its own (蓝 / 莓 / 园蓝 / 莓), text.
RUNNING_HEADER_MIN_GAP, RUNNING_HEADER_SHORT = 5, 4
# A repeated label ("存在问题：") or sentence is the report's own text, never a running header.
NOT_A_HEADER = re.compile(r"[。，；：！？,;:!?]")
# Candidate encodings beyond UTF-8: Chinese Windows text and UTF-16 without a byte order mark.
FALLBACK_ENCODINGS = ["gb18030", "utf_16_le", "utf_16_be", "big5"]


class ReadFailure(FanliError):
    """A file that cannot be read as a report; the message says why, for a person."""


@dataclass(frozen=True)
class Line:
    """One paragraph of the source; `level` is its Word outline level (0 = title), None in plain text."""

    text: str
    level: int | None = None


@dataclass(frozen=True)
class SourceText:
    """The report's lines, what was dropped on the way (page numbers, running headers, a web page's
    chrome), and notes for the person importing (a PDF page with no text layer)."""

    lines: list[Line]
    dropped: list[str]
    notes: list[str] = field(default_factory=list)


def decode(raw: bytes, name: str) -> str:
    """The bytes as text: a byte order mark decides, then UTF-8, then charset-normalizer's best guess."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode("utf-8-sig" if codec == "utf-8" else codec)
            except UnicodeDecodeError as e:
                raise ReadFailure(f"{name}: starts like {codec} text but is not ({e.reason}, offset {e.start})") from e
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        raise ReadFailure(f"{name}: is not text in UTF-8, UTF-16 or GB18030/GBK; is it a text file?")
    return str(best)


def check_plain_text(text: str, name: str) -> None:
    """Binary data decodes to control characters; refuse it rather than import garbage."""
    bad = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v"), None)
    if bad is not None:
        raise ReadFailure(f"{name}: contains the control character U+{ord(bad):04X}; is it a text file?")


def text_lines(text: str, name: str, markdown: bool = False) -> list[Line]:
    """The non-empty lines of a text, stripped, paid-content markers removed. In Markdown, `#` marks give
    levels and a line in bold loses its `**`: Markdown's formatting is not the report's text."""
    check_plain_text(text, name)
    lines = (line.strip() for line in PAID_MARKER.sub("", text.removeprefix("\ufeff")).splitlines())
    out = []
    for line in lines:
        hashes = MARKDOWN_HEADING.match(line) if markdown else None
        strong = MARKDOWN_STRONG_LINE.match(line) if markdown else None
        if strong:
            line = strong.group(2)
        if hashes:
            out.append(Line(line[hashes.end() :].strip(), len(hashes.group(1)) - 1))
        elif line:
            out.append(Line(line))
    return [line for line in out if line.text]


def drop_page_furniture(lines: list[Line]) -> SourceText:
    """Removes page numbers and short lines repeated on every page; a running header that repeats
    the first line (the title) is kept once, as the title. A number whose unit starts the next line
    (2023 / 年…) is the text's own."""
    counts = Counter(line.text for line in lines)
    gaps = repeat_gaps([line.text for line in lines])
    kept: list[Line] = []
    dropped: list[str] = []
    for line, following in zip(lines, [*lines[1:], None][: len(lines)], strict=True):
        running = (
            counts[line.text] >= RUNNING_HEADER_MIN_REPEATS
            and len(line.text) <= RUNNING_HEADER_MAX_LENGTH
            and not NOT_A_HEADER.search(line.text)
            and (len(line.text) > RUNNING_HEADER_SHORT or gaps[line.text] >= RUNNING_HEADER_MIN_GAP)
        )
        counted = following is not None and QUANTITY_AFTER.match(following.text) is not None
        if (PAGE_NUMBER.match(line.text) and not counted) or (running and kept):
            dropped.append(line.text)
        else:
            kept.append(line)
    return SourceText(kept, dropped)


def repeat_gaps(texts: list[str]) -> dict[str, int]:
    """For each line's text, the fewest lines between two of its repeats (a large number when it
    does not repeat)."""
    last: dict[str, int] = {}
    gaps: dict[str, int] = {}
    for position, text in enumerate(texts):
        if text in last:
            gaps[text] = min(gaps.get(text, position), position - last[text])
        last[text] = position
    return {text: gaps.get(text, len(texts)) for text in last}


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ReadFailure(f"{path.name}: cannot be read: {e.strerror}") from e


def office_file_problem(path: Path) -> str | None:
    """Why `path` (a .doc, .wps, .rtf or .odt) is certainly not a document LibreOffice can read, or None.

    LibreOffice imports any bytes it is given as plain text, so a binary file renamed .doc would
    come back as garbage: refuse what does not start like a word-processor file."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as e:
        return f"{path.name}: cannot be read: {e.strerror}"
    if not head:
        return f"{path.name}: the file is empty (0 bytes)"
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(OFFICE_MAGIC):
        return f"{path.name}: is not a word-processor document (it does not start like a .doc, .wps, .rtf or .odt)"
    if head.startswith(OLE_MAGIC) and not _ole_header_is_sound(path):
        return f"{path.name}: is a damaged Word document (its file header is broken)"
    return None


def _ole_header_is_sound(path: Path) -> bool:
    """The compound-file header's byte order mark (FE FF) and sector size (2^9 or 2^12): LibreOffice
    reads a file whose header is broken as plain text, garbage and all, instead of refusing it."""
    with path.open("rb") as f:
        header = f.read(32)
    return header[28:30] == b"\xfe\xff" and header[30:32] in (b"\x09\x00", b"\x0c\x00")


def _docx_source_lines(path: Path, name: str) -> list[Line]:
    raw = read_bytes(path)
    if raw.startswith(OLE_MAGIC):
        raise ReadFailure(f"{name}: is encrypted (password-protected) or an old .doc file; save it as .docx")
    try:
        lines = [Line(text, level) for text, level in docx_lines(path)]
    except DOCX_ERRORS as e:
        raise ReadFailure(f"{name}: is not a readable .docx file ({e})") from e
    for line in lines:
        check_plain_text(line.text, name)
    return lines


def _office_source_lines(path: Path, converted: Path | None) -> list[Line]:
    """The lines of a LibreOffice file, from the .docx it was converted to (converted now when not given)."""
    problem = office_file_problem(path)
    if problem:
        raise ReadFailure(problem)
    if converted is None:
        with tempfile.TemporaryDirectory(prefix="fanli-convert-") as out:
            try:
                made = convert_batch([path], "docx", Path(out))[path]
            except ConverterMissing as e:
                raise ReadFailure(f"{path.name}: {e}") from e
            if made is None:
                raise ReadFailure(office_failure(path))
            return _docx_source_lines(made, path.name)
    try:
        return _docx_source_lines(converted, path.name)
    except ReadFailure as e:  # LibreOffice imports a damaged file as text: control characters, not a report
        raise ReadFailure(f"{office_failure(path)}: {str(e).removeprefix(path.name + ': ')}") from e


def office_failure(path: Path) -> str:
    """What to say of a file LibreOffice did not convert."""
    return f"{path.name}: LibreOffice cannot open it (damaged, password-protected, or not a document)"


def read_source(path: Path, converted: Path | None = None) -> SourceText:
    """The lines of a report file; ReadFailure says what is wrong with a file that cannot be read.

    For a .doc, .wps, .rtf or .odt, `converted` is the .docx LibreOffice made of it in a batch
    (`fanli.ingest.batch`); without it the one file is converted on its own."""
    name = path.name
    suffix = path.suffix.lower()
    dropped: list[str] = []
    notes: list[str] = []
    if path.is_dir():
        raise ReadFailure(f"{name}: is a folder, not a file")
    if suffix in DOCX_SUFFIXES:
        lines = _docx_source_lines(path, name)
    elif suffix in OFFICE_SUFFIXES:
        lines = _office_source_lines(path, converted)
    elif suffix in PDF_SUFFIXES:
        try:
            pdf = pdf_text(path)
        except PdfFailure as e:
            raise ReadFailure(f"{name}: {e}") from e
        lines = text_lines("\n".join(pdf.paragraphs), name)
        dropped = pdf.furniture
        if pdf.pages_without_text:
            pages = "、".join(map(str, pdf.pages_without_text))
            notes.append(f"{name}: page(s) {pages} have no text layer (scanned?); their text is not imported")
    elif suffix in HTML_SUFFIXES or suffix in WEB_ARCHIVE_SUFFIXES:
        try:
            page = html_text(read_bytes(path), archive=suffix in WEB_ARCHIVE_SUFFIXES)
        except HtmlFailure as e:
            raise ReadFailure(f"{name}: {e}") from e
        lines = text_lines("\n".join(page.lines), name)
        dropped = page.chrome
    elif suffix in TEXT_SUFFIXES:
        lines = text_lines(decode(read_bytes(path), name), name, markdown=suffix == ".md")
    else:
        known = " ".join(SUPPORTED_SUFFIXES)
        raise ReadFailure(f"{name}: unsupported format '{suffix or '(none)'}'; fanli reads {known}")
    source = drop_page_furniture(lines)
    if not source.lines:
        raise ReadFailure(f"{name}: the document is empty")
    return SourceText(source.lines, dropped + source.dropped, notes)
