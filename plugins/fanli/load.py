"""Read `data/` into the frozen model, checking everything on the way.

The YAML is composed into nodes (libyaml when available) and walked by hand, so every
message can name the file and line it is about. All problems of all files are collected
before anything is raised: one run of `fanli check` lists them all.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fanli.model import Category, Document, Library, Paragraph, Phrase, Section, Source, Taxonomy, Unit

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode category Cc, less tab and newline
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_UNIT_IDS = frozenset({"theme", "page", "index"})
FIRST_YEAR, LAST_YEAR = 1949, 2100
TAXONOMY_AXES = ("genres", "levels", "kinds", "themes")
OPTIONAL_AXES = ("functions",)  # phrase functions: older taxonomies without them stay valid
REQUIRED_KINDS = ("开头", "结尾")  # the kinds given to a document's opening and closing
FRAME_FIELDS = ("subtitle", "salutation", "closing_formula", "signature", "date")  # metadata around the text

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataError(Exception):
    """The data cannot be built. `problems` lists every finding, in file order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """The path as a person typed it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file decoded as UTF-8 (a BOM is allowed), or None with a problem recorded."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(Problem(shown, 1, f"cannot be read: {e.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, f"is not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); save it as UTF-8")
        )
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, "the file is empty"))
        return None
    return text


def compose(path: Path, problems: list[Problem], text: str | None = None) -> Node | None:
    """The file's YAML node tree; `text`, when given, stands for the file's contents."""
    if text is None:
        text = read_text(path, problems)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as e:
        offset = text.find(chr(e.character))  # libyaml reports a byte offset, so find the character
        line = text[:offset].count("\n") + 1
        problems.append(Problem(display_path(path), line, f"contains the control character U+{e.character:04X}"))
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(display_path(path), line, f"YAML syntax error: {e.problem or e.context}"))
        return None
    except yaml.YAMLError as e:
        problems.append(Problem(display_path(path), 1, f"YAML error: {e}"))
        return None
    if node is None:
        problems.append(Problem(display_path(path), 1, "the file is empty"))
    return node


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


class NodeReader:
    """Typed access to YAML nodes of one file; every mistake becomes a Problem with its line."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = display_path(path)
        self.problems = problems

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1

    def source(self, node: Node) -> Source:
        return Source(self.path, self.line(node))

    def fail(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, message))

    def mapping(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """The mapping's fields by name; None (after reporting) when unusable."""
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping of fields, not {_describe(node)}")
            return None
        fields: dict[str, Node] = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.fail(key_node, f"{what} has a field name that is not text")
            elif key in fields:
                self.fail(key_node, f"{what} has the field '{key}' twice")
            elif key not in allowed:
                self.fail(
                    key_node,
                    f"unknown field '{key}' in {what}{_suggest(key, allowed)}; allowed: {', '.join(allowed)}",
                )
            else:
                fields[key] = value_node
        missing = [k for k in required if k not in fields]
        for key in missing:
            self.fail(node, f"{what} is missing the field '{key}'")
        return fields

    def text(self, node: Node, what: str) -> str | None:
        """A scalar read as plain text, whatever YAML would resolve it to."""
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} must be text, not {_describe(node)}")
            return None
        value = node.value.strip()
        if not value:
            self.fail(node, f"{what} is empty")
            return None
        bad = CONTROL.search(value)
        if bad is not None:
            self.fail(node, f"{what} contains the control character U+{ord(bad.group()):04X}")
            return None
        return value

    def slug(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG.match(value):
            self.fail(node, f"{what} '{value}' must be lower-case ASCII letters, digits and single hyphens")
            return None
        return value

    def year(self, node: Node, what: str) -> int | None:
        if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:int"):
            shown = node.value if isinstance(node, ScalarNode) else _describe(node)
            self.fail(node, f"{what} must be a year written in digits such as 2023, not '{shown}'")
            return None
        year = int(node.value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.fail(node, f"{what} {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
            return None
        return year

    def boolean(self, node: Node, what: str) -> bool:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        self.fail(node, f"{what} must be true or false")
        return False

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be a list, not {_describe(node)}")
            return []
        return node.value

    def items(self, node: Node, what: str, read: Callable[[Node, str], T | None]) -> list[T]:
        values = (read(item, what) for item in self.sequence(node, f"{what} list"))
        return [v for v in values if v is not None]

    def choice(self, node: Node, what: str, choices: dict[str, Category]) -> str | None:
        value = self.text(node, what)
        if value is not None and value not in choices:
            self.fail(
                node, f"unknown {what} '{value}'{_suggest(value, choices)}; taxonomy.yml lists: {', '.join(choices)}"
            )
            return None
        return value

    def choices(self, node: Node, what: str, choices: dict[str, Category]) -> tuple[str, ...]:
        values = self.items(node, what, lambda n, w: self.choice(n, w, choices))
        return tuple(dict.fromkeys(values))


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'"


# --- taxonomy ---------------------------------------------------------------------------


def load_taxonomy(path: Path, problems: list[Problem]) -> Taxonomy | None:
    node = compose(path, problems)
    if node is None:
        return None
    r = NodeReader(path, problems)
    fields = r.mapping(node, "taxonomy", TAXONOMY_AXES, OPTIONAL_AXES)
    if fields is None or not set(TAXONOMY_AXES) <= fields.keys():
        return None
    axes = {axis: _load_axis(r, fields[axis], axis) for axis in TAXONOMY_AXES + OPTIONAL_AXES if axis in fields}
    names = {c.name for c in axes["kinds"]}
    for kind in REQUIRED_KINDS:
        if kind not in names:
            r.fail(fields["kinds"], f"kinds must include '{kind}'")
    if "functions" in fields:
        for clash in sorted(names & {c.name for c in axes["functions"]}):
            r.fail(fields["functions"], f"'{clash}' is both a section kind and a phrase function")
    return Taxonomy(**axes)


def _load_axis(r: NodeReader, node: Node, axis: str) -> tuple[Category, ...]:
    entries: list[Category] = []
    seen_names: set[str] = set()
    seen_slugs: set[str] = set()
    for item in r.sequence(node, axis):
        fields = r.mapping(item, f"an entry of {axis}", ("name", "slug", "description"), ("keywords",))
        if fields is None or not {"name", "slug", "description"} <= fields.keys():
            continue
        name = r.text(fields["name"], "name")
        slug = r.slug(fields["slug"], "slug")
        description = r.text(fields["description"], "description")
        keywords = r.items(fields["keywords"], "keyword", r.text) if "keywords" in fields else []
        if name is None or slug is None or description is None:
            continue
        if name in seen_names:
            r.fail(item, f"{axis} lists '{name}' twice")
        elif slug in seen_slugs:
            r.fail(fields["slug"], f"{axis} uses the slug '{slug}' twice")
        seen_names.add(name)
        seen_slugs.add(slug)
        entries.append(Category(name, slug, description, tuple(keywords)))
    return tuple(entries)


# --- units and documents ------------------------------------------------------------------


class _DocumentReader:
    """Reads one document, numbering its sections and paragraphs in reading order."""

    def __init__(self, r: NodeReader, taxonomy: Taxonomy):
        self.r = r
        self.kinds = taxonomy.by_name("kinds")
        self.themes = taxonomy.by_name("themes")
        self.genres = taxonomy.by_name("genres")
        self.paragraph_count = 0

    def paragraphs(self, node: Node, what: str) -> tuple[Paragraph, ...]:
        texts = self.r.items(node, what, self.r.text)
        out = []
        for text in texts:
            self.paragraph_count += 1
            out.append(Paragraph(text, f"p{self.paragraph_count}"))
        return tuple(out)

    def sections(self, node: Node, parent_anchor: str, depth: int) -> tuple[Section, ...]:
        out = []
        for position, item in enumerate(self.r.sequence(node, "sections"), start=1):
            section = self.section(item, f"{parent_anchor}-{position}" if parent_anchor else f"s{position}", depth)
            if section is not None:
                out.append(section)
        return tuple(out)

    def section(self, node: Node, anchor: str, depth: int) -> Section | None:
        r = self.r
        fields = r.mapping(
            node, "a section", ("heading",), ("kind", "kinds", "themes", "run_in", "paragraphs", "subsections")
        )
        if fields is None:
            return None
        heading = r.text(fields["heading"], "heading") if "heading" in fields else None
        if "kind" in fields and "kinds" in fields:
            r.fail(fields["kinds"], "a section has either 'kind' or 'kinds', not both")
        kinds: tuple[str, ...] = ()
        if "kind" in fields:
            kind = r.choice(fields["kind"], "section kind", self.kinds)
            kinds = (kind,) if kind else ()
        elif "kinds" in fields:
            kinds = r.choices(fields["kinds"], "section kind", self.kinds)
        themes = r.choices(fields["themes"], "theme", self.themes) if "themes" in fields else ()
        run_in = r.boolean(fields["run_in"], "run_in") if "run_in" in fields else False
        paragraphs = self.paragraphs(fields["paragraphs"], "paragraph") if "paragraphs" in fields else ()
        subsections = self.sections(fields["subsections"], anchor, depth + 1) if "subsections" in fields else ()
        if heading is None:
            return None
        return Section(heading, anchor, kinds, themes, run_in, paragraphs, subsections, depth)

    def document(self, node: Node, unit: Unit) -> Document | None:
        r = self.r
        fields = r.mapping(
            node,
            "a document",
            ("id", "title", "year", "genre", "themes"),
            ("source", *FRAME_FIELDS[:2], "opening", "sections", "closing", *FRAME_FIELDS[2:]),
        )
        if fields is None:
            return None
        doc_id = r.slug(fields["id"], "document id") if "id" in fields else None
        title = r.text(fields["title"], "title") if "title" in fields else None
        year = r.year(fields["year"], "year") if "year" in fields else None
        genre = r.choice(fields["genre"], "genre", self.genres) if "genre" in fields else None
        themes = r.choices(fields["themes"], "theme", self.themes) if "themes" in fields else ()
        source = r.text(fields["source"], "source") if "source" in fields else ""
        opening = self.paragraphs(fields["opening"], "paragraph") if "opening" in fields else ()
        sections = self.sections(fields["sections"], "", 1) if "sections" in fields else ()
        closing = self.paragraphs(fields["closing"], "paragraph") if "closing" in fields else ()
        frame = {name: r.text(fields[name], name) for name in FRAME_FIELDS if name in fields and name != "signature"}
        signature = tuple(r.items(fields["signature"], "signature line", r.text)) if "signature" in fields else ()
        if None in (doc_id, title, year, genre, source, *frame.values()):
            return None
        return Document(
            doc_id, title, year, genre, themes, unit, source, opening, sections, closing,  # type: ignore[arg-type]
            r.source(node), signature=signature, **frame,  # type: ignore[arg-type]
        )  # fmt: skip


def load_unit_file(
    path: Path, taxonomy: Taxonomy, problems: list[Problem], text: str | None = None
) -> tuple[Unit | None, list[Document]]:
    """One unit file (or `text` standing for it), checked; problems are appended to `problems`."""
    node = compose(path, problems, text)
    if node is None:
        return None, []
    r = NodeReader(path, problems)
    fields = r.mapping(node, "a unit file", ("unit", "documents"))
    if fields is None or "unit" not in fields:
        return None, []
    unit = _load_unit(r, fields["unit"], taxonomy, path)
    if "documents" not in fields:
        return unit, []
    # Documents are checked even when the unit is not valid, so that one run reports everything.
    owner = unit or Unit(path.stem, path.stem, "")
    documents = []
    for item in r.sequence(fields["documents"], "documents"):
        document = _DocumentReader(r, taxonomy).document(item, owner)
        if document is not None:
            documents.append(document)
    return unit, documents if unit else []


def _load_unit(r: NodeReader, node: Node, taxonomy: Taxonomy, path: Path) -> Unit | None:
    fields = r.mapping(node, "the unit", ("id", "name", "level"), ("region",))
    if fields is None:
        return None
    unit_id = r.slug(fields["id"], "unit id") if "id" in fields else None
    name = r.text(fields["name"], "unit name") if "name" in fields else None
    level = r.choice(fields["level"], "unit level", taxonomy.by_name("levels")) if "level" in fields else None
    region = r.text(fields["region"], "region") if "region" in fields else ""
    if unit_id is not None:
        if unit_id != path.stem:
            r.fail(fields["id"], f"unit id '{unit_id}' does not match the file name '{path.name}'")
        elif unit_id in RESERVED_UNIT_IDS:
            r.fail(fields["id"], f"unit id '{unit_id}' is reserved for the site's own pages")
    if unit_id is None or name is None or level is None or region is None:
        return None
    return Unit(unit_id, name, level, region, r.source(node))


def load_unit_text(text: str, path: Path, taxonomy: Taxonomy) -> tuple[Unit, list[Document]]:
    """A unit file's text, as if read from `path`; raises DataError. For the importer."""
    problems: list[Problem] = []
    unit, documents = load_unit_file(path, taxonomy, problems, text)
    if problems or unit is None:
        raise DataError(problems)
    return unit, documents


# --- curated phrases ----------------------------------------------------------------------


def load_phrases(path: Path, taxonomy: Taxonomy, problems: list[Problem]) -> list[Phrase]:
    """`data/phrases.yml`: a list of phrases, each in a category of the taxonomy's kinds or functions."""
    node = compose(path, problems)
    if node is None:
        return []
    r = NodeReader(path, problems)
    categories = {**taxonomy.by_name("kinds"), **taxonomy.by_name("functions")}
    phrases: list[Phrase] = []
    seen: dict[str, Source] = {}
    for item in r.sequence(node, "phrases"):
        fields = r.mapping(item, "a phrase", ("text", "category"), ("tags", "note"))
        if fields is None or not {"text", "category"} <= fields.keys():
            continue
        text = r.text(fields["text"], "phrase text")
        category = r.choice(fields["category"], "phrase category", categories)
        tags = tuple(dict.fromkeys(r.items(fields["tags"], "tag", r.text))) if "tags" in fields else ()
        note = r.text(fields["note"], "note") if "note" in fields else ""
        if text is None or category is None or note is None:
            continue
        if text in seen:
            r.fail(item, f"the phrase '{text}' is listed twice (first at {seen[text]})")
            continue
        seen[text] = r.source(item)
        phrases.append(Phrase(text, category, tags, note, r.source(item)))
    return phrases


def unit_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "units").glob("*.yml"))


def load_library(data_dir: str | os.PathLike[str]) -> Library:
    """The whole library under `data_dir`; raises DataError listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    taxonomy_path = data_dir / "taxonomy.yml"
    if not taxonomy_path.is_file():
        raise DataError([Problem(display_path(taxonomy_path), 1, "the taxonomy file is missing")])
    taxonomy = load_taxonomy(taxonomy_path, problems)
    if taxonomy is None:
        raise DataError(problems)
    units: list[Unit] = []
    documents: list[Document] = []
    first_seen: dict[str, Source] = {}
    for path in unit_files(data_dir):
        unit, docs = load_unit_file(path, taxonomy, problems)
        if unit is not None:
            units.append(unit)
        for doc in docs:
            if doc.id in first_seen:
                problems.append(
                    Problem(
                        doc.origin.path,
                        doc.origin.line,
                        f"duplicate document id '{doc.id}' (first defined at {first_seen[doc.id]})",
                    )
                )
                continue
            first_seen[doc.id] = doc.origin
            documents.append(doc)
    phrases_path = data_dir / "phrases.yml"
    phrases = load_phrases(phrases_path, taxonomy, problems) if phrases_path.is_file() else []
    if problems:
        raise DataError(problems)
    return Library(taxonomy, tuple(units), tuple(documents), tuple(phrases))
