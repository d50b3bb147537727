"""Write a synthetic site project: N reports recombined from the sample library.

Used by `fanli synth` and `fanli bench` to see how the site scales. Every report is put
together from real openings, headings and paragraphs of the library, so page sizes and
text statistics stay realistic. The same arguments always write byte-identical files.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any

import yaml
from pypinyin import lazy_pinyin

from fanli.core.dump import dump_yaml, unit_data
from fanli.core.errors import FanliError
from fanli.core.load import load_library
from fanli.core.model import Category, Library, Section, Unit
from fanli.core.text import chinese_numeral, strip_number

FIRST_YEAR, LAST_YEAR = 2016, 2025
REPORTS_PER_UNIT = 4
TARGET_CHARS = (4100, 4500)  # a report ends up a few dozen characters under its target
OPENING_MAX_CHARS = 600
MIN_CLIPPED_CHARS = 40  # a paragraph cut shorter than this is left out instead
SUBSECTION_ATTEMPTS = 4  # draws that may fail to fit before a section is considered full

SITE_NAME = "范例库（合成 {reports} 篇）"
CONFIG_HEADER = """\
# A synthetic library of {reports} reports: `fanli synth --reports {reports} --seed {seed}`.
# The main site's mkdocs.yml with another name: the same theme, palette, features, extra and navigation,
# so a benchmark measures the pages users get.
"""

INDEX_MD = """\
# 范例库（合成数据）

本站的 {reports} 篇材料由 `fanli synth` 从样本材料的段落重新组合而成，只用于检验网站的生成速度和页面大小，不是真实材料。

<!-- fanli:overview -->
"""

# A heading's own numbering, removed before the heading is renumbered in its new place.
YEAR = re.compile(r"((?:19|20)\d\d)(?=年)")
SENTENCE_END = "。；！？"

# How likely a section kind is to be one of a report's top-level parts.
KIND_WEIGHTS = {"成效": 10.0, "问题": 9.0, "打算": 8.0, "原因": 3.0, "基本情况": 2.0, "整改": 2.0}
GENRE_TITLE_WORDS = {"其他": ("实施方案", "讲话稿", "工作意见")}

PLACE_FIRST = "青东西南北白红金柳杨松梅桃李石清龙凤安平宁永长新明华泰嘉丰兴福康"
PLACE_SECOND = "石关河山桥湾坪岭川源口溪塘庄林洲泉峰岗坝阳水"
UNIT_NAME_SUFFIXES = {
    "乡镇": ("镇", "乡"),
    "街道": ("街道",),
    "县直部门": (
        "县农业农村局", "县发展改革局", "县教育局", "县卫生健康局", "县市场监管局", "县自然资源局",
        "县住房城乡建设局", "县交通运输局", "县水利局", "县民政局", "县财政局", "县人社局", "县司法局",
    ),
    "市直部门": (
        "市发展改革委", "市工业和信息化局", "市商务局", "市生态环境局", "市应急管理局", "市审计局",
        "市文化旅游局", "市医疗保障局", "市国资委", "市机关事务局", "市退役军人事务局",
    ),
    "省直部门": ("省农业农村厅", "省教育厅", "省交通运输厅", "省水利厅", "省科技厅", "省民政厅", "省审计厅"),
    "企事业单位": ("供电公司", "第一中学", "人民医院", "城投集团", "水务公司", "实验小学", "中医院", "农商银行"),
}  # fmt: skip


# --- the pool of pieces taken from the sample library ---------------------------------------


@dataclass(frozen=True)
class Piece:
    """A sample section, kept as its parts, with the year of the report it came from."""

    heading: str  # without its numbering
    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    run_in: bool
    paragraphs: tuple[str, ...]
    year: int


@dataclass
class Pool:
    """Everything a synthetic report is assembled from, grouped by section kind."""

    openings: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    closings: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    parts: dict[str, list[Piece]] = field(default_factory=dict)  # top-level sections
    subparts: dict[str, list[Piece]] = field(default_factory=dict)  # sections below them
    paragraphs: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def fillable_kinds(self) -> list[str]:
        """Kinds with both headings for a top-level section and paragraphs to put under them."""
        return [kind for kind in self.parts if self.paragraphs.get(kind)]


def _piece(section: Section, kinds: tuple[str, ...], year: int) -> Piece:
    texts = tuple(p.text for p in section.paragraphs)
    return Piece(strip_number(section.heading), kinds, section.themes, section.run_in, texts, year)


def is_label(heading: str) -> bool:
    """A heading such as "存在问题：" that only introduces a list; no use as a numbered heading."""
    return heading.endswith(("：", ":"))


def _collect_section(pool: Pool, section: Section, inherited: tuple[str, ...], year: int) -> None:
    """Files a section and everything below it under its kind (inherited when not given).

    Below a section of two kinds ("存在问题及原因") the content of each kind cannot be told
    apart, so it is only pooled where a lower heading names a single kind again.
    """
    kinds = section.kinds or inherited
    kind = kinds[0] if kinds else ""
    piece = _piece(section, kinds, year)
    if section.depth == 1 and piece.heading:
        pool.parts.setdefault(kind, []).append(piece)
    if len(kinds) <= 1:
        if section.depth > 1 and piece.heading and not is_label(piece.heading):
            pool.subparts.setdefault(kind, []).append(piece)
        pool.paragraphs.setdefault(kind, []).extend((text, year) for text in piece.paragraphs)
    for sub in section.subsections:
        _collect_section(pool, sub, kinds, year)


def build_pool(library: Library) -> Pool:
    pool = Pool()
    for doc in library.documents:
        if doc.opening:
            pool.openings.append((tuple(p.text for p in doc.opening), doc.year))
        if doc.closing:
            pool.closings.append((tuple(p.text for p in doc.closing), doc.year))
        for section in doc.sections:
            _collect_section(pool, section, (), doc.year)
    if not pool.fillable_kinds():
        raise FanliError("the sample library has no sections with paragraphs to recombine")
    return pool


# --- text helpers ----------------------------------------------------------------------------


def shift_years(text: str, source_year: int, target_year: int) -> str:
    """Moves every year in the text by the same distance, so "去年" figures stay consistent."""
    delta = target_year - source_year
    if not delta or "年" not in text:
        return text
    return YEAR.sub(lambda m: str(int(m[1]) + delta), text)


def clip(text: str, limit: int) -> str | None:
    """The text, or its first sentences within `limit` characters; None when too little is left."""
    if len(text) <= limit:
        return text
    if limit < MIN_CLIPPED_CHARS:
        return None
    cut = max(text.rfind(mark, 0, limit) for mark in SENTENCE_END)
    if cut + 1 < MIN_CLIPPED_CHARS:
        return None
    return text[:cut] + "。"


def weighted_sample(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys drawn without replacement, heavier keys more often (Efraimidis–Spirakis)."""
    keyed = sorted(weights, key=lambda key: rng.random() ** (1 / weights[key]), reverse=True)
    return keyed[:k]


class Deck:
    """Draws from a list without repeats until it is used up, then starts over."""

    def __init__(self, rng: random.Random, items: Sequence[Any]):
        self.rng = rng
        self.items = items
        self.used: set[int] = set()

    def draw(self) -> Any:
        if len(self.used) >= len(self.items):
            self.used.clear()
        while True:
            i = self.rng.randrange(len(self.items))
            if i not in self.used:
                self.used.add(i)
                return self.items[i]


# --- units -----------------------------------------------------------------------------------


def _place(rng: random.Random, syllables: int) -> str:
    middle = "".join(rng.choice(PLACE_FIRST) for _ in range(syllables - 2))
    return rng.choice(PLACE_FIRST) + middle + rng.choice(PLACE_SECOND)


def unit_name(rng: random.Random, level: str, taken: set[str]) -> tuple[str, str]:
    """A new, distinct name for a unit of the level, and the place name it is built on."""
    suffixes = UNIT_NAME_SUFFIXES.get(level, (level,))
    attempt = 0
    while True:
        place = _place(rng, 2 + attempt // 10)  # longer place names once short ones keep colliding
        name = place + rng.choice(suffixes)
        attempt += 1
        if name not in taken:
            taken.add(name)
            return name, place


def make_units(rng: random.Random, count: int, levels: Sequence[Category]) -> list[Unit]:
    """`count` units, every level used (when count allows it), with ASCII ids from pinyin."""
    order = list(levels)
    rng.shuffle(order)
    taken: set[str] = set()
    units = []
    for number, level in zip(range(1, count + 1), cycle(order)):
        name, place = unit_name(rng, level.name, taken)
        unit_id = f"{''.join(lazy_pinyin(place))}-{level.slug}-{number}"
        units.append(Unit(unit_id, name, level.name))
    return units


# --- reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """What one synthetic report is: its unit, year, genre and themes."""

    unit: Unit
    year: int
    genre: Category
    themes: tuple[Category, ...]


def spread(rng: random.Random, values: Sequence[Any], n: int) -> list[Any]:
    """n values that use every value once before any repeats, in shuffled order."""
    out = [values[i % len(values)] for i in range(n)]
    rng.shuffle(out)
    return out


def make_assignments(rng: random.Random, library: Library, units: list[Unit], n: int) -> list[Assignment]:
    taxonomy = library.taxonomy
    genres = spread(rng, taxonomy.genres, n)
    main_themes = spread(rng, taxonomy.themes, n)
    years = spread(rng, range(FIRST_YEAR, LAST_YEAR + 1), n)
    owners = spread(rng, units, n)
    out = []
    for unit, year, genre, theme in zip(owners, years, genres, main_themes, strict=True):
        others = [t for t in taxonomy.themes if t != theme]
        extra = rng.sample(others, min(len(others), rng.randint(0, 2)))
        out.append(Assignment(unit, year, genre, (theme, *extra)))
    return out


def title_of(rng: random.Random, job: Assignment) -> str:
    word = rng.choice(GENRE_TITLE_WORDS.get(job.genre.name, (job.genre.name,)))
    return f"{job.unit.name}{job.year}年{job.themes[0].name}{word}"


class ReportWriter:
    """Assembles one report as the dict `fanli.core.dump.document_data` would give for it."""

    def __init__(self, rng: random.Random, pool: Pool, kind_order: dict[str, int], year: int):
        self.rng = rng
        self.pool = pool
        self.kind_order = kind_order
        self.year = year
        self.decks: dict[str, Deck] = {}
        self.used: set[str] = set()  # sample paragraphs already in this report
        self.chars = 0

    def deck(self, name: str, items: Sequence[Any]) -> Deck:
        if name not in self.decks:
            self.decks[name] = Deck(self.rng, items)
        return self.decks[name]

    def text(self, text: str, source_year: int, limit: int) -> str | None:
        """The sample paragraph fitted to this report, unless it is already in it or does not fit."""
        if text in self.used:
            return None
        clipped = clip(shift_years(text, source_year, self.year), limit)
        if clipped is not None:
            self.used.add(text)
            self.chars += len(clipped)
        return clipped

    def block(self, paragraphs: tuple[str, ...], source_year: int, limit: int) -> list[str]:
        """Paragraphs in order while they fit in `limit` characters."""
        out: list[str] = []
        for paragraph in paragraphs:
            text = self.text(paragraph, source_year, limit - sum(map(len, out)))
            if text is None:
                break
            out.append(text)
        return out

    def plan(self) -> list[str]:
        """3–4 top-level kinds in reading order; the likeliest kind repeats when too few exist."""
        kinds_present = [kind for kind in self.pool.fillable_kinds() if kind] or self.pool.fillable_kinds()
        weights = {kind: KIND_WEIGHTS.get(kind, 1.0) for kind in kinds_present}
        count = self.rng.randint(3, 4)
        kinds = weighted_sample(self.rng, weights, count)
        favourite = max(weights, key=lambda k: (weights[k], -self.kind_order.get(k, 99)))
        kinds += [favourite] * (count - len(kinds))
        return sorted(kinds, key=lambda k: self.kind_order.get(k, len(self.kind_order)))

    def paragraphs_of(self, kind: str, limit: int, count: int) -> list[str]:
        """Up to `count` paragraphs of the kind, in shuffled order, within `limit` characters."""
        pool = self.pool.paragraphs.get(kind) or []
        out: list[str] = []
        for _ in range(count if pool else 0):
            text, year = self.deck(f"p:{kind}", pool).draw()
            clipped = self.text(text, year, limit - sum(map(len, out)))
            if clipped is not None:
                out.append(clipped)
        return out

    def heading(self, number: str, piece: Piece) -> str:
        text = shift_years(piece.heading, piece.year, self.year)
        self.chars += len(number) + len(text)
        return number + text

    def section(self, kind: str, position: int, budget: int) -> dict[str, Any]:
        start = self.chars
        piece = self.deck(f"s:{kind}", self.pool.parts[kind]).draw()
        data: dict[str, Any] = {"heading": self.heading(f"{chinese_numeral(position)}、", piece)}
        if len(piece.kinds) > 1:
            data["kinds"] = list(piece.kinds)
        elif kind:
            data["kind"] = kind
        if piece.themes:
            data["themes"] = list(piece.themes)
        if piece.paragraphs and self.rng.random() < 0.4:
            intro = self.block(piece.paragraphs[:1], piece.year, budget - (self.chars - start))
            if intro:
                data["paragraphs"] = intro
        subsections: list[dict[str, Any]] = []
        failures = 0
        subpool = self.pool.subparts.get(kind)
        while subpool and budget - (self.chars - start) >= MIN_CLIPPED_CHARS and len(subsections) < 9:
            sub = self.subsection(kind, len(subsections) + 1, budget - (self.chars - start))
            if sub is not None:
                subsections.append(sub)
            elif (failures := failures + 1) >= SUBSECTION_ATTEMPTS:
                break
        if subsections:
            data["subsections"] = subsections
        else:
            more = self.paragraphs_of(kind, budget - (self.chars - start), 4)
            if more:
                data["paragraphs"] = data.get("paragraphs", []) + more
        return data

    def subsection(self, kind: str, position: int, budget: int) -> dict[str, Any] | None:
        start = self.chars
        piece = self.deck(f"sub:{kind}", self.pool.subparts[kind]).draw()
        heading = self.heading(f"（{chinese_numeral(position)}）", piece)
        texts = self.paragraphs_of(kind, budget - (self.chars - start), self.rng.randint(1, 2))
        if not texts:
            self.chars = start
            return None
        data: dict[str, Any] = {"heading": heading}
        if piece.themes:
            data["themes"] = list(piece.themes)
        if piece.run_in:
            data["run_in"] = True
        data["paragraphs"] = texts
        return data

    def write(self, job: Assignment, doc_id: str, target: int) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": doc_id,
            "title": title_of(self.rng, job),
            "year": job.year,
            "genre": job.genre.name,
            "themes": [t.name for t in job.themes],
        }
        if self.pool.openings:
            texts, year = self.rng.choice(self.pool.openings)
            opening = self.block(texts, year, OPENING_MAX_CHARS)
            if opening:
                doc["opening"] = opening
        closing: list[str] = []
        if self.pool.closings and self.rng.random() < 0.5:
            texts, year = self.rng.choice(self.pool.closings)
            closing = self.block(texts, year, OPENING_MAX_CHARS)
        kinds = self.plan()
        sections = []
        for position, kind in enumerate(kinds, start=1):
            budget = (target - self.chars) // (len(kinds) - position + 1)
            sections.append(self.section(kind, position, budget))
        doc["sections"] = sections
        if closing:
            doc["closing"] = closing
        return doc


def write_reports(rng: random.Random, library: Library, n: int) -> dict[Unit, list[dict[str, Any]]]:
    """n synthetic reports (as document dicts) grouped by unit, about one unit per four reports."""
    pool = build_pool(library)
    kind_order = {kind.name: i for i, kind in enumerate(library.taxonomy.kinds)}
    units = make_units(rng, max(1, round(n / REPORTS_PER_UNIT)), library.taxonomy.levels)
    by_unit: dict[Unit, list[dict[str, Any]]] = {unit: [] for unit in units}
    for job in make_assignments(rng, library, units, n):
        docs = by_unit[job.unit]
        doc_id = f"{job.unit.id}-{job.year}-{job.genre.slug}-{len(docs) + 1}"
        writer = ReportWriter(rng, pool, kind_order, job.year)
        docs.append(writer.write(job, doc_id, rng.randint(*TARGET_CHARS)))
    return {unit: sorted(docs, key=lambda d: (d["year"], d["id"])) for unit, docs in by_unit.items() if docs}


# --- the project -----------------------------------------------------------------------------


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_project(out: Path, reports: int, data_dir: Path, seed: int = 1) -> None:
    """A buildable MkDocs project of `reports` synthetic reports in `out` (its old units and pages replaced)."""
    if reports < 1:
        raise FanliError("a synthetic library needs at least one report")
    site_config = Path(data_dir).resolve().parent / "mkdocs.yml"
    if Path(out).resolve() == site_config.parent:
        raise FanliError(f"{out}: the main site's own folder (its data and pages would be replaced)")
    library = load_library(data_dir)
    rng = random.Random(seed)
    by_unit = write_reports(rng, library, reports)
    out = Path(out)
    units_dir = out / "data" / "units"
    if units_dir.exists():
        shutil.rmtree(units_dir)
    units_dir.mkdir(parents=True)
    shutil.copyfile(Path(data_dir) / "taxonomy.yml", out / "data" / "taxonomy.yml")
    if (Path(data_dir) / "phrases.yml").is_file():
        shutil.copyfile(Path(data_dir) / "phrases.yml", out / "data" / "phrases.yml")
    for unit, docs in by_unit.items():
        write_text(units_dir / f"{unit.id}.yml", dump_yaml({"unit": unit_data(unit), "documents": docs}))
    write_site_files(out, site_config, reports, seed)


def synth_config(site_config: dict[str, Any], reports: int) -> dict[str, Any]:
    """The main site's configuration for a synthetic project: only its name differs."""
    return {**site_config, "site_name": SITE_NAME.format(reports=reports)}


def write_site_files(out: Path, site_config: Path, reports: int, seed: int) -> None:
    """mkdocs.yml from the main site's, its hand-written pages (but the home page) and a home page of our own."""
    if not site_config.is_file():
        raise FanliError(f"{site_config}: no mkdocs.yml of the main site beside the data folder")
    config = yaml.safe_load(site_config.read_text(encoding="utf-8"))
    docs_dir = site_config.parent / config.get("docs_dir", "docs")
    out_docs = out / config.get("docs_dir", "docs")
    if out_docs.exists():
        shutil.rmtree(out_docs)
    shutil.copytree(docs_dir, out_docs)
    dumped = yaml.safe_dump(synth_config(config, reports), allow_unicode=True, sort_keys=False)
    write_text(out / "mkdocs.yml", CONFIG_HEADER.format(reports=reports, seed=seed) + dumped)
    write_text(out_docs / "index.md", INDEX_MD.format(reports=reports))
