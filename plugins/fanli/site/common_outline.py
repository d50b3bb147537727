"""A genre's common outline: the parts its reports usually have, in their usual order.

Drafting from it is the basket page's other skeleton (besides any one report's outline), and the
outline library shows it above each genre's outlines. Reports word their headings differently,
so the parts are their section kinds (成效, 问题, 打算 …): a kind found at the top level of at
least half of the genre's reports is a part; parts come in the order they have in the reports
(on average, among the parts each report has); each is worded as the reports word it most often.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fanli.core.model import Category, Document, Library
from fanli.core.text import chinese_numeral, simplified, strip_number
from fanli.site.indexes import documents_by_genre

COMMON_SHARE = 0.5  # a kind is a part of the common outline when this share of the reports has it
# A leading year or half-year names the report's own period ("2023年工作开展情况"): not reusable.
LEADING_PERIOD = re.compile(r"^\s*(?:(?:19|20)\d\d\s*年度?|[上下]半年)\s*")


@dataclass(frozen=True)
class CommonHeading:
    kind: str  # the section kind of the part: "成效"
    text: str  # numbered: "一、工作开展情况"


@dataclass(frozen=True)
class CommonOutline:
    genre: Category
    reports: int  # the genre's reports with sections, that the outline is drawn from
    headings: tuple[CommonHeading, ...]


def _wording(kind: Category, single: Counter[str], headings: Sequence[str]) -> str:
    """How the reports word the part: the heading that sections of this kind alone use in most reports
    (shorter first) among those naming the kind; else the longest of the kind's words that its
    headings use most; else the kind's name."""
    named = [(n, -len(text), text) for text, n in single.items() if _names(kind, text)]
    if named:
        return max(named)[2]
    plain = [simplified(text) for text in headings]
    used = Counter(k for text in plain for k in kind.keywords if k in text)
    if used:
        return max(used, key=lambda k: (used[k], len(k)))
    return kind.name


def _names(kind: Category, heading: str) -> bool:
    plain = simplified(heading)
    return any(k in plain for k in kind.keywords)


def common_outline(documents: Sequence[Document], kinds: Sequence[Category]) -> tuple[CommonHeading, ...]:
    """The numbered top-level headings the reports (of one genre) have in common; () when none."""
    reports = [d for d in documents if d.sections]
    found: Counter[str] = Counter()  # reports with a top-level part of the kind
    orders: list[list[str]] = []  # each report's kinds, in the order they first come
    single: dict[str, Counter[str]] = defaultdict(Counter)  # wording of parts of that kind alone
    headings: dict[str, list[str]] = defaultdict(list)
    for doc in reports:
        seen: list[str] = []
        wordings: set[tuple[str, str]] = set()
        for section in doc.sections:
            text = LEADING_PERIOD.sub("", strip_number(section.heading))
            for kind in section.kinds:
                headings[kind].append(text)
                if len(section.kinds) == 1 and text:
                    wordings.add((kind, text))
                if kind not in seen:
                    seen.append(kind)
                    found[kind] += 1
        orders.append(seen)
        for kind, text in wordings:  # a wording counts once per report
            single[kind][text] += 1
    parts = [k for k in kinds if found[k.name] and found[k.name] >= COMMON_SHARE * len(reports)]
    places: dict[str, list[float]] = defaultdict(list)  # where, from 0 to 1, among a report's parts
    names = {k.name for k in parts}
    for seen in orders:
        present = [kind for kind in seen if kind in names]
        for i, kind in enumerate(present):
            places[kind].append(i / max(1, len(present) - 1))
    order = {k.name: i for i, k in enumerate(kinds)}
    parts.sort(key=lambda k: (sum(places[k.name]) / len(places[k.name]), order[k.name]))
    return tuple(
        CommonHeading(k.name, f"{chinese_numeral(n)}、{_wording(k, single[k.name], headings[k.name])}")
        for n, k in enumerate(parts, start=1)
    )


def genre_outlines(library: Library) -> list[CommonOutline]:
    """The common outline of every genre that has reports with sections, in taxonomy order."""
    tax = library.taxonomy
    by_genre = documents_by_genre(library)
    outlines = []
    for genre in tax.genres:
        docs = by_genre.get(genre.name, [])
        headings = common_outline(docs, tax.kinds)
        if headings:
            outlines.append(CommonOutline(genre, sum(1 for d in docs if d.sections), headings))
    return outlines
