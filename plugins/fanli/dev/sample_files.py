"""Report files in the formats offices have, made from lines of text: .docx by python-docx, and
.pdf/.doc/.odt/.rtf from those by LibreOffice (one process per batch).

The .docx has what a printed report has: a running header with the title, page numbers in the
footer, an indented first line on every body paragraph, and a CJK font, so that the PDFs made
from it test reading order, hard-wrapped lines and page furniture on Chinese text.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from fanli.core.errors import FanliError
from fanli.ingest.convert import convert_batch

CJK_FONT = "Noto Serif CJK SC"


def _page_number_field(paragraph: Paragraph) -> None:
    """Word's PAGE field: `第 N 页`, the number filled in by whatever lays the pages out."""
    paragraph.add_run("第 ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    paragraph.add_run(" 页")


def write_report_docx(path: Path, lines: list[str], header: str | None = None, points: float = 14) -> Path:
    """`lines` as a Word file: the first line a centred title, the rest body paragraphs, in `points`."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(points)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    _page_number_field(section.footer.paragraphs[0])
    title, *body = lines
    document.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in body:
        document.add_paragraph(line).paragraph_format.first_line_indent = Pt(2 * points)
    document.save(str(path))
    return path


def convert_docx(paths: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Each file converted to `target` (pdf, doc, odt, rtf, or a format with LibreOffice filter options)
    in `out_dir`, named after its source."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fanli-samples-") as work:
        converted = convert_batch(paths, target, Path(work))
        written = []
        for source, made in converted.items():
            if made is None:
                raise FanliError(f"LibreOffice did not convert {source} to {target}")
            final = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
            shutil.move(made, final)
            written.append(final)
    return written
