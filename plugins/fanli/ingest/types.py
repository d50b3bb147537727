"""What the import modules share: the report a parse gives, where its values sit, how an import
fails, and the taxonomy reports are classified by. The report assembly (`fanli.ingest.importer`),
the batch (`fanli.ingest.batch`) and the unit-file writer (`fanli.ingest.unitfile`) all use these,
so none of them has to reach into another for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanli.core.errors import FanliError
from fanli.core.load import DataError, Problem, load_taxonomy
from fanli.core.model import Taxonomy

DataPath = tuple[str | int, ...]  # where a value sits in the unit-file data: ("documents", 0, "year")


class ImportFailure(FanliError):
    """A report that cannot be imported; the message names the file and the reason."""


@dataclass
class Report:
    """One parsed report: the unit-file data, the guesses to check (by where they sit) and what was dropped."""

    data: dict[str, Any]
    unsure: dict[DataPath, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def read_taxonomy(data_dir: Path) -> Taxonomy:
    """The taxonomy that classifies imports; a broken one stops the import with all its problems."""
    problems: list[Problem] = []
    taxonomy = load_taxonomy(data_dir / "taxonomy.yml", problems)
    if taxonomy is None or problems:
        raise DataError(problems)
    return taxonomy
