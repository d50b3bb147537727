"""The blind corpus's labels are what the shared scorer reads; checked without running the importer on it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "score_corpus.py"
BLIND = ROOT / "tests" / "corpus" / "blind"
SCORER = ROOT.parent / "shared" / "corpus" / "real" / "score.py"

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/corpus/real/score.py is not here")


def check(corpus: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--check-labels", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "reports"),
    [
        ("blind", 20),
        ("blind2", 11),
        ("blind3", 12),
        ("blind4", 15),
        ("blind5", 16),
        ("blind6", 16),
        ("blind7", 16),
        ("blind8", 13),
    ],
)
def test_blind_labels_match_the_scorer_format(name: str, reports: int) -> None:
    corpus = BLIND.parent / name
    run = check(corpus)
    assert run.returncode == 0, run.stdout + run.stderr
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    assert "before any importer ran" in labels["_about"]["labelled_by"]
    assert len(labels["files"]) == reports


def test_broken_labels_are_reported(tmp_path):
    corpus = tmp_path / "blind"
    shutil.copytree(BLIND, corpus)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    first, second, third = sorted(labels["files"])[:3]
    labels["files"][first]["kinds"].append(["成效"])
    labels["files"][second]["genre"] = "讲话稿"
    labels["files"][third]["junk_lines"].append("no such line")
    (corpus / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    (corpus / "99_unlabelled.txt").write_text("一、无标签\n", encoding="utf-8")

    run = check(corpus)

    assert run.returncode == 1
    assert f"{first}: kinds:" in run.stdout
    assert f"{second}: genre: '讲话稿' is not in taxonomy genres" in run.stdout
    assert f"{third}: junk line not a line of the file: no such line" in run.stdout
    assert "99_unlabelled.txt: report without a label" in run.stdout
