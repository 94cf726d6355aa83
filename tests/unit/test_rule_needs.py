"""`common.needs` (the pieces of `kettools.language.lexicons.pieces`, lower-cased) and
`common.folded`: the substring test that lets a rule skip a search must never skip one
that would match."""

from __future__ import annotations

import re
import string

import pytest

from kettools.checks.rules.cms_boilerplate import _candidates, patterns
from kettools.checks.rules.common import folded, needs
from kettools.language.lexicons.pieces import pieces


def test_folded_keeps_every_ascii_literal_a_case_insensitive_search_matches() -> None:
    letters = re.compile(f"[{re.escape(string.printable.strip())}]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if letters.fullmatch(char):
            literal = [
                a for a in string.printable.strip() if re.fullmatch(re.escape(a), char, re.I)
            ]
            assert all(folded(char) == a.lower() for a in literal), (hex(code), literal)


@pytest.mark.parametrize(
    ("expression", "pieces"),
    [
        (r"^\s*(?:leave|post) a (?:comment|reply)\b", ("comment", "reply")),
        (r"\bshare\s+(?:this|on)\b(?:\s+\w+){0,4}", ("share",)),
        (r"(?:abc)+de?", ("abc",)),
        (r"(?:ab)+cd?", None),  # pieces of one or two letters are in most texts: none
        (r"^[^|]{8,40}\s\|\s+[A-Z]", ("|",)),  # a lone rare symbol is a piece
        (r"\d+\s+(?:comments?|replies)", ("comment", "replies")),
        (r"x?y*", None),
        (r"(?:alpha|\d+)", None),  # a branch that names nothing: no filter
        (r"©\s*\d{4}", None),  # not ASCII: its case-insensitive matches are not its lower case
    ],
)
def test_needs(expression: str, pieces: tuple[str, ...] | None) -> None:
    assert needs(re.compile(expression, re.IGNORECASE)) == pieces


@pytest.mark.parametrize(
    ("expression", "flags", "found"),
    [
        (r"\bThe\s+Lancet\b", 0, (("Lancet", True),)),  # as written: matched as written
        (r"\bThe\s+Lancet\b", re.IGNORECASE, (("lancet", True),)),
        (r"(?i:Lancet)|(?-i:BMJ)", re.IGNORECASE, (("lancet", False), ("BMJ", False))),
        (r"\bcafé\s+au\s+lait", 0, (("lait", True),)),  # only ASCII: "é" cuts "caf" short
        (r"(?:ab)?lancet", 0, (("lancet", False),)),  # may follow "ab": not a word start
    ],
)
def test_pieces_keep_the_case_the_text_is_searched_in(
    expression: str, flags: int, found: object
) -> None:
    assert pieces(expression, flags) == found
    pattern = re.compile(expression, flags)
    assert needs(pattern) == tuple(p.lower() for p, _ in found)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "Share this on Facebook",
        "SHARE THIS POST",
        "\u017fhare this page",  # long s: a case-insensitive 's'
        "Related Posts",
        "12 Comments",
        "Ketamine Isn't Magic | Example Health",
        "Posted in: News",
        "Advertisement",
        "Ask your doctor which clinic is nearest.",
    ],
)
def test_boilerplate_candidates_keep_every_pattern_that_matches(text: str) -> None:
    kept = {p for p, _ in _candidates(text)}
    for pattern, _ in patterns():
        if pattern.search(text):
            assert pattern in kept


@pytest.mark.parametrize(
    "text", ["share this post", "posted in: news | example", "ask your doctor", "12 comments"]
)
def test_guards_together_choose_what_each_guard_chooses(text: str) -> None:
    from kettools.checks.rules.cms_boilerplate import _guarded

    guards = _guarded()
    low = folded(text)
    assert guards.may_match(low) == [
        n for n, guard in enumerate(guards.guards) if guard.may_match(low)
    ]
