"""Write the model back as the YAML of `data/units/<unit-id>.yml`.

The inverse of `load` for one unit file: loading what this writes gives the same model.
Used by the importer and by `fanli synth`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from fanli.core.model import Document, Paragraph, Section, Unit


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _texts(paragraphs: Iterable[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def section_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"heading": section.heading}
    if len(section.kinds) == 1:
        data["kind"] = section.kinds[0]
    elif section.kinds:
        data["kinds"] = list(section.kinds)
    if section.themes:
        data["themes"] = list(section.themes)
    if section.run_in:
        data["run_in"] = True
    if section.paragraphs:
        data["paragraphs"] = _texts(section.paragraphs)
    if section.subsections:
        data["subsections"] = [section_data(s) for s in section.subsections]
    return data


def document_data(doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "year": doc.year,
        "genre": doc.genre,
        "themes": list(doc.themes),
    }
    if doc.source:
        data["source"] = doc.source
    if doc.subtitle:
        data["subtitle"] = doc.subtitle
    if doc.salutation:
        data["salutation"] = doc.salutation
    if doc.opening:
        data["opening"] = _texts(doc.opening)
    if doc.sections:
        data["sections"] = [section_data(s) for s in doc.sections]
    if doc.closing:
        data["closing"] = _texts(doc.closing)
    if doc.closing_formula:
        data["closing_formula"] = doc.closing_formula
    if doc.signature:
        data["signature"] = list(doc.signature)
    if doc.date:
        data["date"] = doc.date
    return data


def unit_data(unit: Unit) -> dict[str, Any]:
    data = {"id": unit.id, "name": unit.name, "level": unit.level}
    if unit.region:
        data["region"] = unit.region
    return data


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2)
