"""Score `fanli parse` on another labelled corpus folder with the shared corpus scorer, unchanged.

The scorer (../shared/corpus/real/score.py) reads the labels.json and report texts next to itself
only. This loads that file as it is and points it at another folder, so every labelled set (the
blind set in tests/corpus/blind, the held-out format) is scored by the same code:

    python scripts/score_corpus.py [--corpus DIR] [--scorer PATH] [score.py options: --bin --project --verbose --json]
    python scripts/score_corpus.py --check-labels [--corpus DIR]

--corpus        folder holding the .txt reports and their labels.json (default: tests/corpus/blind)
--scorer        the scorer to run (default: ../shared/corpus/real/score.py)
--check-labels  only check that labels.json is what the scorer reads (fields, types, the
                vocabulary of data/taxonomy.yml, one label per file, headings and junk lines found
                in their files); runs no fanli code and exits 1 on any problem
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "corpus" / "blind"
DEFAULT_SCORER = ROOT.parent / "shared" / "corpus" / "real" / "score.py"
TAXONOMY = ROOT / "data" / "taxonomy.yml"

TEXT_FIELDS = ("source_url", "format", "heading_style", "notes")
OPTIONAL_TEXT_FIELDS = ("title", "unit")
LIST_FIELDS = ("title_alt", "year_alt", "genre_alt", "level_alt", "headings", "kinds", "junk_lines")


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer as a module, read from its own file (never a copy of its code)."""
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vocabulary(taxonomy: Path) -> dict[str, set[str]]:
    """The genre, level and kind names labels may use."""
    data = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))
    return {key: {entry["name"] for entry in data[key]} for key in ("genres", "levels", "kinds")}


def check_label(name: str, lab: dict, text: str, vocab: dict[str, set[str]], norm) -> list[str]:
    """What in one file's label the scorer would misread or could never match."""
    problems = []
    for field in TEXT_FIELDS:
        if not isinstance(lab.get(field), str) or not lab[field]:
            problems.append(f"{field}: missing or not text")
    for field in OPTIONAL_TEXT_FIELDS:
        if field not in lab or not (lab[field] is None or isinstance(lab[field], str)):
            problems.append(f"{field}: must be text or null")
    for field in LIST_FIELDS:
        if not isinstance(lab.get(field), list):
            problems.append(f"{field}: missing or not a list")
    if problems:
        return problems
    if not isinstance(lab.get("year"), int) or not all(isinstance(y, int) for y in lab["year_alt"]):
        problems.append("year, year_alt: must be whole numbers")
    for field, alts, vocab_key in (("genre", "genre_alt", "genres"), ("level", "level_alt", "levels")):
        for value in [lab.get(field), *lab[alts]]:
            if value not in vocab[vocab_key]:
                problems.append(f"{field}: {value!r} is not in taxonomy {vocab_key}")
    headings, kinds = lab["headings"], lab["kinds"]
    if len(kinds) != len(headings):
        problems.append(f"kinds: {len(kinds)} sets for {len(headings)} headings")
    for kind_set in kinds:
        problems += [f"kinds: {kind!r} is not a taxonomy kind" for kind in kind_set if kind not in vocab["kinds"]]
    alts = lab.get("heading_alts")
    if not isinstance(alts, dict) or any(not k.isdigit() or int(k) >= len(headings) for k in alts):
        problems.append("heading_alts: keys must be indexes of headings")
    flat = norm(text)
    problems += [f"heading not in the file: {h}" for h in headings if norm(h) not in flat]
    if lab["title"] and norm(lab["title"]) not in flat and not any(norm(t) in flat for t in lab["title_alt"]):
        problems.append(f"title not in the file: {lab['title']}")
    lines = {line.strip() for line in text.splitlines()}
    problems += [f"junk line not a line of the file: {j}" for j in lab["junk_lines"] if j.strip() not in lines]
    return [f"{name}: {p}" for p in problems]


def check_labels(corpus: Path, scorer: ModuleType, taxonomy: Path = TAXONOMY) -> list[str]:
    """Every problem of corpus/labels.json, checked the way score.py reads it, without running fanli."""
    try:
        labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        return [f"{corpus / 'labels.json'}: {e}"]
    files = labels.get("files")
    if not isinstance(files, dict) or "_about" not in labels:
        return [f"{corpus / 'labels.json'}: needs an _about entry and a files map"]
    texts = {p.name for p in corpus.glob("*.txt")}
    problems = [f"{n}: report without a label" for n in sorted(texts - set(files))]
    problems += [f"{n}: label without a report" for n in sorted(set(files) - texts)]
    vocab = vocabulary(taxonomy)
    for name in sorted(set(files) & texts):
        problems += check_label(name, files[name], (corpus / name).read_text(encoding="utf-8"), vocab, scorer.norm)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--check-labels", action="store_true")
    args, scorer_args = ap.parse_known_args()
    corpus = args.corpus.resolve()
    scorer = load_scorer(args.scorer)
    if args.check_labels:
        problems = check_labels(corpus, scorer)
        for problem in problems:
            print(problem)
        print(f"{corpus / 'labels.json'}: {len(problems)} problem(s)")
        return 1 if problems else 0
    scorer.HERE = corpus  # the scorer reads labels.json and the reports from HERE
    sys.argv = [str(args.scorer), *scorer_args]
    return scorer.main()


if __name__ == "__main__":
    sys.exit(main())
