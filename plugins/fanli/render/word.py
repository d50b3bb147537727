"""Word (.docx) downloads laid out as Chinese official documents usually are.

python-docx builds the package once per build: A4 pages with the customary margins, and the
styles of a 公文 (方正小标宋简体 title, 黑体 / 楷体 headings, 仿宋 body at 三号 with a fixed
28 pt line, first lines indented two characters), each font declared with the usual
substitute for readers who lack it. Each download then only renders its body with a Jinja
XML template (autoescaped) into that package: a few milliseconds, where building every file
with python-docx would cost about 40 ms each, minutes at 10,000 reports. Output is
byte-for-byte reproducible: fixed member order and timestamps. What each download holds is
chosen in `fanli.site.downloads`; this module only writes it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import docx
import jinja2
import markupsafe
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fanli.core.model import Document, Paragraph, Section
from fanli.site.downloads import Collection

# (style id, display name, font, size in pt, bold, centred)
STYLES = (
    ("FanliTitle", "fanli 标题", "方正小标宋简体", 22, False, True),
    ("FanliMeta", "fanli 说明", "楷体_GB2312", 14, False, True),
    ("FanliHeading1", "fanli 一级标题", "黑体", 16, False, False),
    ("FanliHeading2", "fanli 二级标题", "楷体_GB2312", 16, False, False),
    ("FanliHeading3", "fanli 三级标题", "仿宋_GB2312", 16, True, False),
    ("FanliBody", "fanli 正文", "仿宋_GB2312", 16, False, False),
    ("FanliNote", "fanli 附注", "楷体_GB2312", 14, False, False),
)
PAGE_MM = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}  # A4, 公文 margins
PAGE_NUMBER_FONT, PAGE_NUMBER_PT = "宋体", 14  # "— 1 —" in 四号 宋体, on the outside edge of each page
# Fonts a reader may not have, and what Word should use instead.
FONT_SUBSTITUTES = {"方正小标宋简体": "宋体", "楷体_GB2312": "楷体", "仿宋_GB2312": "仿宋", "黑体": "SimHei"}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DROPPED_PARTS = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")


@dataclass(frozen=True)
class Block:
    """One paragraph of a Word file: its style id and its text."""

    style: str
    text: str


def _configure(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM["width"]), Mm(PAGE_MM["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE_MM["top"]), Mm(PAGE_MM["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE_MM["left"]), Mm(PAGE_MM["right"])
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages: right
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)  # even pages: left
    styles = document.styles
    # Keep the defaults and our own styles: the template's hundreds of others make every file 300 KB larger.
    latent = styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        styles.element.remove(latent)
    for style in styles.element.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1":
            styles.element.remove(style)
    for style_id, name, font, size, bold, centred in STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.font.name = font
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        style.font.size = Pt(size)
        style.font.bold = bold
        layout = style.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(28 if size <= 16 else 36)
        if centred:
            layout.alignment = WD_ALIGN_PARAGRAPH.CENTER
            layout.space_after = Pt(14)
        else:
            layout.first_line_indent = Pt(size * 2)
            layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _page_number(paragraph: Any, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """A 公文 page number, "— 1 —", aligned to the page's outside edge."""
    paragraph.alignment = alignment
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field.append(paragraph.add_run("1")._r)  # the PAGE field's run, moved inside the field
    paragraph._p.append(field)
    paragraph.add_run(" —")
    for run in paragraph._p.iter(qn("w:r")):
        fonts = run.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), PAGE_NUMBER_FONT)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(PAGE_NUMBER_PT * 2))
        run.get_or_add_rPr().append(size)


def browser_layout() -> dict[str, object]:
    """The page and styles of the Word downloads, for the Word files the browser makes (the basket's)."""
    return {
        "page": PAGE_MM,
        "pageNumber": {"font": PAGE_NUMBER_FONT, "size": PAGE_NUMBER_PT},
        "styles": [
            {"id": i, "name": n, "font": f, "size": z, "bold": b, "centred": c, "line": 28 if z <= 16 else 36}
            for i, n, f, z, b, c in STYLES
        ],
    }


def _font_table(xml: bytes) -> bytes:
    """fontTable.xml with an entry naming a substitute for each 公文 font."""
    from lxml import etree

    root = etree.fromstring(xml)
    for font, substitute in FONT_SUBSTITUTES.items():
        entry = etree.SubElement(root, qn("w:font"), {qn("w:name"): font})
        etree.SubElement(entry, qn("w:altName"), {qn("w:val"): substitute})
        etree.SubElement(entry, qn("w:charset"), {qn("w:val"): "86"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class WordWriter:
    """Makes .docx files from blocks of styled text, sharing one python-docx package."""

    def __init__(self) -> None:
        document = docx.Document()
        _configure(document)
        buffer = io.BytesIO()
        document.save(buffer)
        parts = {}
        with zipfile.ZipFile(buffer) as package:
            for name in package.namelist():
                if not name.startswith(DROPPED_PARTS):
                    parts[name] = package.read(name)
        parts["word/fontTable.xml"] = _font_table(parts["word/fontTable.xml"])
        for index, base in (("[Content_Types].xml", ""), ("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word")):
            parts[index] = _without_dropped(parts[index], base)
        body = parts.pop("word/document.xml").decode("utf-8")
        head, rest = body.split("<w:body>", 1)
        self.section_properties = rest[rest.index("<w:sectPr") : rest.index("</w:body>")]
        self.document_head = head
        self.parts = parts
        env = jinja2.Environment(loader=jinja2.PackageLoader("fanli.render", "templates"), autoescape=True)
        self.template = env.get_template("word-document.xml")

    def docx(self, blocks: Iterable[Block]) -> bytes:
        """A complete .docx file; the same blocks always give the same bytes."""
        body = self.template.render(
            head=markupsafe.Markup(self.document_head),
            blocks=blocks,
            section_properties=markupsafe.Markup(self.section_properties),
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
            for name, data in [("word/document.xml", body.encode("utf-8")), *sorted(self.parts.items())]:
                package.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()


def _without_dropped(xml: bytes, base: str) -> bytes:
    """A package index (content types or relationships, whose targets are relative to `base`)
    without the entries that point at dropped parts."""
    from lxml import etree

    root = etree.fromstring(xml)
    for element in list(root):
        target = element.get("PartName") or element.get("Target")
        if target is None:
            continue
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        if path.startswith(DROPPED_PARTS):
            root.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- blocks of the files -------------------------------------------------------------


def _paragraph_blocks(paragraphs: Iterable[Paragraph]) -> Iterator[Block]:
    for paragraph in paragraphs:
        yield Block("FanliBody", paragraph.text)


def _section_blocks(section: Section) -> Iterator[Block]:
    """The section with its heading styled by depth."""
    yield Block(f"FanliHeading{min(section.depth, 3)}", section.heading)
    yield from _paragraph_blocks(section.paragraphs)
    for sub in section.subsections:
        yield from _section_blocks(sub)


def document_blocks(doc: Document) -> list[Block]:
    """A report as it was written: title, the full text, then a closing note naming its source."""
    return [
        Block("FanliTitle", doc.title),
        *_paragraph_blocks(doc.opening),
        *(block for section in doc.sections for block in _section_blocks(section)),
        *_paragraph_blocks(doc.closing),
        Block("FanliNote", f"（来源：{doc.unit.name} · {doc.year}年 · {doc.genre}）"),
    ]


def collection_blocks(collection: Collection) -> list[Block]:
    """Several excerpts under one title, each under a heading that names its source."""
    blocks = [Block("FanliTitle", collection.title), Block("FanliMeta", collection.note)]
    for excerpt in collection.excerpts:
        blocks.append(Block("FanliHeading1", excerpt.heading))
        blocks.extend(Block("FanliBody", text) for text in excerpt.paragraphs)
    return blocks
