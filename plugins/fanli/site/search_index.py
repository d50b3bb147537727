"""Exact-wording search: the library as small index files the search page loads on demand.

Every paragraph is normalised one character at a time (NFKC, then lower case), so full-width
and half-width letters, digits and punctuation compare equal, and the browser, which
normalises the query the same way, agrees on every position. The index has two kinds of keys:

- each character, with the paragraphs that contain it (one-character queries);
- each pair of neighbouring characters (bigram), with the paragraphs *and the positions* where
  it occurs. A longer query is covered by a few bigrams at known offsets (党风廉政建设 →
  党风@0 廉政@2 建设@4); a paragraph contains the query exactly when the bigrams occur at
  those offsets from one position, so candidates are verified without downloading their text
  and the hit count is exact. The page still reads the real text of the hits it shows and
  highlights the query in it.

Keys are spread over posting shards by a hash the browser computes the same way; the text of
each document is a file of its own, fetched only for the hits on screen. Every file is a
`.js` file that hands its data to a global callback, so the index loads with <script> tags,
which browsers allow from disk (file://) where they refuse fetch().

Posting encoding (numbers as in `encode_numbers`):
    character: (paragraph − previous paragraph)…
    bigram:    ((paragraph − previous paragraph) × 2 + several, [count − 2 if several],
                position − previous position, …count times)…
with "previous paragraph" −1 at the start of the list and "previous position" 0 at the start
of each paragraph.

Pure: no MkDocs. `build_search_index` returns file names (relative to the index folder) and
their bytes.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from fanli.core.model import Document, Library, Paragraph
from fanli.site import routes
from fanli.site.indexes import newest_first, placed_paragraphs

INDEX_DIR = "search-index"  # where the files go in the site
FORMAT = 1
SHARD_BYTES = 32 * 1024  # aim for posting shards of this size
BATCH_CHARS = 1_000_000  # characters indexed per numpy pass: bounds the memory the build needs
CALLBACKS = {"meta": "fanliSearchMeta", "postings": "fanliSearchPostings", "text": "fanliSearchText"}


class Normalizer:
    """NFKC + lower case, character by character, with a translation table grown as text is seen."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.table: dict[int, str] = {}

    def __call__(self, text: str) -> str:
        new = set(text) - self.seen
        if new:
            for char in new:
                folded = unicodedata.normalize("NFKC", char).lower()
                if folded != char:
                    self.table[ord(char)] = folded
            self.seen |= new
        return text.translate(self.table)


normalize = Normalizer()


def query_words(query: str) -> list[str]:
    """The normalised words of a query: all must occur in a paragraph (duplicates dropped)."""
    return list(dict.fromkeys(normalize(query).split()))


def matches(text: str, words: list[str]) -> bool:
    """Whether the paragraph `text` contains every normalised word: the reference of the index."""
    folded = normalize(text)
    return bool(words) and all(w in folded for w in words)


def shard_of(key: str, shards: int) -> int:
    """The posting shard of a key; search.js computes the same."""
    h = 0
    for char in key:
        h = (h * 65599 + ord(char)) % shards
    return h


@dataclass(frozen=True)
class Entry:
    """One searchable paragraph, in index order (its position in the list is its id)."""

    doc: int
    paragraph: Paragraph
    kinds: tuple[str, ...]
    themes: tuple[str, ...]  # the document's themes and those of the sections it is in


def document_entries(doc: Document, number: int) -> Iterator[Entry]:
    """The paragraphs of a document in reading order, each with the kinds and themes it is under."""
    for placed in placed_paragraphs(doc):
        yield Entry(number, placed.paragraph, placed.kinds, placed.themes)


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

    def __init__(self) -> None:
        self.chunks: dict[str, list[bytes]] = defaultdict(list)
        self.last: dict[str, int] = {}  # the last paragraph id written for a key

    def add(self, texts: list[str], first_id: int) -> None:
        if not texts:
            return
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        joined = "\n".join(texts) + "\n"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        para = np.repeat(np.arange(first_id, first_id + len(texts), dtype=np.int64), lengths + 1)
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

    def _add_keys(self, keys: np.ndarray, paras: np.ndarray, positions: np.ndarray | None) -> None:
        n = len(keys)
        if n == 0:
            return
        new_key = np.ones(n, dtype=bool)
        new_key[1:] = keys[1:] != keys[:-1]
        new_group = new_key.copy()
        new_group[1:] |= paras[1:] != paras[:-1]
        group_rows = np.flatnonzero(new_group)
        key_rows = np.flatnonzero(new_key)
        if positions is None:
            names = [chr(k) for k in keys[key_rows].tolist()]
        else:
            names = [chr(k >> 21) + chr(k & 0x1FFFFF) for k in keys[key_rows].tolist()]
        previous = np.empty(len(group_rows), dtype=np.int64)
        previous[1:] = paras[group_rows[:-1]]
        first_groups = np.flatnonzero(new_key[group_rows])
        previous[first_groups] = [self.last.get(name, -1) for name in names]
        para_deltas = paras[group_rows] - previous

        if positions is None:
            values, value_of_row = para_deltas, np.arange(n)
        else:
            # per paragraph: delta × 2 + (more than one position), [count − 2], positions as deltas
            counts = np.diff(np.append(group_rows, n))
            several = (counts > 1).astype(np.int64)
            pos_deltas = positions.copy()
            pos_deltas[1:] -= np.where(new_group[1:], 0, positions[:-1])
            header = np.zeros(n, dtype=np.int64)
            header[group_rows] = 1 + several
            width = 1 + header
            value_of_row = np.cumsum(width) - width
            values = np.empty(int(width.sum()), dtype=np.int64)
            heads = value_of_row[group_rows]
            values[heads] = para_deltas * 2 + several
            values[heads[several == 1] + 1] = counts[several == 1] - 2
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
    paragraphs: int
    text_bytes: int  # UTF-8 size of every paragraph's text: what the index size is compared with

    @property
    def index_bytes(self) -> int:
        return sum(len(content) for content in self.files.values())


def script(callback: str, *args: object) -> bytes:
    """A .js file that hands `args` (as JSON) to the global function `callback`."""
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{callback}({body});\n".encode()


def _runs(doc_entries: list[Entry], combos: dict[tuple, int], axes: dict[str, list]) -> list[int]:
    """(length, combination) runs of consecutive paragraphs under the same kinds and themes."""
    runs: list[int] = []
    for entry in doc_entries:
        combo = (
            tuple(axes["kind"].index(k) for k in entry.kinds if k in axes["kind"]),
            tuple(axes["theme"].index(t) for t in entry.themes if t in axes["theme"]),
        )
        number = combos.setdefault(combo, len(combos))
        if runs and runs[-1] == number:
            runs[-2] += 1
        else:
            runs += [1, number]
    return runs


def build_search_index(library: Library, use_directory_urls: bool = True) -> SearchIndex:
    docs = ordered_documents(library)
    tax = library.taxonomy
    axes: dict[str, list] = {
        "year": sorted({d.year for d in docs}, reverse=True),
        "genre": [c.name for c in tax.genres],
        "level": [c.name for c in tax.levels],
        "kind": [c.name for c in tax.kinds],
        "theme": [c.name for c in tax.themes],
    }
    files: dict[str, bytes] = {}
    builder = PostingsBuilder()
    combos: dict[tuple, int] = {}
    doc_table: list[int] = []
    batch: list[str] = []
    batch_first = batch_chars = count = text_bytes = 0
    for number, doc in enumerate(docs):
        doc_entries = list(document_entries(doc, number))
        url = routes.page_url(routes.document(doc), use_directory_urls)
        record = {
            "url": url,
            "title": doc.title,
            "unit": doc.unit.name,
            "year": doc.year,
            "genre": doc.genre,
            "paragraphs": [[e.paragraph.anchor, e.paragraph.text] for e in doc_entries],
        }
        files[f"t/{number}.js"] = script(CALLBACKS["text"], number, record)
        runs = _runs(doc_entries, combos, axes)
        level = axes["level"].index(doc.unit.level) if doc.unit.level in axes["level"] else len(axes["level"])
        genre = axes["genre"].index(doc.genre) if doc.genre in axes["genre"] else len(axes["genre"])
        doc_table += [axes["year"].index(doc.year), genre, level, len(doc_entries), len(runs) // 2, *runs]
        for e in doc_entries:
            batch.append(normalize(e.paragraph.text))
            batch_chars += len(e.paragraph.text)
            text_bytes += len(e.paragraph.text.encode())
        count += len(doc_entries)
        if batch_chars >= BATCH_CHARS:
            builder.add(batch, batch_first)
            batch, batch_first, batch_chars = [], count, 0
    builder.add(batch, batch_first)

    postings = {name: data.decode("ascii") for name, data in builder.postings().items()}
    total = sum(len(name) * 3 + len(data) + 6 for name, data in postings.items())
    shards = max(1, -(-total // SHARD_BYTES))
    by_shard: list[dict[str, str]] = [{} for _ in range(shards)]
    for name in sorted(postings):
        by_shard[shard_of(name, shards)][name] = postings[name]
    for number, shard in enumerate(by_shard):
        files[f"p/{number}.js"] = script(CALLBACKS["postings"], number, shard)
    table, _ = encode_numbers(np.array(doc_table, dtype=np.int64))
    meta = {
        "format": FORMAT,
        "shards": shards,
        "documents": len(docs),
        "paragraphs": count,
        "axes": axes,
        "combos": [list(c) for c in combos],
        "docs": table.decode("ascii"),
    }
    files["meta.js"] = script(CALLBACKS["meta"], meta)
    return SearchIndex(files, count, text_bytes)


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


def read_postings(index: SearchIndex, key: str) -> dict[int, list[int]]:
    """Paragraph id → positions of a bigram (empty lists for a single character)."""
    meta = json.loads(index.files["meta.js"].decode()[len(CALLBACKS["meta"]) + 1 : -3])
    shard = index.files[f"p/{shard_of(key, meta['shards'])}.js"].decode()
    data = json.loads("[" + shard[len(CALLBACKS["postings"]) + 1 : -3] + "]")[1].get(key, "")
    numbers, para = _numbers(data), -1
    found: dict[int, list[int]] = {}
    for head in numbers:
        if len(key) == 1:
            para += head
            found[para] = []
            continue
        para += head // 2
        count = next(numbers) + 2 if head % 2 else 1
        positions, at = [], 0
        for _ in range(count):
            at += next(numbers)
            positions.append(at)
        found[para] = positions
    return found


def cover(length: int) -> list[int]:
    """Bigram offsets that cover a word of `length` ≥ 2 characters: 0, 2, 4 … and length − 2."""
    offsets = list(range(0, length - 1, 2))
    return offsets if offsets[-1] == length - 2 else [*offsets, length - 2]


def find(index: SearchIndex, query: str) -> list[int]:
    """Ids of the paragraphs that contain every word of `query`, read from the index alone."""
    found: set[int] | None = None
    for word in query_words(query):
        if len(word) == 1:
            hits = set(read_postings(index, word))
        else:
            offsets = cover(len(word))
            lists = [read_postings(index, word[o : o + 2]) for o in offsets]
            hits = {
                para
                for para, starts in lists[0].items()
                if all(para in lst for lst in lists[1:])
                and any(all(s + o in lst[para] for o, lst in zip(offsets, lists, strict=True)) for s in starts)
            }
        found = hits if found is None else found & hits
    return sorted(found or ())
