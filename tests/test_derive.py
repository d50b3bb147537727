"""Golden files for the pure derivations on the sample library."""

from __future__ import annotations

import json
from pathlib import Path

from fanli.core.load import load_library
from fanli.core.model import Document
from fanli.site import indexes, pages, plan

from golden import assert_golden

ROOT = Path(__file__).resolve().parent.parent


def _outline(doc: Document) -> list[str]:
    return [f"{'  ' * (s.depth - 1)}{s.anchor} {s.heading} {list(s.kinds)}" for s in doc.walk()]


def test_page_plan_and_outlines_match_golden() -> None:
    library = load_library(ROOT / "data")
    golden = {
        "pages": [[p.src, p.template, p.title] for p in plan.site_plan(library).pages],
        "outlines": {d.id: _outline(d) for d in library.documents},
        "section_examples": {
            kind: [[hit.document.id, [a for a, _ in hit.anchors]] for hit in hits]
            for kind, hits in sorted(indexes.section_examples(library).items())
        },
        "themed_sections": {
            theme: [[hit.document.id, [a for a, _ in hit.anchors]] for hit in hits]
            for theme, hits in sorted(indexes.themed_sections(library).items())
        },
    }
    assert_golden("derive/sample_plan.json", json.dumps(golden, ensure_ascii=False, indent=1) + "\n")


def test_pagination_covers_every_item_once() -> None:
    items = list(range(45))
    chunks_ = pages.paginate(items, 20, lambda n: f"p{n}.md")
    assert [len(chunk) for _, chunk in chunks_] == [20, 20, 5]
    assert [x for _, chunk in chunks_ for x in chunk] == items
    assert chunks_[2][0].srcs == ("p1.md", "p2.md", "p3.md") and chunks_[2][0].first_index == 40
    assert len(pages.paginate([], 20, lambda n: f"p{n}.md")) == 1


def test_outermost_sections_do_not_repeat_nested_ones() -> None:
    library = load_library(ROOT / "data")
    for hits in indexes.section_examples(library).values():
        for hit in hits:
            anchors = [a for a, _ in hit.anchors]
            assert not any(b.startswith(a + "-") for a in anchors for b in anchors), anchors
