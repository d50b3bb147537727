"""`fanli bundle`: reproducible archives with a manifest that checks out."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

from fanli.bundle import MANIFEST, bundle

from conftest import ROOT


def test_bundle_is_reproducible_and_its_manifest_checks_out(tmp_path: Path) -> None:
    first = bundle(ROOT / "mkdocs.yml", tmp_path / "a")
    second = bundle(ROOT / "mkdocs.yml", tmp_path / "b")
    assert [p.name for p in first] == ["fanli-site.zip", "fanli-site.tar.gz", f"fanli-site.{MANIFEST}"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name

    sums = dict(line.split("  ")[::-1] for line in first[2].read_text(encoding="utf-8").splitlines())
    for archive in first[:2]:
        assert sums[archive.name] == hashlib.sha256(archive.read_bytes()).hexdigest()

    with zipfile.ZipFile(first[0]) as archive:
        names = archive.namelist()
        manifest = archive.read(f"fanli-site/{MANIFEST}").decode("utf-8")
        for line in manifest.splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(archive.read(f"fanli-site/{name}")).hexdigest() == digest, name
    assert "fanli-site/index.html" in names and "fanli-site/2023/index.html" in names
    assert len(manifest.splitlines()) == len(names) - 1
    with tarfile.open(fileobj=io.BytesIO(first[1].read_bytes()), mode="r:gz") as archive:
        assert sorted(archive.getnames()) == sorted(names)


def test_offline_bundle_links_to_html_files(tmp_path: Path) -> None:
    archive_path = bundle(ROOT / "mkdocs.yml", tmp_path, offline=True)[0]
    with zipfile.ZipFile(archive_path) as archive:
        home = archive.read("fanli-site-offline/index.html").decode("utf-8")
    assert 'href="2023/index.html"' in home and 'href="years.html"' in home
