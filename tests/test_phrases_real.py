"""Phrase mining on real text: the 40 reports of ../shared/corpus/real imported into a library of
their own, the mined phrases kept as a reviewed golden file, and the share of genuine ones measured."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fanli.cli import main
from fanli.core.load import load_library
from fanli.site import phrases

from golden import assert_golden

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT / ".." / "shared" / "corpus" / "real"
GENUINE_SHARE = 0.9

# Reviewed by hand (tests/golden/phrases/real.txt): mined phrases that are not genuine formulaic
# expressions of 公文 — local names, brands and the names of a unit's own activities, and slips of the pen.
# Counts of things (两个季度, 五个扶贫村) are no longer mined: see `phrases.stands_alone`.
NOT_GENUINE = {
    "小岛你好": "a local service brand",
    "美好白杨家": "a local brand",
    "新欣林庄": "a village's slogan name",
    "暖蜂窗口": "a local service window's name",
    "农家小院": "a place, quoted",
    "根源因": "a slip of the pen for 根源",
    "顾问团": "a community's own advisers' group, quoted",
    "千名干部助千企": "the name of a local campaign (活动)",
    "党员初心日": "the name of a unit's own activity",
    "五色疫情图": "the name of a local tool, no formula",
    "科教新区、山水瓯海": "a district's brand slogans",
    "新乡贤、兴村社": "the name of a local platform",
}

pytestmark = pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason=f"the real corpus is not at {REAL_CORPUS}")


@pytest.fixture(scope="module")
def mined(tmp_path_factory: pytest.TempPathFactory) -> list[phrases.PhraseEntry]:
    data = tmp_path_factory.mktemp("real") / "data"
    data.mkdir()
    for name in ("taxonomy.yml", "phrases.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    reports = sorted(str(path) for path in REAL_CORPUS.glob("*.txt"))
    assert main(["--data", str(data), "import", *reports]) == 0
    return phrases.mined_only(phrases.phrase_library(load_library(data)))


def test_mined_phrases_of_the_real_corpus_match_golden(mined: list[phrases.PhraseEntry]) -> None:
    lines = [f"{e.pattern}\t{e.count}\t{e.text}" for e in mined]
    assert_golden("phrases/real.txt", "\n".join(lines) + "\n")


def test_at_least_ninety_percent_of_phrases_mined_from_real_text_are_genuine(
    mined: list[phrases.PhraseEntry],
) -> None:
    texts = [e.text for e in mined]
    assert set(NOT_GENUINE) <= set(texts), "the review lists a phrase that is no longer mined: update it"
    genuine = 1 - len(NOT_GENUINE) / len(texts)
    assert genuine >= GENUINE_SHARE, f"{genuine:.1%} of {len(texts)} mined phrases are genuine"
