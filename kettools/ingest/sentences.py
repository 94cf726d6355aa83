"""A fast rule-based sentence splitter for plain article text.

A sentence ends at `.`, `!` or `?` (plus closing quotes or brackets) followed by white
space and a capital letter, a digit, an opening quote or bracket, or the end of the
block. A period does not end a sentence after an abbreviation from
`kettools/data/abbreviations.txt` ("Dr.", "e.g.", "vs.", "Max."), after a single capital
letter (an initial), or when the next word starts in lower case. Units at the end of a
sentence ("within 24 h. The ...") do end it. Linear time: one regular-expression pass.
"""

from __future__ import annotations

import re
from functools import cache

from kettools.files import packaged

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9]|\s*$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@cache
def abbreviations() -> frozenset[str]:
    text = (packaged.PACKAGE_DIR / "data" / "abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _is_abbreviation(text: str, dot: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "A. Writer"
    return word.rstrip(".").lower() in abbreviations()


def split(text: str) -> list[tuple[int, int]]:
    """Sentence ranges `(start, end)` in `text`, white space trimmed, in order."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        single_period = text[match.start()] == "." and match.end() - match.start() == 1
        if single_period and _is_abbreviation(text, match.start()):
            continue
        _append(text, start, match.end(), ranges)
        start = match.end()
    _append(text, start, len(text), ranges)
    return ranges


def _append(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        ranges.append((start, end))
