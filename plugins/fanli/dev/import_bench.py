"""`fanli bench-import`: time `fanli import` of N synthetic report files.

The reports are `fanli synth`'s, written back out as the text files people have: the title, then
one paragraph per line, a run-in heading sharing its paragraph's line, a closing formula, the
signature and the date; every fourth file is GBK with CRLF line ends, so that encoding detection
is part of the figure. The import runs as `fanli import` in a fresh process, start-up included.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fanli.core.load import load_library
from fanli.dev.synth import write_reports

TARGET_SECONDS = 30.0
TARGET_REPORTS = 1000


def section_lines(section: dict[str, Any]) -> Iterator[str]:
    paragraphs = list(section.get("paragraphs", []))
    if section.get("run_in") and paragraphs:
        yield section["heading"] + paragraphs.pop(0)
    else:
        yield section["heading"]
    yield from paragraphs
    for sub in section.get("subsections", []):
        yield from section_lines(sub)


def report_text(unit_name: str, doc: dict[str, Any]) -> str:
    """A synthetic document as the text file it could have come from."""
    lines = [doc["title"], *doc.get("opening", [])]
    for section in doc.get("sections", []):
        lines += section_lines(section)
    lines += [*doc.get("closing", []), "以上报告，请批评指正。", f"{unit_name}党委", f"{doc['year']}年12月20日"]
    return "\n".join(lines) + "\n"


def write_report_files(out: Path, reports: int, data_dir: Path, seed: int = 1) -> list[Path]:
    """`reports` text files in `out`, numbered in the order they are written."""
    by_unit = write_reports(random.Random(seed), load_library(data_dir), reports)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for unit, docs in by_unit.items():
        for doc in docs:
            path = out / f"{len(paths):05d}.txt"
            text = report_text(unit.name, doc)
            if len(paths) % 4 == 3:
                path.write_bytes(text.replace("\n", "\r\n").encode("gbk", errors="replace"))
            else:
                path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def main(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="fanli-bench-import-"))
    data_dir = Path(args.data)
    reports_dir, target_dir = workdir / "reports", workdir / "data"
    shutil.rmtree(reports_dir, ignore_errors=True)
    shutil.rmtree(target_dir, ignore_errors=True)
    (target_dir / "units").mkdir(parents=True)
    shutil.copyfile(data_dir / "taxonomy.yml", target_dir / "taxonomy.yml")
    paths = write_report_files(reports_dir, args.reports, data_dir)

    command = [sys.executable, "-m", "fanli.cli", "--data", str(target_dir), "import", "--force"]
    started = time.perf_counter()
    result = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return 1
    files = len(list((target_dir / "units").glob("*.yml")))
    print(f"imported {len(paths):,} text reports into {files:,} unit files in {seconds:.1f} s")
    print(f"({1000 * seconds / len(paths):.1f} ms a report, start-up included; files in {workdir})")
    if len(paths) >= TARGET_REPORTS:
        limit = TARGET_SECONDS * len(paths) / TARGET_REPORTS
        verdict = "ok" if seconds <= limit else "TOO SLOW"
        print(f"target: {TARGET_REPORTS:,} reports in ≤ {TARGET_SECONDS:.0f} s: {verdict}")
        return 0 if seconds <= limit else 1
    return 0
