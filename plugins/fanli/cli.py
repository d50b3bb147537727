"""The `fanli` command: check, parse, import, synth, bundle, bench, bench-import.

Every subcommand works without MkDocs being imported, except `bench`, which runs a build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fanli.core.errors import FanliError
from fanli.core.load import DataError, load_library


def _check(args: argparse.Namespace) -> int:
    from fanli.ingest.privacy import scan_library
    from fanli.ingest.unitfile import stray_files

    if args.unsure:
        return _list_unsure(Path(args.data))

    library = None
    try:
        library = load_library(args.data)
        problems = []
    except DataError as e:
        problems = list(e.problems)
    problems += scan_library(Path(args.data))  # personal data is looked for even in files that do not load
    strays = stray_files(Path(args.data))
    if problems or strays:
        for problem in [*problems, *strays]:
            print(problem, file=sys.stderr)
        print(f"{len(problems) + len(strays)} problem(s) found", file=sys.stderr)
        return 1
    assert library is not None
    print(f"ok: {len(library.units)} units, {len(library.documents)} documents")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from fanli.ingest.importer import parse_report
    from fanli.ingest.types import ImportFailure, read_taxonomy
    from fanli.ingest.unitfile import annotated_yaml

    try:
        report = parse_report(Path(args.file), read_taxonomy(Path(args.data)))
    except (ImportFailure, DataError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    text = annotated_yaml(report.data, report.unsure, []) + dropped_comment(report.dropped)
    sys.stdout.write(text)
    _warn_personal_data(Path(args.data), {Path("<stdout>"): text})
    return 0


def dropped_comment(dropped: list[str]) -> str:
    """What the importer left out of the text, one YAML comment line per piece, so that nothing is lost
    silently: page numbers, running headers, page markers, inserted pinyin, invisible characters."""
    if not dropped:
        return ""
    lines = [f"# 已略去（{len(dropped)} 处，不是正文）:", *(f"#   {piece}" for piece in dropped)]
    return "\n".join(lines) + "\n"


def _list_unsure(data: Path) -> int:
    """Every guess the importer marked 待确认 in the unit files, as `file:line: field: why`, for a person
    to confirm (by deleting the mark)."""
    from fanli.ingest.unitfile import UNSURE_MARK, unsure_marks

    found = 0
    for path in sorted((data / "units").glob("*.yml")):
        for number, field, note in unsure_marks(path.read_text(encoding="utf-8-sig")):
            print(f"{path}:{number}: {field or UNSURE_MARK}: {note}")
            found += 1
    print(f"{found} guess(es) to confirm" if found else "nothing to confirm", file=sys.stderr)
    return 0


def _warn_personal_data(data: Path, texts: dict[Path, str]) -> None:
    """Personal data in what was imported: a warning now, an error in `fanli check` later."""
    from fanli.ingest.privacy import read_allowed, scan_text

    allowed = read_allowed(data, [])
    for path, text in texts.items():
        for finding in scan_text(text, path, allowed):
            print(f"warning: {finding.problem()}（fanli check 会报错）", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    from fanli.ingest.batch import import_batch
    from fanli.ingest.summary import TerminalProgress, print_summary
    from fanli.ingest.types import ImportFailure

    with TerminalProgress() as progress:
        try:
            result = import_batch(
                [Path(f) for f in args.paths],
                Path(args.data),
                force=args.force,
                all_or_nothing=args.all_or_nothing,
                progress=progress,
            )
        except (ImportFailure, DataError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    print_summary(result)
    _warn_personal_data(Path(args.data), {path: path.read_text(encoding="utf-8") for path in result.written})
    return 1 if result.failed else 0


def _synth(args: argparse.Namespace) -> int:
    from fanli.dev.synth import write_project

    try:
        write_project(Path(args.out), reports=args.reports, data_dir=Path(args.data), seed=args.seed)
    except FanliError as e:  # the data problems of the sample library, or nothing to recombine
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"wrote a project of {args.reports} reports to {args.out}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from fanli.dev.bench import main as bench_main

    return bench_main(args)


def _bench_import(args: argparse.Namespace) -> int:
    from fanli.dev.import_bench import main as bench_import_main

    return bench_import_main(args)


def _bundle(args: argparse.Namespace) -> int:
    from fanli.bundle import BundleFailure, bundle

    try:
        written = bundle(Path(args.config), Path(args.out), offline=args.offline)
    except BundleFailure as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _bench_search(args: argparse.Namespace) -> int:
    from fanli.dev.bench_search import main as bench_search_main

    return bench_search_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fanli", description="范例库: the report library and its site")
    parser.add_argument("--data", default="data", help="the data folder (default: data)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate data/ without building; exit 1 on any problem")
    p.add_argument("--unsure", action="store_true", help="list the importer's guesses marked 待确认 instead")
    p.set_defaults(func=_check)

    p = sub.add_parser("parse", help="print the YAML that importing FILE would write (writes nothing)")
    p.add_argument("file")
    p.set_defaults(func=_parse)

    p = sub.add_parser("import", help="import report files and folders of them into data/units/")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a report file, or a folder searched for them")
    p.add_argument("--force", action="store_true", help="replace documents whose id is already present")
    p.add_argument(
        "--all-or-nothing", action="store_true", help="write nothing unless every file imports (default: file by file)"
    )
    p.set_defaults(func=_import)

    p = sub.add_parser("synth", help="write a site project of N synthetic reports recombined from data/")
    p.add_argument("--reports", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=_synth)

    p = sub.add_parser("bundle", help="build the site and pack it as .zip and .tar.gz with a SHA-256 manifest")
    p.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    p.add_argument("--out", default="dist", help="where to write the archives (default: dist)")
    p.add_argument("--offline", action="store_true", help="the variant that works when opened from disk (file://)")
    p.set_defaults(func=_bundle)

    p = sub.add_parser("bench", help="build synthetic libraries and print the build figures")
    p.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--workdir", default=None, help="where to write the synthetic projects (default: a temp dir)")
    p.add_argument(
        "--rebuild-at",
        type=int,
        nargs="*",
        default=[10000],
        help="sizes at which to time three `mkdocs serve --dirty` rebuilds, each after an edit (default: 10000)",
    )
    p.set_defaults(func=_bench)

    p = sub.add_parser("bench-import", help="time `fanli import` of N synthetic reports")
    p.add_argument("--reports", type=int, default=1000)
    p.add_argument("--mixed", action="store_true", help="a quarter each .txt, .docx, .pdf, .doc (needs LibreOffice)")
    p.add_argument("--workdir", default=None, help="where to write the reports and the library (default: a temp dir)")
    p.set_defaults(func=_bench_import)

    p = sub.add_parser("bench-search", help="measure exact-wording search on synthetic libraries in Chromium")
    p.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--workdir", default=None, help="where to write the synthetic projects (default: a temp dir)")
    p.set_defaults(func=_bench_search)
    return parser


# What the `dev` extra installs (pyproject.toml): the synthetic library and benchmark commands need it.
DEV_MODULES = frozenset({"playwright", "markdown", "pdfplumber"})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] not in DEV_MODULES:
            raise
        print(
            f"error: fanli {args.command} needs the dev extra ({e.name} is missing): pip install 'fanli[dev]'",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
