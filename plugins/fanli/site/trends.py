"""Charts of the trends page, as geometry: the template draws them as inline SVG.

Small multiples of bar charts, one per theme or phrase, over the same years, so that shapes can
be compared at a glance and no colour legend is needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from fanli.core.model import Library
from fanli.site.phrases import PhraseEntry, mined_only

WIDTH, HEIGHT = 240, 110
TOP, BOTTOM, SIDE = 18, 20, 6  # room for the value labels above and the year labels below


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    year: int
    value: int


@dataclass(frozen=True)
class Chart:
    """One small bar chart: a bar per year, drawn in a WIDTH × HEIGHT box."""

    title: str
    total: int
    bars: tuple[Bar, ...]
    src: str = ""  # the page the chart's title links to
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


def bar_chart(title: str, counts: Counter[int], years: Sequence[int], src: str = "") -> Chart:
    """Bars for `years` (oldest first), scaled to the chart's own largest value."""
    peak = max((counts[y] for y in years), default=0) or 1
    slot = (WIDTH - 2 * SIDE) / max(1, len(years))
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for i, year in enumerate(years):
        height = plot * counts[year] / peak
        bars.append(
            Bar(SIDE + i * slot + slot * 0.15, HEIGHT - BOTTOM - height, slot * 0.7, height, year, counts[year])
        )
    return Chart(title, sum(counts[y] for y in years), tuple(bars), src)


def theme_charts(library: Library, years: Sequence[int], src_of) -> list[Chart]:
    """Documents per year, one chart per theme that has documents."""
    charts = []
    for theme in library.taxonomy.themes:
        counts = Counter(d.year for d in library.documents if theme.name in d.themes)
        if counts:
            charts.append(bar_chart(theme.name, counts, years, src_of(theme.slug)))
    return charts


def phrase_charts(entries: Sequence[PhraseEntry], years: Sequence[int], src_of, top: int = 24) -> list[Chart]:
    """Occurrences per year of the most frequent mined phrases."""
    mined = sorted(mined_only(entries), key=lambda e: (-e.count, e.text))[:top]
    return [bar_chart(e.text, e.years, years, src_of(e)) for e in mined if e.count]
