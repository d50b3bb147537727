"""Read `data/` into the frozen model, checking everything on the way.

The schema of the data: the taxonomy, unit files and curated phrases, walked node by node
(`nodes.NodeReader`) so every message names its file and line. All problems of all files are
collected before anything is raised: one run of `fanli check` lists them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import Node

from fanli.core.errors import DataError, Problem, display_path
from fanli.core.model import Category, Document, Library, Paragraph, Phrase, Section, Source, Taxonomy, Unit
from fanli.core.nodes import NodeReader, compose
from fanli.core.text import CLOSING, OPENING

RESERVED_UNIT_IDS = frozenset({"theme", "page", "index"})
# Names the site's fixed pages take in the folders where taxonomy slugs make pages (themes/index.md,
# kinds/compare.md …); tests/test_routes.py keeps this in step with site/routes.py.
RESERVED_SLUGS = frozenset({"index", "compare", "search", "years", "trends", "basket"})
MAX_SECTION_DEPTH = 12  # 一、（一）1.（1）… reports go four or five deep; deeper is a mistake
TAXONOMY_AXES = ("genres", "levels", "kinds", "themes")
OPTIONAL_AXES = ("functions",)  # phrase functions: older taxonomies without them stay valid
REQUIRED_KINDS = (OPENING, CLOSING)  # the kinds given to a document's opening and closing
FRAME_FIELDS = ("subtitle", "salutation", "closing_formula", "signature", "date")  # metadata around the text


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
        # kinds and functions both name phrase categories, whose pages and Word files share one folder
        for clash in sorted({c.slug for c in axes["kinds"]} & {c.slug for c in axes["functions"]}):
            r.fail(fields["functions"], f"the slug '{clash}' is used by a section kind and by a phrase function")
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
        if slug in RESERVED_SLUGS:
            r.fail(fields["slug"], f"the slug '{slug}' is the address of one of the site's own pages; choose another")
            slug = None
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
        subsections: tuple[Section, ...] = ()
        if "subsections" in fields and depth >= MAX_SECTION_DEPTH:
            r.fail(fields["subsections"], f"sections are nested more than {MAX_SECTION_DEPTH} levels deep")
        elif "subsections" in fields:
            subsections = self.sections(fields["subsections"], anchor, depth + 1)
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


@dataclass
class LoadCache:
    """Unit files as last read, by path, with the file's size and modification time: a later load in
    the same process (`mkdocs serve` after an edit) reads only the files that changed. What a file
    gives depends on nothing but its text and the taxonomy, so the result is the one a fresh load gives."""

    taxonomy: Taxonomy | None = None
    files: dict[Path, tuple[tuple[int, int], Unit | None, list[Document], list[Problem]]] = field(default_factory=dict)

    def load_unit_file(self, path: Path, taxonomy: Taxonomy) -> tuple[Unit | None, list[Document], list[Problem]]:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self.files.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1], kept[2], kept[3]
        problems: list[Problem] = []
        unit, documents = load_unit_file(path, taxonomy, problems)
        if kept is not None:
            unit, documents = _same_objects(kept[1], kept[2], unit, documents)
        self.files[path] = (stamp, unit, documents, problems)
        return unit, documents, problems

    def start(self, taxonomy: Taxonomy, paths: list[Path]) -> None:
        """Forget files that are gone, and every file if the taxonomy changed (it decides what a file means)."""
        if taxonomy != self.taxonomy:
            self.files.clear()
        self.taxonomy = taxonomy
        wanted = set(paths)
        for path in [p for p in self.files if p not in wanted]:
            del self.files[path]


def _same_objects(
    old_unit: Unit | None, old_documents: list[Document], unit: Unit | None, documents: list[Document]
) -> tuple[Unit | None, list[Document]]:
    """A file read again after an edit: its unit and each document that the edit left as they were
    (equal, and written at the same place) are the objects of the last read, so that what is made from
    them (pages, data scripts: `site.fingerprint` counts these objects by identity) is seen as unchanged."""
    if unit is None or old_unit is None or unit != old_unit or unit.source != old_unit.source:
        return unit, documents
    old = {doc.id: doc for doc in old_documents}
    kept = []
    for doc in documents:
        before = old.get(doc.id)
        if before is not None and before == doc and before.origin == doc.origin:
            kept.append(before)
        else:
            kept.append(replace(doc, unit=old_unit))
    return old_unit, kept


def load_library(data_dir: str | os.PathLike[str], cache: LoadCache | None = None) -> Library:
    """The whole library under `data_dir`; raises DataError listing every problem. With a `cache`,
    unit files unchanged since its last load are not read again."""
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
    paths = unit_files(data_dir)
    if cache is not None:
        cache.start(taxonomy, paths)
    for path in paths:
        if cache is None:
            unit, docs = load_unit_file(path, taxonomy, problems)
        else:
            unit, docs, file_problems = cache.load_unit_file(path, taxonomy)
            problems += file_problems
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
