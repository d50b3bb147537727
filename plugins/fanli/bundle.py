"""`fanli bundle`: build the site and pack it for an intranet server or a shared folder.

The build runs as `python -m mkdocs build` in a child process (this module does not import
MkDocs). The archives are reproducible: members in sorted order with fixed times and
owners, so the same site gives the same bytes, and a SHA-256 manifest inside the site and
beside the archives lets a receiver check what arrived.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from fanli.core.errors import FanliError

MANIFEST = "SHA256SUMS"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class BundleFailure(FanliError):
    """The site could not be built or packed."""


def build_site(config_file: Path, site_dir: Path, *, offline: bool) -> None:
    """`mkdocs build --strict` into `site_dir`; `offline` gives `.html` addresses for opening from disk."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site_dir)]
    if offline:
        command.append("--no-directory-urls")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise BundleFailure(f"the build failed:\n{result.stderr.strip()}")


def site_files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_manifest(site_dir: Path) -> None:
    """`SHA256SUMS` at the site root, in the format `sha256sum -c` reads."""
    lines = [f"{sha256((site_dir / name).read_bytes())}  {name}\n" for name in site_files(site_dir) if name != MANIFEST]
    (site_dir / MANIFEST).write_text("".join(lines), encoding="utf-8")


def zip_bytes(site_dir: Path, root: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in site_files(site_dir):
            info = zipfile.ZipInfo(f"{root}/{name}", ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (site_dir / name).read_bytes())
    return buffer.getvalue()


def tar_gz_bytes(site_dir: Path, root: str) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in site_files(site_dir):
            data = (site_dir / name).read_bytes()
            info = tarfile.TarInfo(f"{root}/{name}")
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, filename="") as compressed:
        compressed.write(raw.getvalue())
    return packed.getvalue()


def bundle(config_file: Path, out_dir: Path, *, offline: bool = False, name: str = "fanli-site") -> list[Path]:
    """Build, then write `<name>.zip`, `<name>.tar.gz` and their `SHA256SUMS` into `out_dir`."""
    root = f"{name}-offline" if offline else name
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        build_site(config_file, site_dir, offline=offline)
        write_manifest(site_dir)
        archives = {f"{root}.zip": zip_bytes(site_dir, root), f"{root}.tar.gz": tar_gz_bytes(site_dir, root)}
    written = []
    for filename, data in archives.items():
        (out_dir / filename).write_bytes(data)
        written.append(out_dir / filename)
    sums = "".join(f"{sha256(data)}  {filename}\n" for filename, data in archives.items())
    (out_dir / f"{root}.{MANIFEST}").write_text(sums, encoding="utf-8")
    written.append(out_dir / f"{root}.{MANIFEST}")
    return written
