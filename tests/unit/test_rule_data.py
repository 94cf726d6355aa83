"""The rules' word lists (kettools/checks/rules/data/*.yaml) are read through the
lexicons' notation: common.phrases, common.translate and common.words."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kettools.checks.rules import common


@pytest.fixture
def data(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    files = {
        "x.yaml": {
            "slots": {"thing": ["risk", "odds"]},
            "phrases": [
                "suggest[s|ed]",
                "{thing} ratio",
                "fda(-|{space})approved",
                {"phrase": "[the] comfort of home", "means": "a place"},
                {"pattern": r"^\s*\(c\)", "why": "a bracket as itself"},
            ],
            "words": ["the", "many", "the"],
        }
    }
    monkeypatch.setattr(common, "load_data", lambda name: files[name])
    for cached in (common._vocabulary, common.phrases, common.words):
        cached.cache_clear()
    yield
    for cached in (common._vocabulary, common.phrases, common.words):
        cached.cache_clear()


@pytest.mark.usefixtures("data")
def test_phrases_are_translated_as_lexicon_entries() -> None:
    assert common.phrases("x.yaml", "phrases") == (
        "suggest(?:s|ed)?",
        r"(?:risk|odds)\s+ratio",
        r"fda(?:-|\s)approved",
        r"(?:the\s+)?comfort\s+of\s+home",
        r"^\s*\(c\)",
    )


@pytest.mark.usefixtures("data")
def test_bounded_phrases_get_word_boundaries_and_patterns_stay_as_written() -> None:
    bounded = common.phrases("x.yaml", "phrases", bounded=True)
    assert bounded[0] == r"\b(?:suggest(?:s|ed)?)\b"
    assert bounded[-1] == r"^\s*\(c\)"
    pattern = common.any_of(list(bounded))
    assert pattern.search("It Suggested that")
    assert not pattern.search("suggestions")
    assert pattern.search("an odds  ratio")  # a space is any run of white space
    assert pattern.search("FDA-approved") and pattern.search("FDA approved")
    assert not pattern.search("FDA--approved")


@pytest.mark.usefixtures("data")
def test_translate_marks_the_patterns() -> None:
    found = common.translate("x.yaml", ["a b", {"pattern": "a|b", "why": "x"}])
    assert found == [(r"a\s+b", False), ("a|b", True)]


@pytest.mark.usefixtures("data")
def test_words_is_a_set() -> None:
    assert common.words("x.yaml", "words") == frozenset({"the", "many"})


def test_every_shipped_list_translates_and_compiles() -> None:
    """Each list a rule reads as phrases compiles (a broken entry fails here with its file)."""
    for name, key in [
        ("attribution.yaml", "vague"),
        ("relative_risk.yaml", "relative"),
        ("regulatory.yaml", "approval"),
        ("outdated_source.yaml", "current"),
        ("pasted_keyword.yaml", "name_after"),
    ]:
        re.compile("|".join(common.phrases(name, key, bounded=True)))
