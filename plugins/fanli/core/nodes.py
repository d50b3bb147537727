"""Reading YAML as nodes, so that every message can name the file and line it is about.

The text is composed into nodes (libyaml when available) and walked by hand by `NodeReader`,
whose checks collect `Problem`s instead of raising: one run lists every finding.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fanli.core.errors import Problem, display_path
from fanli.core.model import Category, Source
from fanli.core.text import FIRST_YEAR, LAST_YEAR

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode category Cc, less tab and newline
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters that reorder or hide text, so that what a reader sees differs from what is stored:
# the bidirectional embeddings, overrides and isolates, and the zero-width characters.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]")
MAX_SLUG = 100  # ids and slugs become file names (≤ 255 bytes) inside paths the file system must accept
MAX_DEPTH = 100  # YAML nesting; deeper data is no report, and walking it would exhaust the stack
YEAR = re.compile(r"^[0-9]{4}$")

T = TypeVar("T")


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


def syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    """One line for a YAML syntax error, at the line where the parser stopped.

    PyYAML 6.0.4 and newer stop over-deep nesting in the scanner, before `_shared_node` sees it;
    that case gets the same message as ours, whichever version is installed.
    """
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = error.problem or error.context or ""
    if "nesting depth" in problem:
        return Problem(display_path(path), line, f"the data is nested more than {MAX_DEPTH} levels deep")
    return Problem(display_path(path), line, f"YAML syntax error: {problem}")


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
        problems.append(syntax_problem(path, e))
        return None
    except yaml.YAMLError as e:
        problems.append(Problem(display_path(path), 1, f"YAML error: {e}"))
        return None
    if node is None:
        problems.append(Problem(display_path(path), 1, "the file is empty"))
        return None
    refused = _shared_node(node)
    if refused is not None:
        problems.append(Problem(display_path(path), refused[0], refused[1]))
        return None
    return node


def _shared_node(root: Node) -> tuple[int, str] | None:
    """(line, why) of the first alias or over-deep nesting, walking without recursion.

    An alias (`*name`) makes two places share one node: a recursive one never ends and a few
    nested ones stand for billions of sections. Data files are written by hand or by the
    importer and need neither, so every alias is refused.
    """
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return node.start_mark.line + 1, "YAML aliases (*name) are not allowed in data files; write the text out"
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return node.start_mark.line + 1, f"the data is nested more than {MAX_DEPTH} levels deep"
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in reversed(node.value))
        elif isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack.extend(((value, depth + 1), (key, depth + 1)))
    return None


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
        hidden = INVISIBLE.search(value)
        if hidden is not None:
            self.fail(
                node,
                f"{what} contains the invisible character U+{ord(hidden.group()):04X}, which can make text"
                " show differently from what it says; delete it",
            )
            return None
        return value

    def slug(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG.match(value):
            self.fail(node, f"{what} '{value[:MAX_SLUG]}' must be lower-case ASCII letters, digits and single hyphens")
            return None
        if value is not None and len(value) > MAX_SLUG:
            self.fail(node, f"{what} '{value[:20]}…' is {len(value)} characters long; at most {MAX_SLUG} are allowed")
            return None
        return value

    def year(self, node: Node, what: str) -> int | None:
        if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:int" and YEAR.match(node.value)):
            shown = node.value[:20] if isinstance(node, ScalarNode) else _describe(node)
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
