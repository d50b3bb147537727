"""The writing aids in the built sample site: section examples, compare view, outlines, phrases, trends."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fanli.core.load import load_library
from fanli.site import indexes, search_index

from conftest import ROOT

KB = 1024


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_kind_pages_show_every_example_with_its_source(sample_site: Path) -> None:
    html = read(sample_site, "kinds/wenti/index.html")
    library = load_library(ROOT / "data")
    having = [d for d in library.documents if any("问题" in s.kinds for s in d.walk())]
    assert len(having) >= 2
    for doc in having:
        assert f'id="e-{doc.id}"' in html and f'<div class="fanli-example-text" id="e-{doc.id}-text"></div>' in html
        # its source: the title, then what the title does not already say of unit, level, year and genre
        header = re.search(rf'<article class="fanli-example" id="e-{doc.id}">\n<header>.*?</a>(.*?)</header>', html)
        assert header is not None
        after = re.sub(r"<[^>]+>", "", header[1])
        for label in (doc.unit.name, doc.unit.level, f"{doc.year}年", doc.genre):
            assert (label in doc.title) != (label in after), label
    assert 'class="fanli-filter" data-index="kinds/wenti"' in html
    assert '<script src="../../assets/fanli-data/kinds/wenti.js"></script>' in html
    assert '<script src="../../assets/fanli-data/kinds/wenti/1.js"></script>' in html
    script = read(sample_site, "assets/fanli-data/kinds/wenti.js")
    assert script.startswith('(window.fanliData = window.fanliData || {})["kinds/wenti"] = {')
    assert all(f'"e-{doc.id}"' in script for doc in having)


def data_script(site: Path, path: Path) -> object:
    """The payload of a data script `(window.fanliData = …)["key"] = payload;`."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("] = ") + 4 : text.rindex(";")])


def test_section_examples_carry_no_text_but_find_it_in_the_search_text_files(sample_site: Path) -> None:
    """The examples' text is shipped once, in the search index's text files (t/N.js): the examples'
    data scripts hold anchors only, and each anchor leads to the line the example shows."""
    library = load_library(ROOT / "data")
    data = sample_site / "assets" / "fanli-data" / "kinds"
    rows = {}
    for chunk in data.glob("*/*.js"):
        assert not re.search(r"[\u3400-\u9fff]", chunk.read_text(encoding="utf-8")), chunk  # no Chinese at all
        payload = data_script(sample_site, chunk)
        assert isinstance(payload, dict)
        rows |= {(chunk.parent.name, id): (row, payload["themes"]) for id, row in payload["rows"].items()}
    prefix = f"{search_index.CALLBACKS['text']}("
    slugs, theme_slugs = library.taxonomy.slugs("kinds"), library.taxonomy.slugs("themes")

    def example_themes(example: indexes.Example) -> set[str]:
        return {theme_slugs[t] for t in example.themes}

    checked = 0
    for kind, examples in indexes.kind_examples(library).items():
        for example in examples:
            (number, lines), theme_sets = rows.pop((slugs[kind], f"e-{example.document.id}"))
            text_file = (sample_site / search_index.INDEX_DIR / "t" / f"{number}.js").read_text(encoding="utf-8")
            assert text_file.startswith(prefix) and text_file.endswith(");\n")
            got_number, record = json.loads(f"[{text_file[len(prefix) : -3]}]")
            assert got_number == number and record["title"] == example.document.title
            texts = dict(record["items"])
            assert [(line[0], texts[line[1]]) for line in lines] == [(b.depth, b.text) for b in example.blocks]
            for line, block in zip(lines, example.blocks, strict=True):  # a paragraph's own themes, when not all
                own = {theme_slugs[t] for t in block.themes}
                assert (
                    set(theme_sets[line[2]]) == own if len(line) > 2 else block.depth or own == example_themes(example)
                )
            checked += len(lines)
    assert rows == {} and checked > 100
    for path in (sample_site / "assets" / "fanli-data").rglob("*.js"):  # nor in any other data script
        text = path.read_text(encoding="utf-8")
        assert not [p.text for d in library.documents for p in d.paragraphs() if len(p.text) > 20 and p.text in text]


def test_data_scripts_cannot_end_a_script_element(sample_site: Path) -> None:
    for script in (sample_site / "assets" / "fanli-data").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "</" not in text and "<!--" not in text, script


def test_outline_library_has_trees_by_genre_and_reusable_headings(sample_site: Path) -> None:
    index = read(sample_site, "outlines/index.html")
    assert 'href="../outlines/genre/shuzhi/"' in index and 'href="../outlines/headings/chengxiao/"' in index
    tree = read(sample_site, "outlines/genre/shuzhi/index.html")
    assert "（一）强化主体责任，从严管党治党。" in tree and 'class="fanli-tree"' in tree
    headings = read(sample_site, "outlines/headings/chengxiao/index.html")
    assert ">深化学习内容，强化教育管理。</span>" in headings  # the numbering is gone
    assert "（一）深化学习内容" not in headings


def test_phrase_library_lists_curated_and_mined_phrases_with_every_occurrence(sample_site: Path) -> None:
    index = read(sample_site, "phrases/index.html")
    for text in ("一岗双责", "四个意识", "知敬畏、存戒惧、守底线", "现将有关情况汇报如下"):
        assert f">{text}</span>" in index
    assert index.count('class="fanli-copy') >= 100
    link = re.search(r'<span class="fanli-phrase" id="ph-(p[0-9a-f]+)-text">一岗双责</span>', index)
    assert link
    entry = read(sample_site, f"phrases/{link.group(1)}/index.html")
    assert entry.count("<mark>一岗双责</mark>") == 6
    # each source as its report's number and anchor; the reports' script gives each report's address once
    places = " ".join(re.findall(r'class="fanli-sources" data-places="([^"]*)"', entry)).split()
    assert len(places) >= 12 and all(
        re.fullmatch(r"\d+", n) and re.fullmatch(r"p\d+", a) for n, a in zip(places[::2], places[1::2], strict=True)
    )
    assert 'data-reports="../../assets/fanli-data/reports.js"' in entry and 'data-root="../../"' in entry
    reports = read(sample_site, "assets/fanli-data/reports.js")
    assert re.search(r'\["\d{4}/[a-z0-9-]+/[a-z0-9-]+/","[^"]+ \d{4}"\]', reports)


def test_trends_page_draws_inline_svg_escaped(sample_site: Path) -> None:
    html = read(sample_site, "trends/index.html")
    assert html.count("<svg ") >= 5 and "<rect " in html
    assert '<script src="http' not in html
    assert 'aria-label="党风廉政建设：' in html


def test_year_theme_and_unit_pages_link_to_examples_and_phrases(sample_site: Path) -> None:
    assert 'href="../kinds/wenti/#year=2023"' in read(sample_site, "2023/index.html")
    assert 'href="../../phrases/#theme=dangfeng"' in read(sample_site, "themes/dangfeng/index.html")
    unit = next(p for p in (sample_site / "units").glob("*/index.html") if "level" not in p.parts)
    html = unit.read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./kinds/chengxiao/#unit=[a-z0-9-]+"', html)
    assert "本单位常用表述" in html


def test_no_generated_page_exceeds_one_megabyte(sample_site: Path) -> None:
    biggest = max(sample_site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert biggest.stat().st_size < 1024 * KB, biggest
