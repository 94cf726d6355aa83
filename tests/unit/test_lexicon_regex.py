"""`compile_groups`: a lexicon whose entries hold a word boundary, a lookahead or `$`
consumes the character before a match (`separated`) and finds what the look-behind
form finds; one that looks behind or anchors at the start keeps the look-behind."""

from __future__ import annotations

import re

import pytest

from kettools.language.lexicons import Lexicon
from kettools.language.lexicons.regex import compile_groups

GROUPS = {
    "worse": ("ma(?:ke|kes|de) (?:[\\w'-]+ ){1,3}?worse\\b", "predict(?:s|ed)?(?! to\\b)"),
    "end": ("at last$", "to\\b"),
}
TEXTS = [
    "it makes the pain worse, and it made things worse-ish",
    "this predicts to some extent; it predicted relapse",
    "to-do lists help; go to bed at last",
    "make it worse",
    "at last",
    "undo to, pre-predicts",
]


def _plain(groups: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    body = "|".join(f"({'|'.join(entries)})" for entries in groups.values())
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@pytest.mark.parametrize("text", TEXTS)
def test_boundaries_inside_entries_keep_the_separated_form(text: str) -> None:
    pattern, names, separated = compile_groups("test", GROUPS)
    assert separated
    lexicon = Lexicon("test", GROUPS, {}, pattern, names, separated)
    found = [(m.group, m.start, m.end) for m in lexicon.finditer(text)]
    expected = [
        (list(GROUPS)[m.lastindex - 1], m.start(), m.end())  # type: ignore[operator]
        for m in _plain(GROUPS).finditer(text)
    ]
    assert found == expected


@pytest.mark.parametrize("entry", ["(?<!x)cure", "^cure", "\\Acure"])
def test_entries_that_look_before_the_start_keep_the_look_behind(entry: str) -> None:
    assert not compile_groups("test", {"g": (entry,)})[2]
