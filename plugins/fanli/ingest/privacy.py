"""Find personal data that must not be published: ID-card, phone and bank-card numbers, e-mail addresses.

Reports copied from real files carry their authors' contact details; an intranet page must not.
`fanli check` runs `scan_library` over every file in `data/` and reports each finding as
`file:line`. A known false positive (a document number that happens to pass the checksum) is
allowed by listing the exact string in `data/privacy-allow.yml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from fanli.core.load import Problem, display_path
from fanli.core.nodes import syntax_problem

ALLOW_FILE = "privacy-allow.yml"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# Digit groups may be split by a space or a dash (NFKC has made full-width ones ASCII; 一 — – are dashes too).
_SEP = "[ \\-\u2010-\u2015]?"
ID_CARD = re.compile(rf"(?<![0-9])[1-9]\d{{5}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{3}}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(rf"(?<![0-9])(?:\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?![0-9])")
LANDLINE = re.compile(rf"(?<![0-9])(?:\(0\d{{2,3}}\)\s?|0\d{{2,3}}{_SEP})[2-9]\d{{6,7}}(?:-\d{{1,5}})?(?![0-9])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
BANK_CARD = re.compile(rf"(?<![0-9])(?:\d{{4}}{_SEP}){{3}}\d{{4}}(?:{_SEP}\d{{1,3}})?(?![0-9])")
# A number right after one of these words, or right before a unit or 号, is an amount, a count or a
# document's number, never a person's: 总投资13800000000元, 合同编号2023…, 第2023120001号.
NOT_PERSONAL_BEFORE = re.compile(r"(?:编号|合同|文号|单号|批号|档案号|流水号|代码|金额|投资|资金|数量|第)[^0-9]{0,3}$")
NOT_PERSONAL_AFTER = re.compile(r"^\s?(?:[.,]\d|[元万亿号台人户件名次个项套吨亩])")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    what: str
    text: str

    def problem(self) -> Problem:
        return Problem(display_path(self.path), self.line, f"{self.what}「{self.text}」不能发布到网站上")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def valid_id_card(number: str) -> bool:
    """The GB 11643 checksum and a real date of birth: a random 18-digit number rarely passes both."""
    body, check = number[:17], number[17].upper()
    if ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11] != check:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def luhn(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# (what, pattern, test of the match): the test keeps random digit runs from being reported.
DETECTORS: tuple[tuple[str, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("身份证号", ID_CARD, lambda m: valid_id_card(re.sub(r"[^0-9Xx]", "", m))),
    ("手机号", MOBILE, lambda m: len(digits(m)) in (11, 13)),
    ("固定电话", LANDLINE, lambda m: True),
    ("电子邮箱", EMAIL, lambda m: True),
    ("银行卡号", BANK_CARD, lambda m: 16 <= len(digits(m)) <= 19 and luhn(digits(m))),
)


def _not_personal(line: str, start: int, end: int) -> bool:
    """The words around a number say it is an amount or a reference number."""
    return bool(NOT_PERSONAL_BEFORE.search(line[max(0, start - 8) : start]) or NOT_PERSONAL_AFTER.match(line[end:]))


def scan_line(text: str) -> Iterator[tuple[str, str]]:
    """(what, matched text) of every personal datum in a line; a span found once is not found again."""
    form = unicodedata.normalize("NFKC", text)  # full-width digits and ＠ are found too
    taken: list[tuple[int, int]] = []
    for what, pattern, test in DETECTORS:
        for match in pattern.finditer(form):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if what != "电子邮箱" and _not_personal(form, match.start(), match.end()):
                continue
            if test(match.group()):
                taken.append(match.span())
                yield what, match.group()


def read_allowed(data_dir: Path, problems: list[Problem]) -> frozenset[str]:
    """The exact strings `data/privacy-allow.yml` allows (a list of strings); none when the file is absent."""
    path = data_dir / ALLOW_FILE
    if not path.is_file():
        return frozenset()
    try:
        allowed = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.MarkedYAMLError as e:
        problems.append(syntax_problem(path, e))
        return frozenset()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        problems.append(Problem(display_path(path), 1, f"cannot be read: {e}"))
        return frozenset()
    if allowed is None:
        return frozenset()
    if not isinstance(allowed, list) or not all(isinstance(a, (str, int)) for a in allowed):
        problems.append(Problem(display_path(path), 1, "must be a list of the exact strings to allow"))
        return frozenset()
    return frozenset(unicodedata.normalize("NFKC", str(a)) for a in allowed)


def scan_text(text: str, path: Path, allowed: frozenset[str]) -> Iterator[Finding]:
    """Findings in `text`, which is (or will be) the file `path`."""
    for number, line in enumerate(text.splitlines(), start=1):
        for what, found in scan_line(line):
            if found not in allowed:
                yield Finding(path, number, what, found)


def scan_file(path: Path, allowed: frozenset[str]) -> Iterator[Finding]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # the loader reports unreadable files
    yield from scan_text(text, path, allowed)


def scan_library(data_dir: Path) -> list[Problem]:
    """Every finding in the YAML files of `data_dir` (the allow-list itself excepted), as problems."""
    problems: list[Problem] = []
    allowed = read_allowed(data_dir, problems)
    paths = sorted(p for p in data_dir.rglob("*.yml") if p.name != ALLOW_FILE)
    for path in paths:
        problems.extend(f.problem() for f in scan_file(path, allowed))
    return problems
