"""The lexicon notation (kettools/language/lexicons/notation.py) and its reader of
old-style regular expressions (convert.py)."""

from __future__ import annotations

import re

import pytest

from kettools.language import lexicons
from kettools.language.lexicons.convert import suggest
from kettools.language.lexicons.notation import (
    NotationError,
    compile_entry,
    exception_regex,
    to_regex,
)

VOCABULARY = lexicons.vocabulary()


@pytest.mark.parametrize(
    ("entry", "regex"),
    [
        ("doubt", "doubt"),
        ("suggest[s|ed|ing]", "suggest(?:s|ed|ing)?"),
        ("reduc(e|es|ed|ing)", "reduc(?:e|es|ed|ing)"),
        ("hypothesi(s|z)e", "hypothesi[sz]e"),
        ("well(-| )established", "well[- ]established"),
        ("risk[s]", "risks?"),
        ("[very|quite] low", "(?:very |quite )?low"),
        ("{be} predicted", "(?:is|are|was|were) predicted"),
        ("[{det}] cause", "(?:a |an |the )?cause"),
        ("cut {term*0-2?} costs", "cut (?:[\\w-]+ ){0,2}?costs"),
        ("{letters}ly", "[a-z]+ly"),
        ("no [clear|significant]* difference", "no (?:clear |significant )*difference"),
        ("vs[.]", "vs\\.?"),
        ("{number}[ ]mg", "\\d+ ?mg"),
        ("[(has|have) [{word}]] shown", "(?:(?:has|have) (?:\\w+ )?)?shown"),
    ],
)
def test_notation_compiles_to_the_expression(entry: str, regex: str) -> None:
    assert to_regex(entry, VOCABULARY) == regex


@pytest.mark.parametrize(
    "entry",
    ["suggest(?:s|ed)?", "risks?", "a.*b", "\\bword", "(open", "close)", "{nosuchslot}", "x{hit}"],
)
def test_regular_expression_syntax_is_refused(entry: str) -> None:
    with pytest.raises(NotationError):
        to_regex(entry, VOCABULARY)


def test_an_exception_is_a_look_around_on_its_side_of_the_hit() -> None:
    assert exception_regex("{hit} the question", VOCABULARY) == "(?! the question)"
    assert exception_regex("not {hit}", VOCABULARY) == "(?<!not\\s)"
    behind = compile_entry("safe", ["not {hit}"], VOCABULARY)
    assert re.search(behind.replace(" ", r"\s+"), "it is safe")
    assert not re.search(behind, "it is not safe")
    regex = compile_entry("rais(e|es)", ["{hit} [the] question"], VOCABULARY)
    pattern = re.compile(regex.replace(" ", r"\s+") + r"(?![\w-])")
    assert pattern.match("raises concern")
    assert not pattern.match("raises the question")
    assert not pattern.match("raise questions")  # matched from the hit on, not to a word end
    with pytest.raises(NotationError):
        exception_regex("the question", VOCABULARY)


@pytest.mark.parametrize(
    ("regex", "phrase", "exceptions"),
    [
        ("suggest(?:s|ed|ing)?", "suggest[s|ed|ing]", []),
        ("(?:is|are|was|were) expected", "{be} expected", []),
        ("treats?(?! (?:about |some )?\\d)", "treat[s]", ["{hit} [about|some] {digit}"]),
        ("ma(?:ke|kes) (?:[\\w'-]+ ){1,3}?worse\\b", "ma(ke|kes) {token*1-3?} worse{end}", []),
    ],
)
def test_old_style_entries_are_read_back_as_notation(
    regex: str, phrase: str, exceptions: list[str]
) -> None:
    suggestion = suggest(regex, VOCABULARY)
    assert suggestion is not None
    assert (suggestion.phrase, suggestion.exceptions) == (phrase, exceptions)
    assert compile_entry(phrase, exceptions, VOCABULARY) == regex


def test_what_the_notation_cannot_say_is_not_suggested() -> None:
    assert suggest("cur(?:es|ed) (?!(?:are|is)\\b)[a-z'-]+", VOCABULARY) is None


def test_spreading_an_opening_group_respects_escapes_and_classes() -> None:
    from kettools.language.lexicons.regex import _leading_group, _spread

    assert _leading_group(r"(?:a\(b|c)d") == ([r"a\(b", "c"], "d")
    assert _leading_group(r"(?:[(|]x|y)z") == (["[(|]x", "y"], "z")
    assert _spread(r"(?:a\)|b) c") == [r"a\) c", "b c"]
    assert _spread("(?:very )?low") == ["very low", "low"]
