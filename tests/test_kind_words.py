"""Section kinds come from the taxonomy's keywords: a heading on a unit's 现状 is its 基本情况."""

from __future__ import annotations

from fanli.core.model import Taxonomy
from fanli.ingest.classify import heading_kinds


def test_a_units_present_state_is_its_basic_situation(taxonomy: Taxonomy) -> None:
    assert heading_kinds("一、学校党支部现状", taxonomy.kinds) == ("基本情况",)
    assert heading_kinds("二、存在的主要问题和具体表现", taxonomy.kinds) == ("问题",)
