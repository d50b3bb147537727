"""Exact-wording search: the library as small index files the search page loads on demand.

What is searched: every report's title, every heading (all levels) and every paragraph, each an
*item* with its type (标题 / 小标题 / 段落), anchor, kinds and themes (the one rule of
`site.indexes`: `PlacedParagraph`, `PlacedSection`).

Matching compares *folded* text, one character at a time, so a position in the folded text maps
back to a character of the text as written (the page highlights the original span):
- NFKC then lower case (full-width and half-width letters, digits and punctuation are equal);
- traditional characters read as simplified (`core.text.simplified`, OpenCC, character by character;
  the browser gets the same table in `meta.js`);
- by default punctuation and spaces are left out (`loose`): 抓早抓小防微杜渐 finds 抓早抓小、防微杜渐.
  Strict matching (精确匹配标点) keeps them. A query word of punctuation alone (，or ——: `mark_word`)
  is matched as written in either matching: its marks must lie in the strict text (ignoring them
  would leave nothing to find).

Identical wording is indexed once: items whose loose text is the same are *copies* of the first
one (the canonical item). Postings list canonical items only, each with the size of its group of
copies, so the page counts every occurrence (共 N 处) and every distinct text (M 种不同表述) from
the postings alone; the group files `g/NAME/N.js` count each wording's occurrences by strict variant,
year and one axis's value (or every axis at once, in slices: `cell_slices`), so filters on any axes, strict
matching and 显示每一处 are counted without the metadata blocks `m/N.js` (which list each copy with
its canonical item: what an unfolded page reads, up to its last hit).

The index has three kinds of keys, over the loose text of canonical items:
- each character, with the items that contain it (one-character queries);
- each pair of neighbouring characters (bigram), with the items *and the positions* where it
  occurs. A longer query is covered by a few bigrams at known offsets (党风廉政建设 → 党风@0
  廉政@2 建设@4); an item contains the query exactly when the bigrams occur at those offsets from
  one position, so the hit count is exact without downloading text;
- around each run of punctuation in the strict text of each distinct strict wording (`mark_keys`):
  the loose characters a before and b after with the whole run (a + R + b), with any run (a + " " + b),
  with each prefix of the run (a + P) and each suffix (S + b), with the *gap* where the run is (how
  many loose characters precede it) as the position. A strict word is a loose hit at p whose runs
  between characters are exactly the word's (a + R + b at p + j, or no a + " " + b there) and whose
  leading and trailing marks end and begin the runs at p and p + length, so strict matching reads
  no text (`gap_checks`);
- each piece of up to RUN_KEY_CHARS marks of each run of marks (punctuation, spaces apart) in the
  strict text of each distinct strict wording (`run_pieces`, the same items as `mark_keys`), with
  those strict variants, each with its size (the items of its group with that strict text) and its
  canonical item: a word of punctuation alone lies inside one run, so the variants holding it, and so
  its occurrences (共 N 处), its wordings (M 种) and the first occurrence of each, come from one key
  (`read_run_postings`, `counted_by_variants`); a longer word narrows with its pieces of that length
  and the text decides.

Keys are spread over posting shards by a hash the browser computes the same way; the text of
each document is a file of its own, fetched only for the hits on screen. Every file is a
`.js` file that hands its data to a global callback, so the index loads with <script> tags,
which browsers allow from disk (file://) where they refuse fetch().

Posting encoding (numbers as in `encode_numbers`; "copied" only for the loose keys, characters and
bigrams, whose items say their group size: `grouped_key`):
    character:  ((item − previous item) [× 2 + copied], [group size − 2 if copied])…
    bigram:     ((item − previous item) × 2 + several [× 2 + copied], [count − 2 if several],
                 [group size − 2 if copied], position − previous position, …count times)…
    run piece:  ((variant − previous variant) × 2 + several) × 2 + copy, [size − 2 if several],
                [variant − canonical item if copy]…
with "previous item" (variant) −1 at the start of the list and "previous position" 0 at the start of
each item. A key whose characters are all punctuation is a run piece; one with a loose character and
punctuation a strict-matching key (`mark_keys`), positioned as a bigram, without group sizes.

`meta.js` (see `build_search_index`), small (it lists no document or item): axes (years,
genres, levels, kinds, themes), `runKeyChars` (RUN_KEY_CHARS), `blocks` (the first item of each
block, as gaps), `blockYears` (the
years of each block's first and last documents, as their index in the years), `fold`
(traditional→simplified pairs, character by character). Block `m/N.js`, the documents
N × DOCS_PER_FILE onwards: `combos` (per combination of its items: kind count, kind indexes, theme
count, theme indexes, item type), `docs` (per document: year, genre, level, item count, run count, then
(run length, combo) runs), `copies` (`_copy_runs`: each copy of the block with its canonical item
and the earlier member of its group whose strict text, and so punctuation keys, it shares),
`groups` (`_group_runs`: the group size and first copies of each canonical item of the block with
copies: what a folded hit lists under it). The page loads the blocks of the hits it shows (an
unfolded page: those that can hold an occurrence, up to its last hit), or all of them for what the
group files cannot count (a word of more than RUN_KEY_CHARS marks).
Group file `g/NAME/N.js` (NAME a group set, `GROUP_SETS`: genre, level, kind, theme or kinds, or a
slice of the "cell" rows, `cell_slice`; about SHARD_BYTES each, `meta.js` `groupFiles` giving, per
set holding rows, the first canonical item of each file, as gaps): for each canonical item with rows
in the set from that one on (`_group_numbers`), item − previous such item, rows, then per row — the
items of its wording with one strict variant (the first member with their strict text) and one cell,
by first item — the cell's numbers, (first − the previous row's first, the item itself for the first
row) × 2 + 1 if a head follows, [head: (count − 1) × 2 + 1 if the variant is not the canonical item,
written when count > 1 or the variant differs], [variant − item], [last − first if count > 1]. On an
axis the cell is one number, year × (values of AXIS + 1) + value (an unknown genre or level being the
last value); an item with several kinds or themes is in a row for each, one with none in none. In
"kinds" the cell is the year and the item's kinds as a bit set (kind k is 2^k, at most SET_BITS),
items without a kind in none. The "cell" rows' cell is the item's document's place (`place`: year,
genre and level), kinds and themes (bit sets, at most SET_BITS of each), and only the kinds and themes
are written: the place is that of the row's first item's document, read from `g/places.js` (per
document: item count, place). They are written in slices (`cell_slices`): `cell-G-L` holds the rows of
genre G and level L (each row in one), `cell-K` those with kind K (a row with two kinds in both). A
query filtered on the year and at most one other axis (kind and theme with one value) is counted, and
each wording's first occurrence found, from the postings and the group files of that axis alone (the
genre's when only the year or nothing is filtered: every item has one genre); several kinds alone from
"kinds"; any other filters (two axes besides the year, several themes) from the "cell" slices of the
values they name, by place or by kind, whichever hold fewer files for the query's wordings, and
`g/places.js` (`group_set`, `cell_slice_choices`). The rule a row passes by is `passes`.
Text file `t/N.js`: {url, title, unit, year, genre, items: [[anchor, text], …]} in item order.
Sources file `d/N.js`: [url, title, unit] of documents N × DOCS_PER_FILE onwards (what a folded
hit lists under it without reading every copy's text).

Pure: no MkDocs. `build_search_index` returns file names (relative to the index folder) and
their bytes.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol, TypeVar

import numpy as np

from fanli.core.model import Document, Library
from fanli.core.text import OPENING, simplified
from fanli.site import routes
from fanli.site.indexes import newest_first, placed_paragraphs, placed_sections

INDEX_DIR = "search-index"  # where the files go in the site
FORMAT = 6
SHARD_BYTES = 32 * 1024  # aim for posting shards of this size
BATCH_CHARS = 1_000_000  # characters indexed per numpy pass: bounds the memory the build needs
CALLBACKS = {
    "meta": "fanliSearchMeta",
    "postings": "fanliSearchPostings",
    "text": "fanliSearchText",
    "docs": "fanliSearchDocs",
    "block": "fanliSearchBlock",
    "groups": "fanliSearchGroups",
    "places": "fanliSearchPlaces",
}
DOCS_PER_FILE = 100  # documents per d/N.js and m/N.js file
RUN_KEY_CHARS = 8  # the longest piece of a run of marks keyed (`run_pieces`): longer words check the text
SOURCES_SHOWN = 10  # occurrences listed under a folded hit
TITLE, HEADING, PARAGRAPH = 0, 1, 2  # item types, as in meta.js
TYPE_NAMES = ("标题", "小标题", "段落")
# Characters whose simplified reading the browser needs for queries typed in traditional script.
# The axes of the group files g/AXIS/N.js: each counts a wording's occurrences by (year, value);
# genre and level, one value per item, count every occurrence.
GROUP_AXES = ("genre", "level", "kind", "theme")
# The group sets: one per axis, and "kinds" (rows by year and the item's kinds, for several kinds
# alone); the "cell" rows, every axis at once (for filters on two axes besides the year, or several
# themes), are written in slices (`cell_slices`).
GROUP_SETS = (*GROUP_AXES, "kinds")
# Kinds and themes a taxonomy may have: the "cell" and "kinds" group files write an item's as bit sets,
# which the browser reads exactly below 2^53.
SET_BITS = 52
HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


# --- folding -----------------------------------------------------------------------------------


def is_punctuation(char: str) -> bool:
    """Punctuation and spaces: left out of loose matching (search.js: PUNCTUATION)."""
    return unicodedata.category(char)[0] in "PZ" or char.isspace()


@cache
def fold_char(char: str, loose: bool) -> str:
    """One character folded: NFKC, lower case, simplified; "" for punctuation and spaces when loose."""
    folded = "".join(simplified(c) for c in unicodedata.normalize("NFKC", char).lower())
    return "".join(c for c in folded if not is_punctuation(c)) if loose else folded


class FoldTable(dict):
    """`str.translate` table that fills itself: each character is folded (`fold_char`) the first
    time a text holds it, so folding a text is one C-level `translate`."""

    def __init__(self, loose: bool) -> None:
        super().__init__()
        self.loose = loose

    def __missing__(self, code: int) -> int | str:
        char = chr(code)
        folded = fold_char(char, self.loose)
        self[code] = value = code if folded == char else folded
        return value


class Normalizer:
    """`fold_char` over a whole text."""

    def __init__(self, loose: bool) -> None:
        self.table = FoldTable(loose)

    def __call__(self, text: str) -> str:
        return text.translate(self.table)


loose = Normalizer(loose=True)
strict = Normalizer(loose=False)


def normalize(text: str, exact_punctuation: bool = False) -> str:
    return strict(text) if exact_punctuation else loose(text)


@cache
def fold_table() -> str:
    """Traditional → simplified, as pairs of characters, for every Han character that changes."""
    chars = [chr(c) for start, end in HAN_BLOCKS for c in range(start, end)]
    converted = simplified("\n".join(chars)).split("\n")
    return "".join(c + s for c, s in zip(chars, converted, strict=True) if c != s and len(s) == 1)


def query_words(query: str, exact_punctuation: bool = False) -> list[str]:
    """The folded words of a query (split at spaces): all must occur in an item (empty and duplicate
    words dropped). A word of punctuation alone (`mark_word`) keeps its marks even when punctuation is
    ignored: ignoring them would leave nothing to find."""
    words = (normalize(w, exact_punctuation) or strict(w) for w in query.split())
    return list(dict.fromkeys(w for w in words if w))


def mark_word(word: str) -> bool:
    """Whether a folded query word is punctuation alone (，or ——): it is matched against the strict
    text in either matching."""
    return not loose(word)


def matches(text: str, words: list[str], exact_punctuation: bool = False) -> bool:
    """Whether `text` contains every folded word: the reference of the index."""
    folded = normalize(text, exact_punctuation)
    marked = strict(text) if any(mark_word(w) for w in words) else folded
    return bool(words) and all(w in (marked if mark_word(w) else folded) for w in words)


def passes(has: dict[str, set], wanted: dict[str, set]) -> bool:
    """The rule of the filters: an item passes when, on every filtered axis, it has one of the wanted
    values (its year, genre or level; any of its kinds; any of its themes). engine.js: `passes`."""
    return all(has[axis] & values for axis, values in wanted.items())


def in_filters(entry: Entry, doc: Document, filters: dict) -> bool:
    """Whether an item of `doc` passes `filters` (axis → a name or year, or a list: any of them; every
    axis given): the reference of the filters."""
    has: dict[str, set] = {
        "year": {doc.year},
        "genre": {doc.genre},
        "level": {doc.unit.level},
        "kind": set(entry.kinds),
        "theme": set(entry.themes),
    }
    return passes(has, {axis: set(v if isinstance(v, list) else [v]) for axis, v in filters.items()})


def shard_of(key: str, shards: int) -> int:
    """The posting shard of a key; search.js computes the same."""
    h = 0
    for char in key:
        h = (h * 65599 + ord(char)) % shards
    return h


@dataclass(frozen=True)
class Entry:
    """One searchable item (title, heading or paragraph), in index order (its place is its id)."""

    doc: int
    type: int  # TITLE, HEADING or PARAGRAPH
    anchor: str  # "" for a title: the top of the page
    text: str
    kinds: tuple[str, ...]
    themes: tuple[str, ...]


def document_entries(doc: Document, number: int) -> Iterator[Entry]:
    """The title, then headings and paragraphs in reading order, under the one rule for kinds and themes."""
    yield Entry(number, TITLE, "", doc.title, (), doc.themes)
    paragraphs = list(placed_paragraphs(doc))
    at = 0
    while at < len(paragraphs) and paragraphs[at].part == OPENING:
        p = paragraphs[at]
        yield Entry(number, PARAGRAPH, p.paragraph.anchor, p.paragraph.text, p.kinds, p.themes)
        at += 1
    for placed in placed_sections(doc):
        section = placed.section
        yield Entry(number, HEADING, section.anchor, section.heading, placed.kinds, placed.themes)
        while at < len(paragraphs) and paragraphs[at].sections and paragraphs[at].sections[-1] is section:
            p = paragraphs[at]
            yield Entry(number, PARAGRAPH, p.paragraph.anchor, p.paragraph.text, p.kinds, p.themes)
            at += 1
    for p in paragraphs[at:]:
        yield Entry(number, PARAGRAPH, p.paragraph.anchor, p.paragraph.text, p.kinds, p.themes)


def ordered_documents(library: Library) -> list[Document]:
    """Documents in the order of search results: newest first."""
    return newest_first(library.documents)


def entries(library: Library) -> list[Entry]:
    return [e for n, doc in enumerate(ordered_documents(library)) for e in document_entries(doc, n)]


# --- postings --------------------------------------------------------------------------------


# Numbers are written as base-46 digits in printable ASCII that needs no escaping in a JSON string:
# 46 "more digits follow" characters, then one of 45 "last digit" characters (most significant).
# Small numbers, the common case, take one character; decoding is a few lines of JavaScript.
DIGITS = bytes(c for c in range(0x23, 0x7F) if c != 0x5C)  # 91 characters, no `"` and no `\`
LAST, MORE = 45, 46
_LUT = np.frombuffer(DIGITS, dtype=np.uint8)


def encode_numbers(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Non-negative integers as digit strings (see DIGITS), and where each number starts."""
    values = values.astype(np.int64)
    sizes = np.ones(len(values), dtype=np.int64)
    limit = LAST
    while len(values) and limit <= values.max():
        sizes += values >= limit
        limit *= MORE
    starts = np.cumsum(sizes) - sizes
    out = np.empty(int(sizes.sum()), dtype=np.uint8)
    rest, at, left = values, starts, sizes
    while len(rest):
        last = left == 1
        out[at] = _LUT[np.where(last, rest, LAST + rest % MORE)]
        live = np.flatnonzero(~last)
        rest, at, left = rest[live] // MORE, at[live] + 1, left[live] - 1
    return out.tobytes(), starts


class PostingsBuilder:
    """Postings of every key, built a batch of paragraphs at a time with numpy."""

    def __init__(self, sizes: np.ndarray | None = None) -> None:
        self.chunks: dict[str, list[bytes]] = defaultdict(list)
        self.last: dict[str, int] = {}  # the last paragraph id written for a key
        self.sizes = sizes  # items in each item's group of copies, by item id: written with each item if given

    def add(self, texts: list[str], ids: list[int]) -> None:
        """Index `texts` (no newlines in them) as the items `ids` (increasing): characters and bigrams."""
        if not texts:
            return
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        joined = "\n".join(texts) + "\n"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        para = np.repeat(np.array(ids, dtype=np.int64), lengths + 1)
        starts = np.cumsum(lengths + 1) - (lengths + 1)
        pos = np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths + 1)
        inside = pos < np.repeat(lengths, lengths + 1)  # False on the separators

        chars = np.sort((codes[inside] << 32) | para[inside])
        chars = chars[np.append(True, chars[1:] != chars[:-1])]
        self._add_keys(chars >> 32, chars & 0xFFFFFFFF, None)
        pair = inside[:-1] & inside[1:]
        keys = (codes[:-1][pair] << 21) | codes[1:][pair]
        order = np.argsort(keys, kind="stable")  # paragraphs and positions stay in order within a key
        self._add_keys(keys[order], para[:-1][pair][order], pos[:-1][pair][order])

    def add_named(self, names: list[str], keys: list[int], items: list[int], positions: list[int]) -> None:
        """Index (key, item, position) triples, `keys` numbering `names`; items increase from one call
        to the next."""
        if not keys:
            return
        k, i, p = (np.array(a, dtype=np.int64) for a in (keys, items, positions))
        order = np.lexsort((p, i, k))
        self._add_keys(k[order], i[order], p[order], names)

    def _add_keys(
        self, keys: np.ndarray, paras: np.ndarray, positions: np.ndarray | None, table: list[str] | None = None
    ) -> None:
        n = len(keys)
        if n == 0:
            return
        new_key = np.ones(n, dtype=bool)
        new_key[1:] = keys[1:] != keys[:-1]
        new_group = new_key.copy()
        new_group[1:] |= paras[1:] != paras[:-1]
        group_rows = np.flatnonzero(new_group)
        key_rows = np.flatnonzero(new_key)
        if table is not None:
            names = [table[k] for k in keys[key_rows].tolist()]
        elif positions is None:
            names = [chr(k) for k in keys[key_rows].tolist()]
        else:
            names = [chr(k >> 21) + chr(k & 0x1FFFFF) for k in keys[key_rows].tolist()]
        previous = np.empty(len(group_rows), dtype=np.int64)
        previous[1:] = paras[group_rows[:-1]]
        first_groups = np.flatnonzero(new_key[group_rows])
        previous[first_groups] = [self.last.get(name, -1) for name in names]
        para_deltas = paras[group_rows] - previous
        # per item: delta (× 2 + several positions) (× 2 + copies), [count − 2], [group size − 2], positions
        counts = np.diff(np.append(group_rows, n))
        several = (counts > 1).astype(np.int64) if positions is not None else np.zeros(len(group_rows), np.int64)
        grouped = np.zeros(len(group_rows), dtype=np.int64)
        head = para_deltas
        if positions is not None:
            head = head * 2 + several
        if self.sizes is not None:
            group_sizes = self.sizes[paras[group_rows]]
            grouped = (group_sizes > 1).astype(np.int64)
            head = head * 2 + grouped
        header = np.zeros(n, dtype=np.int64)
        header[group_rows] = 1 + several + grouped
        width = header + (1 if positions is not None else 0)
        value_of_row = np.cumsum(width) - width
        values = np.empty(int(width.sum()), dtype=np.int64)
        heads = value_of_row[group_rows]
        values[heads] = head
        values[heads[several == 1] + 1] = counts[several == 1] - 2
        if self.sizes is not None:
            values[heads[grouped == 1] + 1 + several[grouped == 1]] = group_sizes[grouped == 1] - 2
        if positions is not None:
            pos_deltas = positions.copy()
            pos_deltas[1:] -= np.where(new_group[1:], 0, positions[:-1])
            values[value_of_row + header] = pos_deltas
        encoded, byte_of_value = encode_numbers(values)
        bounds = np.append(byte_of_value[value_of_row[key_rows]], len(encoded)).tolist()
        last_paras = paras[np.append(key_rows[1:], n) - 1].tolist()
        for i, name in enumerate(names):
            self.chunks[name].append(encoded[bounds[i] : bounds[i + 1]])
            self.last[name] = last_paras[i]

    def postings(self) -> dict[str, bytes]:
        return {name: b"".join(chunks) for name, chunks in self.chunks.items()}


# --- the files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchIndex:
    files: dict[str, bytes]  # name inside INDEX_DIR → content
    items: int
    text_bytes: int  # UTF-8 size of every item's text: what the index size is compared with
    meta_cache: dict = field(default_factory=dict, compare=False, repr=False)  # read_meta's parse

    @property
    def index_bytes(self) -> int:
        return sum(len(content) for content in self.files.values())


def script(callback: str, *args: object) -> bytes:
    """A .js file that hands `args` (as JSON) to the global function `callback`."""
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{callback}({body});\n".encode()


def _runs(doc_entries: list[Entry], places: dict[str, dict[str, int]]) -> tuple[tuple[int, tuple], ...]:
    """(length, combination) runs of consecutive items under the same kinds, themes and type
    (`places`: each axis's names → their index)."""
    runs: list[tuple[int, tuple]] = []
    kinds, themes = places["kind"], places["theme"]
    for entry in doc_entries:
        combo = (
            tuple(kinds[k] for k in entry.kinds if k in kinds),
            tuple(sorted(themes[t] for t in entry.themes if t in themes)),  # a set: order aside
            entry.type,
        )
        if runs and runs[-1][1] == combo:
            runs[-1] = (runs[-1][0] + 1, combo)
        else:
            runs.append((1, combo))
    return tuple(runs)


def run_pieces(text: str) -> set[str]:
    """Every piece (substring) of up to RUN_KEY_CHARS characters of each run of marks (punctuation,
    spaces apart: no query word holds a space) of a strict (folded) text: the keys of the words of
    punctuation alone (a word of marks lies inside one run)."""
    pieces: set[str] = set()
    for run in _MARK_RUN.finditer(text):
        for marks in run.group().split():
            for start in range(len(marks)):
                pieces.update(marks[start:end] for end in range(start + 1, min(len(marks), start + RUN_KEY_CHARS) + 1))
    return pieces


def mark_keys(text: str) -> Iterator[tuple[str, int]]:
    """The strict-matching keys of a strict (folded) text, with their gap: the number of loose
    characters before the run of punctuation they describe. For a run R between loose characters
    a and b: a + R + b (the whole run; not for runs holding a space, which no query word does),
    a + " " + b (some run is there), a + each prefix of R and each suffix of R + b (up to a space)."""
    removed = 0
    for run in _MARK_RUN.finditer(text):
        start, end = run.span()
        gap, marks = start - removed, run.group()
        removed += end - start
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        spaced = [c.isspace() for c in marks]
        plain = len(spaced) if True not in spaced else spaced.index(True)  # the marks before a space
        if before:
            yield from ((before + marks[:k], gap) for k in range(1, plain + 1))
        if after:
            tail = len(marks) - (spaced[::-1].index(True) if True in spaced else len(marks))
            yield from ((marks[k:] + after, gap) for k in range(tail, len(marks)))
        if before and after:
            yield before + " " + after, gap
            if plain == len(marks):
                yield before + marks + after, gap


class GapKeys(dict):
    """Key name → number, numbering names as they come (`PostingsBuilder.add_named`)."""

    def number(self, name: str, names: list[str]) -> int:
        found = self.get(name)
        if found is None:
            found = self[name] = len(names)
            names.append(name)
        return found


class _MarkRun:
    """Runs of punctuation and spaces in a folded text (`is_punctuation`), by a regular expression
    over the characters of that kind seen so far."""

    def __init__(self) -> None:
        self.chars: set[str] = set()
        self.pattern = re.compile("(?!)")

    def see(self, chars: set[str]) -> None:
        new = {c for c in chars - self.chars if is_punctuation(c)}
        if new:
            self.chars |= new
            self.pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(self.chars)) + "]+")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self.see(set(text))
        return self.pattern.finditer(text)


_MARK_RUN = _MarkRun()


@dataclass(frozen=True)
class PreparedDocument:
    """What the index needs of one document that no other document changes: prepared once per
    document object (`SearchCache`) and assembled with the others' into the index files."""

    year: int
    genre: str
    level: str
    source: tuple[str, str, str]  # url, title, unit: a row of the sources file d/N.js
    anchors: tuple[str, ...]  # its items' anchors, in item order
    texts: tuple[str, ...]  # its items' texts, in item order
    runs: tuple[tuple[int, tuple], ...]  # (length, (kind indexes, theme indexes, type)) runs of its items
    text_bytes: int

    def record(self) -> str:
        """The JSON of its text file t/N.js (without the document's number): made when the file is, not
        kept (a serve session keeps every prepared document, and this is its whole text again)."""
        url, title, unit = self.source
        items = [[anchor, text] for anchor, text in zip(self.anchors, self.texts, strict=True)]
        record = {"url": url, "title": title, "unit": unit, "year": self.year, "genre": self.genre, "items": items}
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def prepare_document(doc: Document, places: dict[str, dict[str, int]], use_directory_urls: bool) -> PreparedDocument:
    """`places`: the kind and theme names → their index (the taxonomy's order)."""
    doc_entries = list(document_entries(doc, 0))
    url = routes.page_url(routes.document(doc), use_directory_urls)
    return PreparedDocument(
        year=doc.year,
        genre=doc.genre,
        level=doc.unit.level,
        source=(url, doc.title, doc.unit.name),
        anchors=tuple(e.anchor for e in doc_entries),
        texts=tuple(e.text for e in doc_entries),
        runs=_runs(doc_entries, places),
        text_bytes=sum(len(e.text.encode()) for e in doc_entries),
    )


class SearchCache:
    """Prepared documents (`prepare_document`) by document object, kept from one build to the next in a
    long-lived process (`mkdocs serve`): the load cache gives the very same object for an unchanged
    unit file, so a rebuild prepares only the documents of the files that changed. An entry holds its
    document, so no other object can take its identity; documents no longer in the library are dropped.
    The files built from it are the same bytes as without it (the prepared data is a function of the
    document, the taxonomy and the URL style alone)."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[Document, PreparedDocument]] = {}
        self.setting: tuple = ()
        self.prepared = 0  # documents prepared by the last update (the others were kept)

    def update(self, library: Library, use_directory_urls: bool) -> list[PreparedDocument]:
        """Every document of the library, prepared, in index order (`ordered_documents`)."""
        tax = library.taxonomy
        setting = (tax, use_directory_urls)
        if self.setting != setting:
            self.entries, self.setting = {}, setting
        places = axis_places({"kind": [c.name for c in tax.kinds], "theme": [c.name for c in tax.themes]})
        kept: dict[int, tuple[Document, PreparedDocument]] = {}
        self.prepared = 0
        for doc in ordered_documents(library):
            known = self.entries.get(id(doc))
            if known is None or known[0] is not doc:
                known = (doc, prepare_document(doc, places, use_directory_urls))
                self.prepared += 1
            kept[id(doc)] = known
        self.entries = kept
        return [prepared for _doc, prepared in kept.values()]


def axis_places(axes: dict[str, list]) -> dict[str, dict]:
    """Each axis's names (or years) → their index (the first, should a name repeat)."""
    return {axis: {name: n for n, name in reversed(list(enumerate(names)))} for axis, names in axes.items()}


def _group_runs(copies: dict[int, list[int]], items: list[int], first: int) -> list[int]:
    """The first copies of each of `items` (ascending, with copies, from `first` on): (item − previous
    such item, starting from `first`; copies − 1; the first SOURCES_SHOWN − 1 copies as gaps from the
    item or copy before): what a folded hit lists under it without the other blocks."""
    numbers: list[int] = []
    previous = first
    for item in items:
        numbers += [item - previous, len(copies[item]) - 1]
        shown = copies[item][: SOURCES_SHOWN - 1]
        numbers += [b - a for a, b in zip([item, *shown], shown, strict=False)]
        previous = item
    return numbers


def _copy_runs(canonical_of: dict[int, int], strict_first: dict[int, int], copies: list[int], first: int) -> list[int]:
    """Each of `copies` (ascending, from `first` on): (copy − previous copy, starting from `first`;
    (copy − its canonical item) × 2 + 1 if its strict text differs from that item's; then, if it does,
    copy − the first member of its group with its strict text)."""
    numbers: list[int] = []
    previous = first
    for copy in copies:
        item = canonical_of[copy]
        strict_item = strict_first.get(copy, item)
        numbers += [copy - previous, (copy - item) * 2 + (strict_item != item)]
        if strict_item != item:
            numbers.append(copy - strict_item)
        previous = copy
    return numbers


@dataclass
class GroupRows:
    """The rows of one group set, by canonical item then first occurrence (see the module docstring):
    each the items of a wording with one strict variant and one cell."""

    canonical: np.ndarray
    variant: np.ndarray
    cell: np.ndarray  # a number in `table`
    first: np.ndarray
    last: np.ndarray
    count: np.ndarray
    table: np.ndarray  # the cells, a row of numbers each

    def subset(self, keep: np.ndarray) -> GroupRows:
        return GroupRows(
            self.canonical[keep],
            self.variant[keep],
            self.cell[keep],
            self.first[keep],
            self.last[keep],
            self.count[keep],
            self.table,
        )


def group_rows(
    canonical_of: np.ndarray, variants: np.ndarray, item_combos: np.ndarray, cells: tuple[np.ndarray, np.ndarray]
) -> GroupRows:
    """The rows of a group set: `cells` (`group_cells`) gives the cells of each combination of `item_combos`."""
    owner, values = cells
    table, flat = np.unique(values, axis=0, return_inverse=True)
    flat = flat.reshape(-1)
    sizes = np.bincount(owner, minlength=int(item_combos.max()) + 1 if len(item_combos) else 0)
    offsets = np.cumsum(sizes) - sizes
    per_item = sizes[item_combos]
    items = np.repeat(np.arange(len(item_combos), dtype=np.int64), per_item)
    within = np.arange(len(items), dtype=np.int64) - np.repeat(np.cumsum(per_item) - per_item, per_item)
    cell = flat[offsets[item_combos[items]] + within]
    canon, variant = canonical_of[items], variants[items]
    order = np.lexsort((items, cell, variant, canon))
    items, cell, canon, variant = items[order], cell[order], canon[order], variant[order]
    new = np.ones(len(items), dtype=bool)
    new[1:] = (canon[1:] != canon[:-1]) | (variant[1:] != variant[:-1]) | (cell[1:] != cell[:-1])
    starts = np.flatnonzero(new)
    ends = np.append(starts, len(items))[1:] - 1
    by_first = np.lexsort((items[starts], canon[starts]))
    return GroupRows(
        canon[starts][by_first],
        variant[starts][by_first],
        cell[starts][by_first],
        items[starts][by_first],
        items[ends][by_first],
        (ends - starts + 1)[by_first],
        table,
    )


def _group_numbers(rows: GroupRows, unwritten: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of one group set (see the module docstring), and where each canonical item's start.
    Per canonical item with rows (ascending): item − previous such item, rows; per row: the cell's
    numbers, (first − the previous row's first (the item's for its first row)) × 2 + 1 if a head
    follows, [head: (count − 1) × 2 + 1 if the variant is not the item itself; only if count > 1 or the
    variant differs], [variant − item], [last − first if count > 1]. The first `unwritten` numbers of
    each cell tell rows apart but are not written (the reader knows them from the row's first item)."""
    first, last, row_count = rows.first, rows.last, rows.count
    row_canon, row_variant, row_cell = rows.canonical, rows.variant, rows.cell
    heads = np.unique(row_canon)
    rows_of = np.bincount(np.searchsorted(heads, row_canon), minlength=len(heads))
    differs = (row_variant != row_canon).astype(np.int64)
    several = (row_count > 1).astype(np.int64)
    headed = several | differs  # most rows are one occurrence of the item's own strict text: no head
    width = rows.table.shape[1] - unwritten
    row_width = width + 1 + headed + differs + several
    # the numbers: 2 for each canonical item, then its rows
    rows_before = np.cumsum(rows_of) - rows_of  # rows of the canonical items before each
    row_width_before = np.append(0, np.cumsum(row_width))
    head_at = np.arange(len(heads), dtype=np.int64) * 2 + row_width_before[rows_before]
    row_index = np.arange(len(row_canon), dtype=np.int64)
    row_at = row_width_before[row_index] + 2 * (np.searchsorted(heads, row_canon) + 1)
    numbers = np.empty(int(2 * len(heads) + row_width.sum()), dtype=np.int64)
    numbers[head_at] = np.diff(np.append(0, heads))
    numbers[head_at + 1] = rows_of
    cell_numbers = rows.table[:, unwritten:]
    for k in range(width):
        numbers[row_at + k] = cell_numbers[row_cell, k]
    row_at = row_at + width
    previous = np.empty_like(first)  # the previous row's first, or the item for an item's first row
    previous[1:] = first[:-1]
    opens = np.ones(len(first), dtype=bool)
    opens[1:] = row_canon[1:] != row_canon[:-1]
    previous[opens] = row_canon[opens]
    numbers[row_at] = (first - previous) * 2 + headed
    numbers[row_at[headed == 1] + 1] = ((row_count - 1) * 2 + differs)[headed == 1]
    numbers[row_at[differs == 1] + 2] = (row_variant - row_canon)[differs == 1]
    numbers[row_at[several == 1] + 1 + headed[several == 1] + differs[several == 1]] = (last - first)[several == 1]
    return numbers, head_at


def _group_files(name: str, grouped: tuple[np.ndarray, np.ndarray], files: FileSink) -> list[int]:
    """Writes the group files g/NAME/N.js (`_group_numbers` of consecutive canonical items, about
    SHARD_BYTES each) into `files`; returns the first canonical item of each."""
    numbers, head_at = grouped
    encoded, starts = encode_numbers(numbers)
    byte_at = [*starts[head_at].tolist(), len(encoded)]
    canonicals = list(itertools.accumulate(numbers[head_at].tolist()))
    firsts: list[int] = []
    at = 0
    while at < len(canonicals):
        end = bisect_left(byte_at, byte_at[at] + SHARD_BYTES, at + 1, len(canonicals))
        # each file starts at its first canonical item: gap 0, then the numbers after that item's gap
        body = _encoded([0]) + encoded[starts[head_at[at] + 1] : byte_at[end]].decode("ascii")
        files[f"g/{name}/{len(firsts)}.js"] = script(CALLBACKS["groups"], name, len(firsts), body)
        firsts.append(canonicals[at])
        at = end
    return firsts


def group_cells(axes: dict[str, list], combos: list[tuple]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The cells of each combination of `combos` (year, genre, level, kind indexes, theme indexes) in
    each group set (`GROUP_SETS`) and in "cell": (the combination of each cell, ascending; the cells'
    numbers, a row each). On an axis year × (values + 1) + value (an unknown genre or level being the
    last value; a cell per kind or theme, none without); in "kinds" the year and the kinds as a bit set
    (kind k: 2^k; none without a kind); in "cell" the `place`, the kinds and the themes as bit sets (the
    place is not written: the page reads it from the row's first item's document)."""
    year, genre, level = (np.array([c[n] for c in combos], dtype=np.int64) for n in range(3))
    kinds, themes = (np.array([sum(1 << k for k in set(c[n])) for c in combos], dtype=np.int64) for n in (3, 4))
    number = np.arange(len(combos), dtype=np.int64)
    spans = {axis: len(axes[axis]) + 1 for axis in GROUP_AXES}

    def per_bit(bits: np.ndarray, axis: str) -> tuple[np.ndarray, np.ndarray]:
        """A cell per value whose bit is set: year × (values + 1) + value."""
        held = [(np.flatnonzero(bits >> k & 1), k) for k in range(len(axes[axis]))]
        owner = np.concatenate([np.zeros(0, dtype=np.int64), *(combo for combo, _ in held)])
        value = np.concatenate([np.zeros(0, dtype=np.int64), *(year[combo] * spans[axis] + k for combo, k in held)])
        order = np.argsort(owner, kind="stable")
        return owner[order], value[order, None]

    with_kinds = kinds > 0
    return {
        "genre": (number, (year * spans["genre"] + genre)[:, None]),
        "level": (number, (year * spans["level"] + level)[:, None]),
        "kind": per_bit(kinds, "kind"),
        "theme": per_bit(themes, "theme"),
        "kinds": (number[with_kinds], np.stack([year, kinds], axis=1)[with_kinds]),
        "cell": (number, np.stack([place(axes, year, genre, level), kinds, themes], axis=1)),
    }


Indexes = TypeVar("Indexes", int, np.ndarray)  # one index, or an array of them


def place(axes: dict[str, list], year: Indexes, genre: Indexes, level: Indexes) -> Indexes:
    """A document's year, genre and level as one number (indexes in the axes; an unknown genre or level
    the last value): the places file g/places.js. (Of arrays of them: each.)"""
    return (year * (len(axes["genre"]) + 1) + genre) * (len(axes["level"]) + 1) + level


def cell_slice(*values: int) -> str:
    """The name of a slice of the "cell" rows (`cell_slices`): g/NAME/N.js."""
    return "cell-" + "-".join(map(str, values))


def cell_slices(axes: dict[str, list], rows: GroupRows) -> dict[str, np.ndarray]:
    """The slices of the "cell" rows (`cell_slice`) → which rows each holds: by place, a slice per genre
    and level (indexes; an unknown one the last), each row in one; and by kind, a slice per kind (a row
    with two kinds in both). A query reads the slices of the values it names — the genres and levels
    or the kinds, whichever hold fewer files — not every row (the page names one value per axis: any
    two axes but theme and year name a genre, a level or a kind)."""
    table = rows.table
    levels, genres = len(axes["level"]) + 1, len(axes["genre"]) + 1
    place_of, kinds = table[:, 0] % (levels * genres), table[:, 1]
    slices = {
        cell_slice(genre, level): (place_of == genre * levels + level)[rows.cell]
        for genre in range(genres)
        for level in range(levels)
    }
    slices.update({cell_slice(k): (kinds >> k & 1 == 1)[rows.cell] for k in range(len(axes["kind"]))})
    return slices


def _run_postings(
    pairs: np.ndarray, names: list[str], variant_size: dict[int, int], canonical_of: dict[int, int]
) -> dict[str, bytes]:
    """The postings of the pieces of runs of marks: `pairs` flat (piece number, strict variant), each
    once. Per variant, ascending: ((variant − previous variant) × 2 + several) × 2 + copy, [size − 2 if
    several], [variant − its canonical item if copy] (see the module docstring)."""
    if not len(pairs):
        return {}
    keys, variants = pairs[0::2].astype(np.int64), pairs[1::2].astype(np.int64)
    order = np.lexsort((variants, keys))
    keys, variants = keys[order], variants[order]
    listed = np.unique(variants)
    sizes = np.array([variant_size[v] for v in listed.tolist()], dtype=np.int64)[np.searchsorted(listed, variants)]
    heads_of = np.array([canonical_of.get(v, v) for v in listed.tolist()], dtype=np.int64)
    canon = heads_of[np.searchsorted(listed, variants)]
    new_key = np.ones(len(keys), dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    previous = np.empty(len(keys), dtype=np.int64)
    previous[1:] = variants[:-1]
    previous[new_key] = -1
    several = (sizes > 1).astype(np.int64)
    copy = (canon != variants).astype(np.int64)
    width = 1 + several + copy
    at = np.cumsum(width) - width
    values = np.empty(int(width.sum()), dtype=np.int64)
    values[at] = ((variants - previous) * 2 + several) * 2 + copy
    values[at[several == 1] + 1] = sizes[several == 1] - 2
    values[at[copy == 1] + 1 + several[copy == 1]] = (variants - canon)[copy == 1]
    encoded, starts = encode_numbers(values)
    key_rows = np.flatnonzero(new_key)
    bounds = [*starts[at[key_rows]].tolist(), len(encoded)]
    return {names[k]: encoded[bounds[i] : bounds[i + 1]] for i, k in enumerate(keys[key_rows].tolist())}


def _encoded(numbers: list[int]) -> str:
    return encode_numbers(np.array(numbers, dtype=np.int64))[0].decode("ascii")


class FileSink(Protocol):
    """Where `build_search_index` puts each file (name inside INDEX_DIR → content): a dict, or a writer."""

    def __setitem__(self, name: str, content: bytes, /) -> None: ...


def build_search_index(
    library: Library,
    use_directory_urls: bool = True,
    cache: SearchCache | None = None,
    sink: FileSink | None = None,
) -> SearchIndex:
    """The index files. `cache` (kept by a long-lived process) spares preparing unchanged documents again.
    `sink` takes each file as soon as it is made (the side-output worker writes it out: the files are
    never all in memory); the index returned then holds none of them."""
    tax = library.taxonomy
    prepared = (cache or SearchCache()).update(library, use_directory_urls)
    axes: dict[str, list] = {
        "year": sorted({d.year for d in prepared}, reverse=True),
        "genre": [c.name for c in tax.genres],
        "level": [c.name for c in tax.levels],
        "kind": [c.name for c in tax.kinds],
        "theme": [c.name for c in tax.themes],
    }
    places = axis_places(axes)
    held: dict[str, bytes] = {}  # the files, unless `sink` takes them
    files: FileSink = held if sink is None else sink
    gaps = PostingsBuilder()
    combos: dict[tuple, int] = {}  # the combinations of kinds, themes and type of this block's items, numbered
    block_combos: list[dict[tuple, int]] = []
    canonical: dict[str, int] = {}  # loose text → its first item
    canonical_of: dict[int, int] = {}  # copy → its canonical item
    seen: dict[str, tuple[str, tuple[int, ...], str]] = {}  # text as written → (loose, run keys, strict)
    strict_places: dict[int, dict[str, int]] = {}  # canonical item → strict text → first member with it
    strict_first: dict[int, int] = {}  # copy → the first member of its group with its strict text
    gap_keys, gap_names = GapKeys(), list[str]()  # strict-matching keys (`mark_keys`): name → number, and back
    gap_triples: tuple[list[int], list[int], list[int]] = ([], [], [])
    copies: dict[int, list[int]] = defaultdict(list)  # canonical item → its copies, ascending
    firsts: list[tuple[str, int]] = []  # canonical items' loose text and id: the words' postings
    doc_tables: list[list[int]] = []
    doc_starts: list[int] = []
    combos_of_items: dict[tuple, int] = {}  # (year, genre, level, kind indexes, theme indexes), numbered
    item_combos: list[int] = []  # each item's number in combos_of_items
    run_keys, run_names = GapKeys(), list[str]()  # the pieces of runs of marks (`run_pieces`), numbered
    run_pairs: list[np.ndarray] = []  # (piece number, strict variant) of each batch, flat
    run_batch: list[int] = []
    variant_size: dict[int, int] = {}  # strict variant → the items of its group with its strict text
    batch_chars = count = text_bytes = 0
    for number, doc in enumerate(prepared):
        files[f"t/{number}.js"] = f"{CALLBACKS['text']}({number},{doc.record()});\n".encode()
        if number % DOCS_PER_FILE == 0:
            combos = {}
            block_combos.append(combos)
        runs = [n for length, combo in doc.runs for n in (length, combos.setdefault(combo, len(combos)))]
        level = places["level"].get(doc.level, len(axes["level"]))
        genre = places["genre"].get(doc.genre, len(axes["genre"]))
        doc_tables.append([places["year"][doc.year], genre, level, len(doc.texts), len(runs) // 2, *runs])
        item_combos += [
            item_combo
            for length, (kinds, themes, _type) in doc.runs
            for item_combo in [
                combos_of_items.setdefault(
                    (places["year"][doc.year], genre, level, kinds, themes), len(combos_of_items)
                )
            ]
            * length
        ]
        doc_starts.append(count)
        text_bytes += doc.text_bytes
        for item, text in enumerate(doc.texts, count):
            known = seen.get(text)
            if known is None:
                strict_text = strict(text)
                pieces = tuple(run_keys.number(k, run_names) for k in run_pieces(strict_text))
                known = seen[text] = (loose(text), pieces, strict_text)
            folded, pieces, strict_text = known
            first = canonical.setdefault(folded, item)
            if first != item:
                copies[first].append(item)
                canonical_of[item] = first
                variant = strict_places[first].setdefault(strict_text, item)
                if variant != first:
                    strict_first[item] = variant
                variant_size[variant] = variant_size.get(variant, 0) + 1
                if variant != item:
                    continue  # its strict text is indexed already
            else:
                strict_places[item] = {strict_text: item}
                firsts.append((folded, item))
                variant_size[item] = 1
            for piece in pieces:
                run_batch += (piece, item)
            for key, gap in mark_keys(strict_text):
                gap_triples[0].append(gap_keys.number(key, gap_names))
                gap_triples[1].append(item)
                gap_triples[2].append(gap)
        count += len(doc.texts)
        batch_chars += doc.text_bytes
        if batch_chars >= BATCH_CHARS:
            gaps.add_named(gap_names, *gap_triples)
            run_pairs.append(np.array(run_batch, dtype=np.int32))
            run_batch, batch_chars = [], 0
            gap_triples = ([], [], [])
    gaps.add_named(gap_names, *gap_triples)
    run_pairs.append(np.array(run_batch, dtype=np.int32))
    sizes = np.ones(count, dtype=np.int64)
    for item, its_copies in copies.items():
        sizes[item] += len(its_copies)
    words = PostingsBuilder(sizes)
    at = 0
    while at < len(firsts):  # a batch of about BATCH_CHARS characters at a time
        batch_chars, end = 0, at
        while end < len(firsts) and batch_chars < BATCH_CHARS:
            batch_chars += len(firsts[end][0])
            end += 1
        words.add([text for text, _ in firsts[at:end]], [item for _, item in firsts[at:end]])
        at = end

    mark_postings = _run_postings(np.concatenate(run_pairs), run_names, variant_size, canonical_of)
    built = {**words.postings(), **mark_postings, **gaps.postings()}
    postings = {name: data.decode("ascii") for name, data in built.items()}
    total = sum(len(name) * 3 + len(data) + 6 for name, data in postings.items())
    shards = max(1, -(-total // SHARD_BYTES))
    by_shard: list[dict[str, str]] = [{} for _ in range(shards)]
    for name in sorted(postings):
        by_shard[shard_of(name, shards)][name] = postings[name]
    for number, shard in enumerate(by_shard):
        files[f"p/{number}.js"] = script(CALLBACKS["postings"], number, shard)
    doc_starts.append(count)
    # the year of each block's last document, by the block's first
    first_last = {
        at: doc_tables[min(at + DOCS_PER_FILE, len(prepared)) - 1][0] for at in range(0, len(prepared), DOCS_PER_FILE)
    }
    grouped, copied = sorted(copies), list(canonical_of)  # canonical items with copies; copies (ascending already)
    block_starts = doc_starts[:-1:DOCS_PER_FILE]  # the first item of each block
    for number, first_doc in enumerate(range(0, len(prepared), DOCS_PER_FILE)):
        last_doc = min(first_doc + DOCS_PER_FILE, len(prepared))
        sources = [list(doc.source) for doc in prepared[first_doc:last_doc]]
        files[f"d/{number}.js"] = script(CALLBACKS["docs"], number, sources)
        first, end = doc_starts[first_doc], doc_starts[last_doc]
        block = {
            "combos": _encoded([n for k, t, kind in block_combos[number] for n in (len(k), *k, len(t), *t, kind)]),
            "docs": _encoded([n for table in doc_tables[first_doc:last_doc] for n in table]),
            "groups": _encoded(
                _group_runs(copies, grouped[bisect_left(grouped, first) : bisect_left(grouped, end)], first)
            ),
            "copies": _encoded(
                _copy_runs(
                    canonical_of, strict_first, copied[bisect_left(copied, first) : bisect_left(copied, end)], first
                )
            ),
        }
        files[f"m/{number}.js"] = script(CALLBACKS["block"], number, block)
    canonical_items = np.arange(count, dtype=np.int64)
    variants = canonical_items.copy()  # each item's first member of its group with its strict text
    for copy, item in canonical_of.items():
        canonical_items[copy] = item
        variants[copy] = strict_first.get(copy, item)
    item_combo_array = np.array(item_combos, dtype=np.int64)
    for axis in ("kind", "theme"):
        if len(axes[axis]) > SET_BITS:
            raise ValueError(f"search index: at most {SET_BITS} {axis}s (the taxonomy has {len(axes[axis])})")
    cells = group_cells(axes, list(combos_of_items))
    group_starts = {}
    for name in GROUP_SETS:
        rows = group_rows(canonical_items, variants, item_combo_array, cells[name])
        group_starts[name] = _group_files(name, _group_numbers(rows), files)
    rows = group_rows(canonical_items, variants, item_combo_array, cells["cell"])
    for name, keep in cell_slices(axes, rows).items():
        part = rows.subset(keep)
        if len(part.first):
            group_starts[name] = _group_files(name, _group_numbers(part, unwritten=1), files)
    doc_places = [n for table in doc_tables for n in (table[3], place(axes, *table[:3]))]
    files["g/places.js"] = script(CALLBACKS["places"], _encoded(doc_places))
    meta = {
        "format": FORMAT,
        "shards": shards,
        "documents": len(prepared),
        "items": count,
        "distinct": len(canonical),
        "axes": axes,
        "types": TYPE_NAMES,
        "docsPerFile": DOCS_PER_FILE,
        "sourcesShown": SOURCES_SHOWN,
        "runKeyChars": RUN_KEY_CHARS,
        "blocks": _encoded([b - a for a, b in zip([0, *block_starts], block_starts, strict=False)]),
        "blockYears": _encoded(
            [n for at in range(0, len(prepared), DOCS_PER_FILE) for n in (doc_tables[at][0], first_last[at])]
        ),
        "fold": fold_table(),
        "groupFiles": {
            axis: _encoded([b - a for a, b in zip([0, *starts], starts, strict=False)])
            for axis, starts in group_starts.items()
        },
    }
    files["meta.js"] = script(CALLBACKS["meta"], meta)
    return SearchIndex(held, count, text_bytes)


# --- reading the index back (what search.js does; used by the tests) ------------------------


def _numbers(text: str) -> Iterator[int]:
    value, scale = 0, 1
    for char in text.encode("ascii"):
        digit = DIGITS.index(char)
        if digit < LAST:
            yield value + digit * scale
            value, scale = 0, 1
        else:
            value += (digit - LAST) * scale
            scale *= MORE


def _script_data(content: bytes, callback: str) -> list:
    return json.loads("[" + content.decode()[len(callback) + 1 : -3] + "]")


def read_meta(index: SearchIndex) -> dict:
    meta = index.meta_cache.get("meta")
    if meta is None:
        meta = index.meta_cache["meta"] = _script_data(index.files["meta.js"], CALLBACKS["meta"])[0]
    return meta


def grouped_key(key: str) -> bool:
    """Whether a key's postings say each item's group size: the loose characters and bigrams do,
    the strict-matching keys (`mark_keys`) do not (and the pieces of runs of marks, `run_pieces`, are
    read by `read_run_postings`)."""
    return not any(is_punctuation(c) for c in key)


def _shard(index: SearchIndex, key: str) -> dict[str, str]:
    name = f"p/{shard_of(key, read_meta(index)['shards'])}.js"
    shard = index.meta_cache.get(name)
    if shard is None:
        shard = index.meta_cache[name] = _script_data(index.files[name], CALLBACKS["postings"])[1]
    return shard


def read_run_postings(index: SearchIndex, piece: str) -> dict[int, tuple[int, int]]:
    """Strict variant → (its size, its canonical item), for the variants whose strict text holds a
    piece of a run of marks (`run_pieces`)."""
    numbers, variant = _numbers(_shard(index, piece).get(piece, "")), -1
    found: dict[int, tuple[int, int]] = {}
    for head in numbers:
        variant += head // 4
        size = next(numbers) + 2 if head // 2 % 2 else 1
        found[variant] = (size, variant - next(numbers) if head % 2 else variant)
    return found


def mark_variants(index: SearchIndex, word: str) -> tuple[dict[int, tuple[int, int]], bool]:
    """The strict variants (→ size, canonical item) whose strict text holds a word of punctuation alone,
    and whether that is exact: a word longer than RUN_KEY_CHARS gets the variants holding each of its
    pieces of that length (its text decides)."""
    if len(word) <= RUN_KEY_CHARS:
        return read_run_postings(index, word), True
    starts = sorted({*range(0, len(word) - RUN_KEY_CHARS, RUN_KEY_CHARS), len(word) - RUN_KEY_CHARS})
    lists = [read_run_postings(index, word[at : at + RUN_KEY_CHARS]) for at in starts]
    return {v: found for v, found in lists[0].items() if all(v in other for other in lists[1:])}, False


def read_postings_and_sizes(index: SearchIndex, key: str) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Item id → positions of a key (empty lists for a single character), and the group size of each
    item with copies (loose keys only)."""
    data = _shard(index, key).get(key, "")
    numbers, para = _numbers(data), -1
    grouped = grouped_key(key)
    found: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for head in numbers:
        has_copies = grouped and head % 2
        head = head // 2 if grouped else head
        several = len(key) > 1 and head % 2
        para += head // 2 if len(key) > 1 else head
        count = next(numbers) + 2 if several else 1
        if has_copies:
            sizes[para] = next(numbers) + 2
        if len(key) == 1:
            found[para] = []
            continue
        positions, at = [], 0
        for _ in range(count):
            at += next(numbers)
            positions.append(at)
        found[para] = positions
    return found, sizes


def read_postings(index: SearchIndex, key: str) -> dict[int, list[int]]:
    """Item id → positions of a key (empty lists for a single character)."""
    return read_postings_and_sizes(index, key)[0]


def read_groups(index: SearchIndex) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Canonical item → its copies; and copy → the first item of its group with its strict text. Read
    from every block's copies, and checked against the first copies each block lists under its items."""
    meta = read_meta(index)
    starts = list(itertools.accumulate(_numbers(meta["blocks"])))
    copies: dict[int, list[int]] = defaultdict(list)
    firsts: dict[int, int] = {}
    listed: dict[int, tuple[int, list[int]]] = {}
    for number, start in enumerate(starts):
        block = _script_data(index.files[f"m/{number}.js"], CALLBACKS["block"])[1]
        numbers, at = _numbers(block["copies"]), start
        for step in numbers:
            at += step
            head = next(numbers)
            copies[at - head // 2].append(at)
            firsts[at] = at - next(numbers) if head % 2 else at - head // 2
        numbers, item = _numbers(block["groups"]), start
        for step in numbers:
            item += step
            size = next(numbers) + 2
            shown, previous = [], item
            for _ in range(min(size - 1, SOURCES_SHOWN - 1)):
                previous += next(numbers)
                shown.append(previous)
            listed[item] = (size, shown)
    if listed != {item: (len(cs) + 1, cs[: SOURCES_SHOWN - 1]) for item, cs in copies.items()}:
        raise AssertionError("the blocks' first copies disagree with their copies")
    return dict(copies), firsts


def read_copies(index: SearchIndex) -> dict[int, list[int]]:
    """Canonical item → its copies."""
    return read_groups(index)[0]


def cover(length: int) -> list[int]:
    """Bigram offsets that cover a word of `length` ≥ 2 characters: 0, 2, 4 … and length − 2."""
    offsets = list(range(0, length - 1, 2))
    return offsets if offsets[-1] == length - 2 else [*offsets, length - 2]


def _canonical_starts(index: SearchIndex, word: str) -> dict[int, list[int]]:
    """Canonical items whose loose text holds the loose `word` (≥ 2 characters), with where it starts."""
    offsets = cover(len(word))
    lists = [read_postings(index, word[o : o + 2]) for o in offsets]
    found: dict[int, list[int]] = {}
    for para, starts in lists[0].items():
        if all(para in lst for lst in lists[1:]):
            at = [s for s in starts if all(s + o in lst[para] for o, lst in zip(offsets, lists, strict=True))]
            if at:
                found[para] = at
    return found


def _canonical_hits(index: SearchIndex, word: str) -> set[int]:
    if len(word) == 1:
        return set(read_postings(index, word))
    return set(_canonical_starts(index, word))


def gap_checks(word: str) -> list[tuple[str, int, bool]]:
    """What a strict (folded) word with loose characters needs of the punctuation around and between
    them, as (key of `mark_keys`, gap from the word's start, whether the key must be there or must
    not): the marks before the first character end the run there, those after the last begin it,
    and the run between two characters is exactly the word's (none: no run)."""
    chars: list[str] = []
    runs = [""]
    for c in word:
        if is_punctuation(c):
            runs[-1] += c
        else:
            chars.append(c)
            runs.append("")
    n = len(chars)
    checks = [(runs[0] + chars[0], 0, True)] if runs[0] and n else []
    for j in range(1, n):
        checks.append(
            (chars[j - 1] + runs[j] + chars[j], j, True) if runs[j] else (chars[j - 1] + " " + chars[j], j, False)
        )
    if runs[n] and n:
        checks.append((chars[n - 1] + runs[n], n, True))
    return checks


def _strict_hits(index: SearchIndex, word: str, groups: tuple[dict[int, list[int]], dict[int, int]]) -> set[int]:
    """Items whose strict text holds the strict `word` (with a loose character), from postings alone."""
    copies, firsts = groups
    core = loose(word)
    checks = [(read_postings(index, key), j, must) for key, j, must in gap_checks(word)]

    def holds(first: int, starts: list[int]) -> bool:
        return any(all((p + j in lst.get(first, ())) == must for lst, j, must in checks) for p in starts)

    if len(core) == 1:
        if not checks:
            held = set(read_postings(index, core))
            return held | {c for item in held for c in copies.get(item, ())}
        positions, j0, _must = checks[0]
        good = {first for first, gaps in positions.items() if holds(first, [g - j0 for g in gaps])}
        group_of = {c: first for first, cs in copies.items() for c in cs}
        return {
            item
            for first in good
            for item in [group_of.get(first, first), *copies.get(group_of.get(first, first), ())]
            if firsts.get(item, item) == first
        }
    found: set[int] = set()
    for canonical, starts in _canonical_starts(index, core).items():
        for item in [canonical, *copies.get(canonical, ())]:
            if holds(firsts.get(item, item), starts):
                found.add(item)
    return found


def item_texts(index: SearchIndex) -> list[str]:
    """Every item's text, in id order, from the text files."""
    texts: list[str] | None = index.meta_cache.get("texts")
    if texts is None:
        texts = index.meta_cache["texts"] = []
        for number in range(read_meta(index)["documents"]):
            record = _script_data(index.files[f"t/{number}.js"], CALLBACKS["text"])[1]
            texts += [text for _anchor, text in record["items"]]
    return texts


def find(index: SearchIndex, query: str, exact_punctuation: bool = False) -> list[int]:
    """Ids of the items that contain every word of `query`, read from the index as search.js does
    (strict matching from the punctuation keys, a word of punctuation alone from the pieces of runs of
    marks; one longer than RUN_KEY_CHARS narrows the candidates with them, then their text decides)."""
    groups = read_groups(index)
    copies, firsts = groups
    found: set[int] | None = None
    check_text = False
    for word in query_words(query, exact_punctuation):
        core = loose(word)
        if core and exact_punctuation:
            hits = _strict_hits(index, word, groups)
        elif core:
            canonical = _canonical_hits(index, core)
            hits = canonical | {c for item in canonical for c in copies.get(item, ())}
        else:
            variants, exact = mark_variants(index, word)
            check_text = check_text or not exact
            heads = {canonical for _size, canonical in variants.values()}
            hits = {i for c in heads for i in [c, *copies.get(c, ())] if firsts.get(i, i) in variants}
        found = hits if found is None else found & hits
    if check_text and found:
        words = query_words(query, True)
        texts = item_texts(index)
        found = {item for item in found if matches(texts[item], words, True)}
    return sorted(found or ())


Row = tuple[int, ...]  # see `read_group_rows`


def read_places(index: SearchIndex) -> list[tuple[int, int, int]]:
    """Each item's document's (year, genre, level), as indexes in the axes: from g/places.js."""
    known = index.meta_cache.get("places")
    if known is None:
        meta = read_meta(index)
        genres, levels = len(meta["axes"]["genre"]) + 1, len(meta["axes"]["level"]) + 1
        numbers = _numbers(_script_data(index.files["g/places.js"], CALLBACKS["places"])[0])
        known = index.meta_cache["places"] = []
        for count in numbers:
            at = next(numbers)
            known += [(at // levels // genres, at // levels % genres, at % levels)] * count
    return known


def read_group_rows(index: SearchIndex, name: str) -> dict[int, list[Row]]:
    """Every canonical item with rows → its rows in the group set `name` (`GROUP_SETS`, or a slice of
    the "cell" rows: `cell_slice`), from the group files g/NAME/N.js: (strict variant, year, value,
    count, first, last) on an axis; (strict variant, year, genre, level, kinds, themes, count, first,
    last) in a "cell" slice, kinds and themes as bit sets and the year, genre and level those of the
    first's document (g/places.js); the same in "kinds", with genre, level and themes −1 (not told)."""
    known = index.meta_cache.get(("rows", name))
    if known is not None:
        return known
    meta = read_meta(index)
    sliced = name.startswith("cell")
    width = 2 if sliced or name == "kinds" else 1
    values = 0 if sliced or name == "kinds" else len(meta["axes"][name]) + 1
    doc_places = read_places(index) if sliced else []
    found: dict[int, list[Row]] = {}
    if name not in meta["groupFiles"]:
        return found  # a slice no row is in
    for number, item in enumerate(itertools.accumulate(_numbers(meta["groupFiles"][name]))):
        numbers = _numbers(_script_data(index.files[f"g/{name}/{number}.js"], CALLBACKS["groups"])[2])
        for gap in numbers:
            item += gap
            rows = found[item] = []
            first = item
            for _ in range(next(numbers)):
                cell = [next(numbers) for _ in range(width)]
                step = next(numbers)
                first += step // 2
                head = next(numbers) if step % 2 else 0
                variant = item + next(numbers) if head % 2 else item
                last = first + next(numbers) if head // 2 else first
                if sliced:
                    rows.append((variant, *doc_places[first], *cell, head // 2 + 1, first, last))
                elif name == "kinds":
                    rows.append((variant, cell[0], -1, -1, cell[1], -1, head // 2 + 1, first, last))
                else:
                    rows.append((variant, cell[0] // values, cell[0] % values, head // 2 + 1, first, last))
    index.meta_cache[("rows", name)] = found
    return found


def wanted_values(meta: dict, filters: dict) -> dict[str, set[int]]:
    """Each filtered axis → the indexes of its wanted values (a name or year, or a list of them)."""
    picked = {}
    for axis, value in filters.items():
        names = [str(n) for n in meta["axes"][axis]]
        picked[axis] = {names.index(str(v)) for v in (value if isinstance(value, list) else [value]) if str(v) in names}
    return picked


def group_set(picked: dict[str, set[int]]) -> str:
    """The group set that counts a query under filters (`wanted_values`): the axis filtered besides the
    year when it is the only one (kind and theme with one value: an item with several is in a row for
    each), "genre" when only the year or nothing is (every item has one genre), "kinds" (rows by year
    and the item's kinds: few per wording) for several kinds alone, else "cell" (`read_cell_rows`).
    engine.js: `groupSet`."""
    others = [axis for axis in picked if axis != "year"]
    if not others:
        return "genre"
    if len(others) == 1 and (others[0] in ("genre", "level") or len(picked[others[0]]) <= 1):
        return others[0]
    return "kinds" if others == ["kind"] else "cell"


def _bits(bits: int) -> set[int]:
    return {k for k in range(bits.bit_length()) if bits >> k & 1}


def _cell_values(row: Row) -> dict[str, set[int]]:
    """A "cell" (or "kinds") row's values on each axis (`read_group_rows`), as `passes` takes them."""
    _variant, year, genre, level, kinds, themes, *_ = row
    return {"year": {year}, "genre": {genre}, "level": {level}, "kind": _bits(kinds), "theme": _bits(themes)}


def _row_passes(name: str, row: Row, picked: dict[str, set[int]]) -> bool:
    """Whether the occurrences of a row (`read_group_rows`) pass the filters (`passes`)."""
    has = _cell_values(row) if name in ("cell", "kinds") else {"year": {row[1]}, name: {row[2]}}
    return passes(has, picked)


def cell_slice_choices(meta: dict, picked: dict[str, set[int]]) -> dict[str, list[str]]:
    """The ways to read the "cell" rows that can pass `picked` (`cell_slices`): "place", the slices of
    the named genres and levels (every one of an axis not filtered), when either is filtered or nothing
    else is; "kind", those of the named kinds, when kinds are. Only slices holding rows are listed."""
    genres, levels = len(meta["axes"]["genre"]) + 1, len(meta["axes"]["level"]) + 1
    choices: dict[str, list[str]] = {}
    if "genre" in picked or "level" in picked or "kind" not in picked:
        choices["place"] = [
            cell_slice(g, v)
            for g in sorted(picked.get("genre", range(genres)))
            for v in sorted(picked.get("level", range(levels)))
        ]
    if "kind" in picked:
        choices["kind"] = [cell_slice(k) for k in sorted(picked["kind"])]
    return {way: [name for name in names if name in meta["groupFiles"]] for way, names in choices.items()}


def read_cell_rows(index: SearchIndex, picked: dict[str, set[int]], way: str | None = None) -> dict[int, list[Row]]:
    """Every canonical item → its "cell" rows that can pass `picked`, read one way of
    `cell_slice_choices` (`way`, by default the one whose slices have the fewest files; engine.js
    `cellRows` weighs the files the query's wordings are in), a row in two named kinds' slices taken
    once (from the first). Either way gives the same passing rows."""
    meta = read_meta(index)
    choices = cell_slice_choices(meta, picked)
    way = way or min(choices, key=lambda w: sum(len(list(_numbers(meta["groupFiles"][n]))) for n in choices[w]))
    found: dict[int, list[Row]] = defaultdict(list)
    earlier: set[int] = set()  # the named kinds whose slices were read
    for name in choices[way]:
        for item, rows in read_group_rows(index, name).items():
            found[item] += [row for row in rows if not _bits(row[4]) & earlier]  # its kinds
        earlier |= {k for k in picked.get("kind", ()) if way == "kind" and cell_slice(k) == name}
    return found


def counted(
    index: SearchIndex, query: str, filters: dict | None = None, exact: bool = False, cell_way: str | None = None
) -> dict[int, int]:
    """Canonical item → how many items of its wording contain the query and pass `filters` (any axes,
    several values on each), read from the postings and one group set alone (`group_set`: what
    engine.js counts; words with a loose character, or of punctuation alone of up to RUN_KEY_CHARS
    marks)."""
    picked = wanted_values(read_meta(index), filters or {})
    name = group_set(picked)
    rows = read_cell_rows(index, picked, cell_way) if name == "cell" else read_group_rows(index, name)
    canonical: set[int] | None = None
    variant_ok: list[dict[int, bool]] = []
    for word in query_words(query, exact):
        if mark_word(word):  # the variants holding it, from the pieces of runs of marks
            variants = read_run_postings(index, word)
            heads = {c for _size, c in variants.values()}
            canonical = heads if canonical is None else canonical & heads
            variant_ok.append(dict.fromkeys(variants, True))
            continue
        core = loose(word)
        checks = [(read_postings(index, key), j, must) for key, j, must in gap_checks(word)] if exact else []
        hits: dict[int, list[int]] = (
            {item: [] for item in read_postings(index, core)} if len(core) == 1 else _canonical_starts(index, core)
        )
        starts: dict[int, list[int]] | None = None
        if checks and len(core) == 1:  # a single character: where it can start, from the first check
            positions, j0, _must = checks[0]
            starts = {v: [g - j0 for g in gaps] for v, gaps in positions.items()}
        ok: dict[int, bool] = {}
        for item in hits:
            for variant, *_ in rows.get(item, ()):
                at = starts.get(variant, []) if starts is not None else hits[item]
                ok[variant] = not checks or any(
                    all((p + j in lst.get(variant, ())) == must for lst, j, must in checks) for p in at
                )
        variant_ok.append(ok)
        canonical = set(hits) if canonical is None else canonical & set(hits)
    counts: dict[int, int] = {}
    for item in sorted(canonical or ()):
        n = sum(
            row[-3]
            for row in rows.get(item, ())
            if _row_passes(name, row, picked) and all(ok.get(row[0], False) for ok in variant_ok)
        )
        if n:
            counts[item] = n
    return counts


def counted_by_variants(index: SearchIndex, query: str, exact: bool = False) -> dict[int, tuple[int, int]]:
    """Canonical item → (how many items of its wording contain the query, the first of them), for a
    query with a word of punctuation alone (up to RUN_KEY_CHARS marks) and no filter, read from the
    postings alone (no group file): the variants holding the first such word, with their sizes, less
    those whose wording or strict text another word rules out (what engine.js counts then)."""
    words = query_words(query, exact)
    lead = next(w for w in words if mark_word(w))
    tests = [_variant_test(index, word, exact) for word in words if word != lead]
    found: dict[int, tuple[int, int]] = {}
    for variant, (size, canonical) in sorted(read_run_postings(index, lead).items()):
        if all(holds(variant, canonical) for holds in tests):
            count, first = found.get(canonical, (0, variant))
            found[canonical] = (count + size, first)
    return found


def _variant_test(index: SearchIndex, word: str, exact: bool) -> Callable[[int, int], bool]:
    """Whether a strict variant (of the wording of a canonical item) holds a query word."""
    if mark_word(word):
        held = read_run_postings(index, word)
        return lambda variant, _canonical: variant in held
    core = loose(word)
    hits = {item: [] for item in read_postings(index, core)} if len(core) == 1 else _canonical_starts(index, core)
    checks = [(read_postings(index, key), j, must) for key, j, must in gap_checks(word)] if exact else []

    def holds(variant: int, canonical: int) -> bool:
        if canonical not in hits or not checks:
            return canonical in hits
        starts = hits[canonical]
        if len(core) == 1:  # a single character: where it can start, from the first check
            positions, j0, _must = checks[0]
            starts = [g - j0 for g in positions.get(variant, [])]
        return any(all((p + j in lst.get(variant, ())) == must for lst, j, must in checks) for p in starts)

    return holds
