"""A paragraph's kinds and themes are decided once (`indexes.placed_paragraphs`): the theme and kind
filters of search, the section examples (and their Word downloads) and the phrase library must give
the same paragraphs. The library below is built where the old per-page rules disagreed: a section
theme that is not the document's, a subsection of another kind, a subsection with its own theme."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from fanli.core.load import load_library
from fanli.site import indexes, plan, search_index
from fanli.site.phrases import passages

from browser import PageWatch, serve
from conftest import build_site, copy_project

ROOT = Path(__file__).resolve().parent.parent

UNIT = """\
unit:
  id: test-zhen
  name: 测试镇
  level: 乡镇
documents:
- id: test-zhen-2024-zongjie
  title: 测试镇2024年党风廉政建设工作总结
  year: 2024
  genre: 工作总结
  themes: [党风廉政建设]
  opening: [开头段落。]
  sections:
  - heading: 一、工作成效
    kind: 成效
    themes: [作风建设]
    paragraphs: [成效段落甲。]
    subsections:
    - heading: （一）存在问题
      kind: 问题
      paragraphs: [嵌在成效里的问题段落。]
      subsections:
      - heading: 1.作风方面
        themes: [警示教育]
        paragraphs: [问题下有自己主题的段落。]
    - heading: （二）警示教育
      themes: [警示教育]
      paragraphs: [成效下有自己主题的段落。]
  - heading: 二、存在问题
    kind: 问题
    paragraphs: [问题段落乙。]
    subsections:
    - heading: （一）原因
      kind: 原因
      paragraphs: [问题下的原因段落。]
  closing: [结尾段落。]
"""


def _library(tmp_path: Path):
    (tmp_path / "units").mkdir()
    (tmp_path / "taxonomy.yml").write_text((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "units" / "test-zhen.yml").write_text(UNIT, encoding="utf-8")
    return load_library(tmp_path)


def _visible_in_example_page(line: list, theme_sets: list, example_themes: list[str], theme: str) -> bool:
    """What examples.js shows of a paragraph line under a theme filter (the example itself is shown)."""
    return not theme or (theme_sets[line[2]] if len(line) > 2 else example_themes).count(theme) > 0


def test_search_examples_and_phrases_filter_the_same_paragraphs(tmp_path: Path) -> None:
    library = _library(tmp_path)
    slug = {c.name: c.slug for c in library.taxonomy.themes}
    examples = indexes.kind_examples(library)
    entries = [e for e in search_index.entries(library) if e.type == search_index.PARAGRAPH]
    doc_passages = [p for doc in library.documents for p in passages(doc)]
    kinds = {k for e in entries for k in e.kinds}
    themes = ["", *sorted({t for e in entries for t in e.themes})]
    assert {"成效", "问题", "原因", "开头", "结尾"} <= kinds and len(themes) >= 4
    compared = 0
    for kind, theme in itertools.product(sorted(kinds), themes):
        by_search = {e.anchor for e in entries if kind in e.kinds and (not theme or theme in e.themes)}
        by_phrases = {p.anchor for p in doc_passages if kind in p.kinds and (not theme or theme in p.themes)}
        by_examples = {
            b.anchor
            for e in examples.get(kind, [])
            if not theme or theme in e.themes
            for b in e.blocks
            if b.depth == 0 and (not theme or theme in b.themes)
        }
        on_page = set()
        texts = plan.text_files(library)
        for e in examples.get(kind, []):
            chunk = plan._example_rows([e], texts, slug, str)
            _text_file, lines = chunk["rows"][f"e-{e.document.id}"]
            if theme and slug[theme] not in [slug[t] for t in e.themes]:
                continue
            wanted = slug.get(theme, "")
            shown = [
                b
                for b in lines
                if b[0] == 0 and _visible_in_example_page(b, chunk["themes"], [slug[t] for t in e.themes], wanted)
            ]
            on_page |= {b[1] for b in shown}
        if not theme:
            assert by_search, kind
        assert by_search == by_phrases == by_examples == on_page, (kind, theme)
        compared += 1
    assert compared == len(kinds) * len(themes)


def test_a_subsection_of_another_kind_is_not_in_this_kinds_example(tmp_path: Path) -> None:
    library = _library(tmp_path)
    examples = indexes.kind_examples(library)
    [achievements] = examples["成效"]
    texts = [b.text for b in achievements.blocks]
    assert "嵌在成效里的问题段落。" not in texts and "（一）存在问题" not in texts
    assert "成效下有自己主题的段落。" in texts
    [problems_nested, *_] = [e for e in examples["问题"]]
    assert "嵌在成效里的问题段落。" in [b.text for b in problems_nested.blocks]


@pytest.mark.browser
def test_the_examples_page_shows_what_search_finds_under_a_theme(browser, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_units=False)
    (project / "data" / "units" / "test-zhen.yml").write_text(UNIT, encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    library = load_library(project / "data")
    slug = {c.name: c.slug for c in library.taxonomy.kinds}
    theme_slug = library.taxonomy.slugs("themes")
    entries = [e for e in search_index.entries(library) if e.type == search_index.PARAGRAPH]
    with serve(site) as base:
        for kind, theme in (("成效", "警示教育"), ("成效", "作风建设"), ("问题", "警示教育")):
            page = browser.new_page()  # a new page each time: a change of hash alone does not reload it
            watch = PageWatch(page, base)
            page.goto(f"{base}kinds/{slug[kind]}/#theme={theme_slug[theme]}")
            page.wait_for_function("() => document.querySelector('.fanli-filter-status').textContent !== ''")
            page.wait_for_selector(".fanli-examples[data-state=loaded]")  # the text arrives after the filter
            shown = page.eval_on_selector_all(
                ".fanli-example:not([hidden]) .fanli-example-text p:not(.fanli-example-heading):not([hidden]) a",
                "links => links.map(a => a.hash.slice(1))",
            )
            wanted = {e.anchor for e in entries if kind in e.kinds and theme in e.themes}
            assert set(shown) == wanted and len(shown) == len(wanted), (kind, theme)
            assert watch.errors == [] and watch.outside == []
            page.close()
