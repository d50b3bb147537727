"""`fanli bench-import`: time `fanli import` of N synthetic report files.

The reports are `fanli synth`'s, written back out as the files people have: the title, then
one paragraph per line, a run-in heading sharing its paragraph's line, a closing formula, the
signature and the date. By default they are text files, every fourth GBK with CRLF line ends,
so that encoding detection is part of the figure. With `--mixed`, a quarter each are .txt,
.docx, .pdf (3–10 pages, each in turn: a running header, page numbers, the font size chosen for the
page count) and .doc, the
PDFs and .doc files made by LibreOffice before the clock starts. The import runs as
`fanli import` of the folder in a fresh process, start-up included; its peak memory is the
largest sum of the resident memory of the import and its children (LibreOffice), sampled.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fanli.core.load import load_library
from fanli.dev.synth import write_reports

TARGET_SECONDS = 30.0
TARGET_REPORTS = 1000
MIXED_TARGET_SECONDS = 300.0
MIXED_TARGET_MEGABYTES = 1024
FORMATS = (".txt", ".docx", ".pdf", ".doc")
PDF_PAGES = (3, 4, 5, 6, 7, 8, 9, 10)  # the page counts the PDFs (and .doc files) are laid out for, in turn
# Pages ≈ characters × points² × this, measured on LibreOffice's layout of these reports (Letter paper,
# python-docx's margins, Noto Serif CJK, first lines indented)
PAGE_AREA = 7.1e-6


def font_points(lines: list[str], pages: int) -> float:
    """The font size that lays `lines` out on `pages` pages, the last one half full."""
    characters = sum(len(line) for line in lines)
    return round(((pages - 0.5) / (characters * PAGE_AREA)) ** 0.5, 1)


def section_lines(section: dict[str, Any]) -> Iterator[str]:
    paragraphs = list(section.get("paragraphs", []))
    if section.get("run_in") and paragraphs:
        yield section["heading"] + paragraphs.pop(0)
    else:
        yield section["heading"]
    yield from paragraphs
    for sub in section.get("subsections", []):
        yield from section_lines(sub)


def report_lines(unit_name: str, doc: dict[str, Any]) -> list[str]:
    """A synthetic document as the lines of the file it could have come from."""
    lines = [doc["title"], *doc.get("opening", [])]
    for section in doc.get("sections", []):
        lines += section_lines(section)
    return [*lines, *doc.get("closing", []), "以上报告，请批评指正。", f"{unit_name}党委", f"{doc['year']}年12月20日"]


def report_text(unit_name: str, doc: dict[str, Any]) -> str:
    return "\n".join(report_lines(unit_name, doc)) + "\n"


def synthetic_reports(reports: int, data_dir: Path, seed: int = 1) -> list[list[str]]:
    by_unit = write_reports(random.Random(seed), load_library(data_dir), reports)
    return [report_lines(unit.name, doc) for unit, docs in by_unit.items() for doc in docs]


def write_report_files(out: Path, reports: int, data_dir: Path, seed: int = 1) -> list[Path]:
    """`reports` text files in `out`, numbered in the order they are written."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for lines in synthetic_reports(reports, data_dir, seed):
        path = out / f"{len(paths):05d}.txt"
        text = "\n".join(lines) + "\n"
        if len(paths) % 4 == 3:
            path.write_bytes(text.replace("\n", "\r\n").encode("gbk", errors="replace"))
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_mixed_files(out: Path, reports: int, data_dir: Path, seed: int = 1) -> list[Path]:
    """A quarter each .txt, .docx, .pdf and .doc; the PDFs and .doc files made by LibreOffice."""
    from fanli.dev.sample_files import convert_docx, write_report_docx

    out.mkdir(parents=True, exist_ok=True)
    staging = out.parent / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    paths: list[Path] = []
    to_convert: dict[str, list[Path]] = {"pdf": [], "doc": []}
    for number, lines in enumerate(synthetic_reports(reports, data_dir, seed)):
        suffix = FORMATS[number % len(FORMATS)]
        name = f"{number:05d}"
        if suffix == ".txt":
            (out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif suffix == ".docx":
            write_report_docx(out / f"{name}.docx", lines)
        else:
            pages = PDF_PAGES[number // len(FORMATS) % len(PDF_PAGES)]
            points = font_points(lines, pages)
            to_convert[suffix[1:]].append(write_report_docx(staging / f"{name}.docx", lines, lines[0], points))
        paths.append(out / f"{name}{suffix}")
    for target, sources in to_convert.items():
        convert_docx(sources, target, out)
    shutil.rmtree(staging)
    return paths


def _tree_rss_kib(root: int) -> int:
    """The resident memory of `root` and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in stat.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Runs `command`; returns it, the seconds it took and its peak tree memory in MiB."""
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_kib(process.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    return subprocess.CompletedProcess(command, process.returncode, out, err), seconds, peak // 1024


def main(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="fanli-bench-import-"))
    data_dir = Path(args.data)
    reports_dir, target_dir = workdir / "reports", workdir / "data"
    shutil.rmtree(reports_dir, ignore_errors=True)
    shutil.rmtree(target_dir, ignore_errors=True)
    (target_dir / "units").mkdir(parents=True)
    shutil.copyfile(data_dir / "taxonomy.yml", target_dir / "taxonomy.yml")
    mixed = getattr(args, "mixed", False)
    made = time.perf_counter()
    paths = (write_mixed_files if mixed else write_report_files)(reports_dir, args.reports, data_dir)
    if mixed:
        pages = sorted(pdf_pages(p) for p in paths if p.suffix == ".pdf")
        shown = f"; PDFs of {pages[0]}–{pages[-1]} pages" if pages else ""
        print(f"made {len(paths):,} files in {time.perf_counter() - made:.0f} s: {format_counts(paths)}{shown}")

    command = [sys.executable, "-m", "fanli.cli", "--data", str(target_dir), "import", "--force", str(reports_dir)]
    result, seconds, megabytes = run_measured(command)
    if result.returncode != 0:  # some file failed: the figure is still measured, and the run fails
        print("\n".join(result.stderr.strip().splitlines()[-20:]), file=sys.stderr)
    files = len(list((target_dir / "units").glob("*.yml")))
    kind = "mixed" if mixed else "text"
    print(f"imported {len(paths):,} {kind} reports into {files:,} unit files in {seconds:.1f} s, peak {megabytes} MB")
    print(f"({1000 * seconds / len(paths):.1f} ms a report, start-up included; files in {workdir})")
    print((result.stdout.strip().splitlines() or ["(no summary)"])[-1])
    if len(paths) < TARGET_REPORTS:
        return result.returncode
    target = (MIXED_TARGET_SECONDS if mixed else TARGET_SECONDS) * len(paths) / TARGET_REPORTS
    ok = result.returncode == 0 and seconds <= target and (not mixed or megabytes <= MIXED_TARGET_MEGABYTES)
    memory = f", peak ≤ {MIXED_TARGET_MEGABYTES} MB" if mixed else ""
    print(f"target: {TARGET_REPORTS:,} reports in ≤ {target:.0f} s{memory}: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF, to show that the mix has the page counts it claims."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def format_counts(paths: list[Path]) -> str:
    return ", ".join(f"{n} {suffix}" for suffix, n in sorted(Counter(p.suffix for p in paths).items()))
