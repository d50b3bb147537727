"""Word (.docx) downloads laid out as Chinese official documents usually are.

python-docx builds the package once per build: A4 pages with the customary margins, and the
styles of a 公文 (方正小标宋简体 title, 黑体 / 楷体 headings, 仿宋 body at 三号 with a fixed
28 pt line, first lines indented two characters), each font declared with the usual
substitute for readers who lack it. Each download then only renders its body with a Jinja
XML template (autoescaped) into that package: a few milliseconds, where building every file
with python-docx would cost about 40 ms each, minutes at 10,000 reports. Output is
byte-for-byte reproducible: fixed member order and timestamps.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import docx
import jinja2
import markupsafe
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fanli.core.model import Document, Library, Paragraph, Section
from fanli.site import routes
from fanli.site.indexes import Example
from fanli.site.phrases import PhraseEntry, phrase_categories

# (style id, display name, font, size in pt, bold, centred)
STYLES = (
    ("FanliTitle", "fanli 标题", "方正小标宋简体", 22, False, True),
    ("FanliMeta", "fanli 说明", "楷体_GB2312", 14, False, True),
    ("FanliHeading1", "fanli 一级标题", "黑体", 16, False, False),
    ("FanliHeading2", "fanli 二级标题", "楷体_GB2312", 16, False, False),
    ("FanliHeading3", "fanli 三级标题", "仿宋_GB2312", 16, True, False),
    ("FanliBody", "fanli 正文", "仿宋_GB2312", 16, False, False),
)
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
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
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


# --- what goes into the files -------------------------------------------------------------


def _paragraph_blocks(paragraphs: Iterable[Paragraph]) -> Iterator[Block]:
    for paragraph in paragraphs:
        yield Block("FanliBody", paragraph.text)


def _section_blocks(section: Section, shift: int = 0) -> Iterator[Block]:
    """The section with its heading styled by depth (`shift` levels deeper under a source heading)."""
    yield Block(f"FanliHeading{min(section.depth + shift, 3)}", section.heading)
    yield from _paragraph_blocks(section.paragraphs)
    for sub in section.subsections:
        yield from _section_blocks(sub, shift)


def document_blocks(doc: Document) -> list[Block]:
    """A report as it was written: title, a line naming its source, then the full text."""
    return [
        Block("FanliTitle", doc.title),
        Block("FanliMeta", f"{doc.unit.name} · {doc.year}年 · {doc.genre}"),
        *_paragraph_blocks(doc.opening),
        *(block for section in doc.sections for block in _section_blocks(section)),
        *_paragraph_blocks(doc.closing),
    ]


def collection_blocks(title: str, note: str, items: Iterable[tuple[str, Iterable[Block]]]) -> list[Block]:
    """Several excerpts under one title, each under a heading that names its source."""
    blocks = [Block("FanliTitle", title), Block("FanliMeta", note)]
    for source, excerpt in items:
        blocks.append(Block("FanliHeading1", source))
        blocks.extend(excerpt)
    return blocks


KIND_DOWNLOAD_LIMIT = 300  # newest examples in a section-kind download: a file people can open
PHRASE_DOWNLOAD_LIMIT = 500  # phrases in a phrase-category download, most used first
PHRASE_CONTEXTS = 3


def site_downloads(
    library: Library, examples: dict[str, list[Example]], phrases: list[PhraseEntry]
) -> Iterator[tuple[str, list[Block]]]:
    """Every Word download of the site: (site path, blocks), one per report, per section kind and per
    phrase category (the curated categories and the ways phrases are mined)."""
    for doc in library.documents:
        yield routes.word_document(doc), document_blocks(doc)
    for kind in library.taxonomy.kinds:
        everything = examples.get(kind.name, [])
        newest = everything[:KIND_DOWNLOAD_LIMIT]
        note = f"共 {len(everything)} 例，收录最新 {len(newest)} 例" if newest else "暂无范例"
        excerpts = ((_source(example.document), _excerpt(example)) for example in newest)
        yield routes.word_kind(kind.slug), collection_blocks(f"段落范例 · {kind.name}", note, excerpts)
    for slug, label, entries in phrase_categories(library, phrases):
        shown = entries[:PHRASE_DOWNLOAD_LIMIT]
        note = (
            f"共 {len(entries)} 条表述，收录 {len(shown)} 条，每条附最新 {PHRASE_CONTEXTS} 处原文"
            if shown
            else "暂无表述"
        )
        yield (
            routes.word_phrases(slug),
            collection_blocks(
                f"表述库 · {label}", note, ((f"{e.text}（{e.count} 处）", _phrase_blocks(e)) for e in shown)
            ),
        )


def _phrase_blocks(entry: PhraseEntry) -> list[Block]:
    """The phrase's newest places in context, each naming its unit and year."""
    blocks = []
    for occurrence in entry.occurrences[:PHRASE_CONTEXTS]:
        before, found, after = occurrence.context()
        doc = occurrence.passage.document
        blocks.append(Block("FanliBody", f"{before}{found}{after}（{doc.unit.name} · {doc.year}年）"))
    return blocks


def _source(doc: Document) -> str:
    return f"{doc.unit.name} · {doc.year}年 · {doc.title}"


def _excerpt(example: Example) -> list[Block]:
    """The example's own text, as its page shows it; its headings one level below the heading naming its source."""
    return [Block(f"FanliHeading{min(b.depth + 1, 3)}" if b.depth else "FanliBody", b.text) for b in example.blocks]
