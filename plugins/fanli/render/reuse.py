"""What a serve rebuild keeps from the previous build in the same site folder.

Under `mkdocs serve --dirty` MkDocs keeps the site folder between rebuilds and asks each file whether
it changed. A rebuild re-plans the site and compares each page's inputs with those the page had in the
last build written to the same folder (`site.fingerprint.alike`: the objects a rebuild gives again are
the very same, so an unchanged page is told by identity, without walking or hashing what it holds), and
each data script's inputs likewise. A page whose inputs are alike is neither
rendered nor written again, a data script is not rebuilt, and no file beside the pages (search index,
scripts, Word files) is rewritten with the bytes it already holds. Outputs the last build wrote and this
one does not (a removed report's page, a search shard fewer) are deleted, so the folder ends as a full
build would leave it.

`salt` stands for everything outside the data that shapes every page (mkdocs.yml, the hand-written
pages and so the navigation, the templates, the taxonomy): when it changes, nothing is kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanli.site.fingerprint import Unknown, alike
from fanli.site.pages import PageSpec, resolved
from fanli.site.plan import ScriptSpec


def content_digest(content: bytes) -> bytes:
    """The digest a side output's bytes are remembered by."""
    return hashlib.blake2b(content, digest_size=16).digest()


def source_stamp(config_file: Path | None, folders: Iterable[Path | None], *values: Any) -> bytes:
    """A digest of the configuration file's bytes, every file's path, size and modification time under
    `folders`, and `values` (plain values and dataclasses, pickled): what shapes every page besides the data."""
    digest = hashlib.blake2b(digest_size=16)
    if config_file is not None and config_file.is_file():
        digest.update(config_file.read_bytes())
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    digest.update(pickle.dumps(values, protocol=5))
    return digest.digest()


@dataclass
class Outputs:
    """One build's outputs in a site folder: page inputs (`page_inputs`) and script inputs (key, builder) by
    source path, the page files' site-relative paths, and the side outputs' content digests by site-relative path."""

    site_dir: Path
    salt: bytes
    pages: dict[str, Any] = field(default_factory=dict)
    scripts: dict[str, Any] = field(default_factory=dict)
    page_files: set[str] = field(default_factory=set)
    side_files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """What this build keeps: pages and scripts (source paths) whose last output is still right."""

    kept_pages: frozenset[str]
    kept_scripts: frozenset[str]
    side_files: Mapping[str, bytes]  # the last build's side outputs still in the folder, by content digest


class OutputReuse:
    """The outputs of the last build that finished in a site folder, and of the build under way."""

    def __init__(self) -> None:
        self.last: Outputs | None = None
        self.current: Outputs | None = None
        self.unknown = 0  # pages and scripts of the build under way whose inputs `alike` cannot vouch for

    def plan_scripts(self, site_dir: Path, salt: bytes, scripts: Sequence[ScriptSpec]) -> Plan:
        """The data scripts whose last output is still right: what the side outputs' worker needs, which can
        then start while the pages are compared (`plan_pages`, next)."""
        current = self.current = Outputs(site_dir.resolve(), salt)
        self.unknown = 0
        last = self._comparable()
        before = {} if last is None else last.scripts
        kept = []
        for script in scripts:
            inputs = current.scripts[script.src] = (script.key, script.build)
            last_inputs = before.get(script.src)
            if last_inputs is not None and self._alike(last_inputs, inputs):
                kept.append(script.src)
        if self.last is not None:
            self.last.scripts = {}
        return Plan(frozenset(), frozenset(kept), {} if last is None else last.side_files)

    def plan_pages(self, pages: Sequence[PageSpec]) -> frozenset[str]:
        """After `plan_scripts`: the pages whose last output is still right.
        Each page's inputs are kept until the next plan has been compared with them (which keeps what
        they hold alive: no object of the next plan can take the identity of one of those); the last
        plan's go once compared."""
        current = self.current
        assert current is not None, "plan_scripts first"
        last = self._comparable()
        before = {} if last is None else last.pages
        kept = []
        for spec in pages:
            inputs = current.pages[spec.src] = page_inputs(spec)
            last_inputs = before.get(spec.src)
            if last_inputs is not None and self._alike(last_inputs, inputs):
                kept.append(spec.src)
        if self.last is not None:
            self.last.pages = {}
        return frozenset(kept)

    def _comparable(self) -> Outputs | None:
        """The last build's outputs if they are in the same folder and shaped by the same salt."""
        last, current = self.last, self.current
        if last is None or current is None or last.site_dir != current.site_dir or last.salt != current.salt:
            return None
        return last

    def _alike(self, last: Any, value: Any) -> bool:
        try:
            return alike(last, value)
        except Unknown:
            self.unknown += 1
            return False

    def finish(self, page_files: Iterable[str], side_files: dict[str, bytes], other_files: Iterable[str]) -> list[str]:
        """Records the build under way as finished; deletes what the last build wrote and this one did not
        (`other_files`: what MkDocs wrote besides the generated pages). The deleted paths."""
        current, last = self.current, self.last
        self.current = None
        if current is None:
            return []
        current.page_files = set(page_files)
        current.side_files = side_files
        self.last = current
        if last is None or last.site_dir != current.site_dir:
            return []
        written = current.page_files | current.side_files.keys() | set(other_files)
        stale = sorted((last.page_files | last.side_files.keys()) - written)
        for path in stale:
            _remove(current.site_dir, path)
        return stale

    def forget(self) -> None:
        """The build failed or showed the error page: the next one keeps nothing (but still removes what
        the last finished build wrote and it does not)."""
        last, self.current = self.last, None
        if last is not None:
            self.last = Outputs(
                last.site_dir, b"", page_files=last.page_files, side_files=dict.fromkeys(last.side_files, b"")
            )


def page_inputs(spec: PageSpec) -> tuple[Any, ...]:
    """What a page is made from besides the salt: its template, title, edit link and the values its
    template is given (a `Deferred` value computed: what the page shows, not how it is worked out)."""
    return (spec.template, spec.title, spec.edit_path, resolved(spec.context))


def _remove(site_dir: Path, relative: str) -> None:
    """Deletes a file of the site and the folders it leaves empty."""
    path = site_dir / relative
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def unchanged(site_dir: Path, relative: str, digest: bytes, previous: Mapping[str, bytes]) -> bool:
    """Whether the side output at `relative` already holds the bytes of `digest`."""
    return previous.get(relative) == digest and os.path.isfile(site_dir / relative)
