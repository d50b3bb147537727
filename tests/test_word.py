"""Word downloads: structure, text, layout, reproducibility."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from fanli.core.load import load_library
from fanli.render.word import WordWriter, collection_blocks, document_blocks
from fanli.site.downloads import DOWNLOAD_LIMIT, phrase_downloads, phrase_lists
from fanli.site.phrases import phrase_library
from fanli.site.plan import site_plan

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
    lists = phrase_lists(library, entries)
    paths = [download.path for download in phrase_downloads(library, entries)]
    assert len(paths) == len(lists)
    assert {"found-quoted", "found-numbered", "found-series"} <= {listed.slug for listed in lists}
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


def test_a_phrase_download_holds_what_the_phrase_index_shows_for_its_filter() -> None:
    """One rule: a category's download is the phrase index filtered to that category (by the page's own
    filter over its data script), in the index's order, cut at the limit; the note counts both."""
    library = load_library(ROOT / "data")
    plan = site_plan(library)
    index = next(script for script in plan.scripts if script.key == "phrases").build(lambda src: src)
    by_id = {f"ph-{e.slug}": e for e in plan.phrases}
    lists = phrase_lists(library, plan.phrases)
    assert any(len(listed.entries) > 2 for listed in lists)  # so that the limit of 2 below cuts some
    for limit in (2, DOWNLOAD_LIMIT):
        downloads = list(phrase_downloads(library, plan.phrases, limit))
        assert len(downloads) == len(lists)
        for listed, download in zip(lists, downloads, strict=True):
            facet, value = listed.facet
            column = 3 + index["facets"].index(facet)  # as examples.js reads an item
            filtered = [by_id[item[1]] for item in index["items"] if item[column] == value]
            assert [x.heading for x in download.excerpts] == [f"{e.text}（{e.count} 处）" for e in filtered[:limit]]
            assert download.note.startswith(f"共 {len(filtered)} 条表述，收录 {min(limit, len(filtered))} 条")
            blocks = collection_blocks(download)
            assert (blocks[0].text, blocks[1].text) == (download.title, download.note)


def test_every_page_offering_a_download_states_the_same_limit(sample_site: Path) -> None:
    """The filtered downloads (made in the browser) and the phrase-category files hold at most
    DOWNLOAD_LIMIT entries, and each page offering them says so."""
    phrases = (sample_site / "phrases" / "index.html").read_text(encoding="utf-8")
    assert f'data-limit="{DOWNLOAD_LIMIT}"' in phrases
    assert f"最多 {DOWNLOAD_LIMIT} 条" in phrases
    assert f"每类收录最常用的 {DOWNLOAD_LIMIT} 条" in phrases
    kinds = load_library(ROOT / "data").taxonomy.kinds
    assert kinds
    for page in (sample_site / "kinds" / kind.slug / "index.html" for kind in kinds):
        html = page.read_text(encoding="utf-8")
        assert f'data-limit="{DOWNLOAD_LIMIT}"' in html and f"最多最新 {DOWNLOAD_LIMIT} 例" in html, page
