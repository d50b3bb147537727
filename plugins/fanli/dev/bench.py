"""`fanli bench`: synthesise libraries of N reports, build each site and report how it scales.

Each build runs in its own Python process, so its time includes starting MkDocs and its peak
memory is its own: the rusage that `os.wait4` returns for exactly that child.

The build's own yardstick is the Markdown floor: Python-Markdown, with the extensions MkDocs would
use for the project, converting the same report text (title, headings, paragraphs), timed in
another fresh process in the same run. On a shared machine the seconds move with the load; the
ratio of the two moves much less, so the ratio is the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fanli.core.errors import FanliError
from fanli.core.model import Document
from fanli.dev.synth import write_project

# Run as `python -c BUILD_SCRIPT <mkdocs.yml>`; prints one line of JSON after the build.
BUILD_SCRIPT = """\
import json, resource, sys, time
started = time.perf_counter()
from mkdocs.commands.build import build
from mkdocs.config import load_config
rebuilds = int(sys.argv[4]) if "--rebuild" in sys.argv else 0
# with rebuilds to time, the build is the first of `mkdocs serve --dirty` (not strict: MkDocs warns about dirty builds)
cfg = load_config(config_file=sys.argv[1], **({"strict": False} if rebuilds else {}))
if rebuilds:
    cfg.plugins.on_startup(command="serve", dirty=True)
build(cfg, dirty=bool(rebuilds))
plugin = cfg.plugins.get("fanli")
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
report = {
    "seconds": time.perf_counter() - started,
    "cpu_seconds": own.ru_utime + own.ru_stime,
    "worker_cpu_seconds": workers.ru_utime + workers.ru_stime,
    "timings": getattr(plugin, "timings", None),
    "document_pages": getattr(plugin, "document_pages", None),
    "site_dir": cfg.site_dir,
}
report["rebuilds"] = []
for _ in range(rebuilds):  # then as `mkdocs serve --dirty` after saving one unit file: a new config, the same process
    from fanli.dev.bench import edit_one_unit
    edit_one_unit(sys.argv[2])
    started = time.perf_counter()
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cfg = load_config(config_file=sys.argv[1], strict=False)
    build(cfg, dirty=True)
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    plugin = cfg.plugins.get("fanli")
    report["rebuilds"].append({
        "seconds": time.perf_counter() - started,
        "cpu_seconds": max(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before)),
        "main_cpu_seconds": after[0].ru_utime + after[0].ru_stime - before[0].ru_utime - before[0].ru_stime,
        "timings": plugin.timings,
        "kept_pages": len(plugin.kept.kept_pages),
        "pages": len(plugin.pages),
    })
cfg.plugins.on_shutdown()
report["peak_rss_mb_by_process"] = {  # over the build and its rebuilds; the worker's is its largest fork's
    "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}
print(json.dumps(report, default=str))
"""

# Run as `python -c FLOOR_SCRIPT <mkdocs.yml> <data dir>`; prints one line of JSON: seconds and text bytes.
FLOOR_SCRIPT = """\
import json, sys, time
import markdown
from mkdocs.config import load_config
from fanli.core.load import load_library
from fanli.dev.bench import report_markdown
cfg = load_config(config_file=sys.argv[1])
texts = [report_markdown(doc) for doc in load_library(sys.argv[2]).documents]
converter = markdown.Markdown(extensions=cfg.markdown_extensions, extension_configs=cfg.mdx_configs)
started, cpu = time.perf_counter(), time.process_time()
for text in texts:
    converter.reset().convert(text)
seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "text_bytes": sum(len(t.encode()) for t in texts)}))
"""

DOCUMENT_PAGE = re.compile(r"^\d{4}/[^/]+/[^/]+/index\.html$")  # used when the plugin does not list them
KB, MB = 1024, 1024 * 1024


@dataclass(frozen=True)
class Target:
    """A figure's limit, checked for the sizes of library it applies to (all when `reports` is None)."""

    figure: str
    limit: float
    label: str
    reports: int | None = None

    def applies(self, reports: int) -> bool:
        return self.reports is None or self.reports == reports


TARGETS = (
    Target("floor_ratio", 4.5, "build ≤ 4.5× the Markdown floor (wall time)"),
    Target("cpu_ratio", 4.5, "build ≤ 4.5× the Markdown floor (CPU time of the build's busier process)"),
    Target("peak_rss_mb", 1536, "10,000 reports peak RSS ≤ 1.5 GB", 10000),
    Target("site_text_ratio", 5, "site ≤ 5× the report text", 10000),
    Target("doc_median_kb", 40, "median document page ≤ 40 KB"),
    Target("index_max_kb", 300, "no index page over 300 KB"),
)


@dataclass
class Row:
    """The figures of one library size."""

    reports: int
    synth_s: float
    build_s: float
    build_inner_s: float  # inside the child, from importing MkDocs to the end of the build
    floor_s: float  # Python-Markdown converting the same report text, in the same run
    floor_ratio: float  # build_s / floor_s
    # The same in CPU seconds, which a loaded machine stretches far less than wall time: the build's
    # critical path (its main process or its side-output worker, whichever used more) over the floor's.
    build_cpu_s: float
    worker_cpu_s: float
    floor_cpu_s: float
    cpu_ratio: float
    plugin_s: float | None
    timings: dict[str, float] | None
    peak_rss_mb: float
    site_mb: float
    text_mb: float  # the report text as Markdown (title, headings, paragraphs), UTF-8
    site_text_ratio: float
    html_pages: int
    document_pages: int
    doc_median_kb: float
    doc_max_kb: float
    index_max_kb: float
    index_max_page: str
    site_parts_mb: dict[str, float]  # by top-level folder (files at the top: ".")
    rebuild_s: float | None = None  # a `mkdocs serve --dirty` rebuild after editing one unit file: median of REBUILDS
    rebuild_cpu_s: float | None = None  # its CPU seconds (main process or worker, whichever used more)
    rebuilds: list[dict[str, Any]] | None = None  # each rebuild: seconds, CPU seconds, plugin phases, pages kept
    peak_rss_mb_by_process: dict[str, float] | None = None  # "main" and "worker" (the side-output worker)


@dataclass(frozen=True)
class BuildResult:
    wall_s: float
    peak_rss_mb: float
    report: dict[str, Any]


class BuildFailed(FanliError):
    pass


def report_markdown(doc: Document) -> str:
    """The report's text as a Markdown page: what a hand-written site of the same reports would convert."""
    lines = [f"# {doc.title}", ""]
    lines += [f"{p.text}\n" for p in doc.opening]
    for section in doc.walk():
        lines.append(f"{'#' * min(section.depth + 1, 6)} {section.heading}\n")
        lines += [f"{p.text}\n" for p in section.paragraphs]
    lines += [f"{p.text}\n" for p in doc.closing]
    return "\n".join(lines)


REBUILDS = 3  # serve rebuilds timed after a build, each after another edit: the figure is their median


def edit_one_unit(data_dir: str | Path) -> Path:
    """Changes one paragraph of the first unit file, as an editor would; the file it changed."""
    path = sorted((Path(data_dir) / "units").glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    line = next(
        line
        for line in text.splitlines()
        if line.lstrip().startswith("- ") and not line.lstrip().startswith("- heading:") and len(line) > 40
    )
    path.write_text(text.replace(line, line + "（改）", 1), encoding="utf-8")
    return path


def run_child(script: str, args: list[str], log_file: Path) -> BuildResult:
    """Runs `script` in a fresh Python process (stderr to `log_file`): its wall time, peak RSS and last line of JSON."""
    started = time.perf_counter()
    with log_file.open("wb") as log:
        child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=log)
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    lines = output.decode("utf-8", "replace").strip().splitlines()
    if child.returncode != 0 or not lines:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BuildFailed(f"{script.splitlines()[1]} … {' '.join(args)} exited with {child.returncode}:\n{tail}")
    peak_rss_mb = usage.ru_maxrss / KB  # kilobytes on Linux
    return BuildResult(wall, peak_rss_mb, json.loads(lines[-1]))


def html_sizes(site: Path) -> dict[str, int]:
    """Bytes of every HTML page by its site-relative path."""
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


def site_parts(site: Path) -> dict[str, int]:
    """Bytes of the built site by top-level folder, largest first; files at the top count as "."."""
    parts: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).parts
            key = relative[0] if len(relative) > 1 else "."
            parts[key] = parts.get(key, 0) + path.stat().st_size
    return dict(sorted(parts.items(), key=lambda kv: -kv[1]))


def measure(reports: int, project: Path, data_dir: Path, rebuild: bool = False) -> Row:
    started = time.perf_counter()
    write_project(project, reports=reports, data_dir=data_dir)
    synth_s = time.perf_counter() - started
    config_file = str(project / "mkdocs.yml")
    rebuild_args = [str(project / "data"), "--rebuild", str(REBUILDS)] if rebuild else []
    result = run_child(BUILD_SCRIPT, [config_file, *rebuild_args], project / "build.log")
    floor = run_child(FLOOR_SCRIPT, [config_file, str(project / "data")], project / "floor.log").report
    site = Path(result.report["site_dir"])
    rebuilds = result.report.get("rebuilds") or []
    build_s = result.wall_s - sum(r["seconds"] for r in rebuilds)  # the child's wall time held the rebuilds too
    sizes = html_sizes(site)
    parts = site_parts(site)
    site_size = sum(parts.values())
    listed = result.report.get("document_pages")
    doc_paths = set(listed) if listed is not None else {p for p in sizes if DOCUMENT_PAGE.match(p)}
    doc_sizes = [size for path, size in sizes.items() if path in doc_paths] or [0]
    others = {path: size for path, size in sizes.items() if path not in doc_paths} or {"": 0}
    biggest = max(others, key=lambda path: others[path])
    timings = result.report.get("timings")
    return Row(
        reports=reports,
        synth_s=synth_s,
        build_s=build_s,
        build_inner_s=result.report["seconds"],
        floor_s=floor["seconds"],
        floor_ratio=build_s / floor["seconds"],
        build_cpu_s=result.report["cpu_seconds"],
        worker_cpu_s=result.report["worker_cpu_seconds"],
        floor_cpu_s=floor["cpu_seconds"],
        cpu_ratio=max(result.report["cpu_seconds"], result.report["worker_cpu_seconds"]) / floor["cpu_seconds"],
        plugin_s=sum(timings.values()) if timings else None,
        timings=timings,
        peak_rss_mb=result.peak_rss_mb,
        site_mb=site_size / MB,
        text_mb=floor["text_bytes"] / MB,
        site_text_ratio=site_size / floor["text_bytes"],
        site_parts_mb={part: size / MB for part, size in parts.items()},
        rebuild_s=statistics.median(r["seconds"] for r in rebuilds) if rebuilds else None,
        rebuild_cpu_s=statistics.median(r["cpu_seconds"] for r in rebuilds) if rebuilds else None,
        rebuilds=rebuilds,
        peak_rss_mb_by_process=result.report.get("peak_rss_mb_by_process"),
        html_pages=len(sizes),
        document_pages=len(doc_paths),
        doc_median_kb=statistics.median(doc_sizes) / KB,
        doc_max_kb=max(doc_sizes) / KB,
        index_max_kb=others[biggest] / KB,
        index_max_page=biggest,
    )


def target_checks(rows: list[Row]) -> list[dict[str, Any]]:
    """Every target that applies to a measured size, with the figure and whether it is met."""
    checks = []
    for row in rows:
        for target in TARGETS:
            if target.applies(row.reports):
                value = getattr(row, target.figure)
                checks.append(
                    {"reports": row.reports, "target": target.label, "value": value, "met": value <= target.limit}
                )
    return checks


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown_table(rows: list[Row], checks: list[dict[str, Any]]) -> str:
    head = (
        "| reports | build s | Markdown floor s | ratio | CPU ratio | peak RSS MB | site MB | text MB | site/text "
        "| doc median KB | doc max KB | HTML pages | largest other page KB | serve rebuild s (CPU s) |"
    )
    lines = [head, "|" + "---:|" * 12 + "---|---:|"]
    for r in rows:
        cells = [
            f"{r.reports:,}",
            _number(r.build_s),
            _number(r.floor_s),
            _number(r.floor_ratio, 2),
            _number(r.cpu_ratio, 2),
            _number(r.peak_rss_mb, 0),
            _number(r.site_mb),
            _number(r.text_mb),
            _number(r.site_text_ratio, 2),
            _number(r.doc_median_kb),
            _number(r.doc_max_kb),
            f"{r.html_pages:,}",
            f"{_number(r.index_max_kb)} (`{r.index_max_page}`)",
            f"{_number(r.rebuild_s)} ({_number(r.rebuild_cpu_s)})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Targets:", ""]
    for check in checks:
        mark = "✓" if check["met"] else "✗ MISSED"
        lines.append(f"- {mark} {check['target']} (N = {check['reports']:,}: {_number(check['value'])})")
    for r in rows:
        if r.timings:
            phases = ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in r.timings.items())
            lines.append(f"- plugin phases at N = {r.reports:,} (s): {phases}")
        if r.peak_rss_mb_by_process:
            peaks = ", ".join(f"{who} {mb:,.0f}" for who, mb in r.peak_rss_mb_by_process.items())
            lines.append(f"- peak RSS by process at N = {r.reports:,} (MB): {peaks}")
        for number, rebuild in enumerate(r.rebuilds or (), 1):
            phases = ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in rebuild["timings"].items())
            lines.append(
                f"- serve rebuild {number} at N = {r.reports:,}: {rebuild['seconds']:.1f} s "
                f"(CPU {rebuild['cpu_seconds']:.1f} s, main process {rebuild.get('main_cpu_seconds', 0):.1f} s), "
                f"{rebuild['kept_pages']:,} of {rebuild['pages']:,} pages kept; "
                f"plugin phases (s): {phases}"
            )
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    keep = args.workdir is not None
    workdir = Path(args.workdir) if keep else Path(tempfile.mkdtemp(prefix="fanli-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir = Path(getattr(args, "data", "data"))
    rows = []
    for reports in args.reports:
        project = workdir / f"reports-{reports}"
        print(f"bench: {reports:,} reports in {project} …", file=sys.stderr, flush=True)
        try:
            rows.append(measure(reports, project, data_dir, rebuild=reports in args.rebuild_at))
        except BuildFailed as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        finally:
            if not keep:
                shutil.rmtree(project, ignore_errors=True)
    checks = target_checks(rows)
    print(markdown_table(rows, checks))
    result = {"rows": [asdict(r) for r in rows], "targets": checks}
    (workdir / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {workdir / 'bench.json'}", file=sys.stderr)
    return 0
