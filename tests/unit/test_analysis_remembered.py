"""The sentence analysis and the subject index remember the sentences they have seen:
a repeated sentence gets the same answer as a fresh analyzer's, and the memory is
bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kettools.inputs.catalog import load_catalog
from kettools.language import subjects
from kettools.language.analysis import Analyzer

CATALOG = Path(__file__).resolve().parents[2] / "sources" / "catalog"

SENTENCES = (
    "Regular walking may lower blood pressure in older adults.",
    "The clinic opens at nine on weekdays.",
    "The new drug cured every patient in the trial.",
)


def test_a_repeated_sentence_gets_a_fresh_analyzers_answer() -> None:
    warm = Analyzer()
    for _ in range(3):
        for text in SENTENCES:
            assert warm.analyze(text) == Analyzer().analyze(text)
            assert warm.claim(text) == Analyzer().claim(text)
    # claim() may say None where analyze() says "not a claim": both are kept apart
    assert warm.claim(SENTENCES[1]) is None
    assert warm.analyze(SENTENCES[1]) is not None


def test_the_memory_is_bounded() -> None:
    a = Analyzer(remember=2)
    for text in SENTENCES:
        a.analyze(text)
    assert len(a._seen) == 2
    assert (SENTENCES[0], False) not in a._seen  # the oldest went first
    none = Analyzer(remember=0)
    assert none.analyze(SENTENCES[0]) == a.analyze(SENTENCES[0])
    assert not none._seen


def test_subject_hits_are_not_shared_between_callers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "_REMEMBERED", 1)
    index = subjects.SubjectIndex(load_catalog(CATALOG))
    text = "ketamine was given for treatment-resistant depression."
    first = index.find(text)
    assert [h.id for h in first] == ["ketamine", "treatment-resistant-depression"]
    first.clear()  # a caller may change its list
    assert index.find(text) == subjects.SubjectIndex(load_catalog(CATALOG)).find(text)
    index.find("esketamine")  # forgets the first sentence
    assert list(index._seen) == ["esketamine"]
