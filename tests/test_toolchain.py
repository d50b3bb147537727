"""The site builds the same with MkDocs and with ProperDocs, and two builds are byte-identical."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, build_site

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml")]
    result = subprocess.run([*command, "-d", str(tmp_path / "properdocs")], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    mkdocs_site = build_site(ROOT, tmp_path / "mkdocs")
    ours, theirs = _tree(mkdocs_site), _tree(tmp_path / "properdocs")
    assert ours.keys() == theirs.keys()
    differing = [name for name in ours if GENERATOR.sub(b"", ours[name]) != GENERATOR.sub(b"", theirs[name])]
    assert differing == []


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's date; fixed, as `fanli bundle` fixes it
    first = build_site(ROOT, tmp_path / "first")
    second = build_site(ROOT, tmp_path / "second")
    comparison = filecmp.dircmp(first, second)
    assert _tree(first) == _tree(second), comparison.diff_files
