"""Text helpers shared by the stages: placeholder detection."""

from __future__ import annotations

import re

# Placeholders the document sites put where a name or a number was: X, XX, XXX (also × and
# full-width Ｘ), two or more asterisks, and "A" standing for a leader's name ("坚持以A新时代…").
# Latin words are left alone: a placeholder never touches another Latin letter.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ×]+|[*＊]{2,})(?![A-Za-z])"
    r"|(?<![A-Za-z0-9])A(?=[\u4e00-\u9fff])"
)


def split_placeholders(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is_placeholder, piece) runs, in order; joined they give the text back."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces
