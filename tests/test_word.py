"""Word downloads: structure, text, layout, reproducibility."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from fanli.core.load import load_library
from fanli.render.word import WordWriter, document_blocks, site_downloads
from fanli.site.phrases import phrase_categories, phrase_library

ROOT = Path(__file__).resolve().parent.parent


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_report_download_holds_the_whole_text_in_order_with_official_styles() -> None:
    library = load_library(ROOT / "data")
    doc = next(d for d in library.documents if d.closing)
    word = _open(WordWriter().docx(document_blocks(doc)))
    texts = [p.text for p in word.paragraphs]
    expected = [doc.title]
    expected += [p.text for p in doc.opening]
    for section in doc.walk():
        expected += [section.heading, *(p.text for p in section.paragraphs)]
    expected += [p.text for p in doc.closing]
    expected.append(f"（来源：{doc.unit.name} · {doc.year}年 · {doc.genre}）")  # a closing note, not under the title
    assert texts == expected
    styles = [p.style.name for p in word.paragraphs]
    assert styles[0] == "fanli 标题" and styles[1] == "fanli 正文" and styles[-1] == "fanli 附注"
    assert styles[texts.index(doc.sections[0].heading)] == "fanli 一级标题"
    title_font = word.styles["fanli 标题"].element.rPr.rFonts.get(qn("w:eastAsia"))
    body_font = word.styles["fanli 正文"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert (title_font, body_font) == ("方正小标宋简体", "仿宋_GB2312")
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    # 公文 page numbers, "— 1 —", on the outside edge: right on odd pages, left on even ones
    assert word.settings.odd_and_even_pages_header_footer
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        number = footer.paragraphs[0]
        assert number.alignment == alignment and number.text == "—  —"
        assert 'w:instr="PAGE"' in number._p.xml


def test_downloads_are_reproducible_and_keep_hostile_text_as_text() -> None:
    library = load_library(ROOT / "data")
    doc = library.documents[0]
    first, second = WordWriter().docx(document_blocks(doc)), WordWriter().docx(document_blocks(doc))
    assert first == second
    from fanli.render.word import Block

    hostile = "<w:p>&amp; <script>alert(1)</script> {{ x }} **镇"
    word = _open(WordWriter().docx([Block("FanliBody", hostile)]))
    assert [p.text for p in word.paragraphs] == [hostile]


def test_site_has_a_download_per_phrase_category(sample_site: Path) -> None:
    library = load_library(ROOT / "data")
    entries = phrase_library(library)
    categories = phrase_categories(library, entries)
    paths = [path for path, _ in site_downloads(library, entries)]
    assert len(paths) == len(categories)
    assert {"found-quoted", "found-numbered", "found-series"} <= {slug for slug, _, _ in categories}
    for path in paths:
        assert (sample_site / path).is_file(), path
    # section examples are downloaded as filtered on screen, made in the browser: no build-time files
    assert not (sample_site / "word" / "kinds").exists()
    # nor reports: a report's file is made in the browser from its page (test_workbench)
    assert not (sample_site / "word" / "reports").exists()

    numbered = _open((sample_site / "word/phrases/found-numbered.docx").read_bytes())
    phrases = [p.text for p in numbered.paragraphs if p.style.name == "fanli 一级标题"]
    assert any(p.startswith("四种形态（") for p in phrases)
    assert all("处）" in p for p in phrases)
    html = (sample_site / "phrases" / "index.html").read_text(encoding="utf-8")
    assert 'href="../word/phrases/found-numbered.docx"' in html
