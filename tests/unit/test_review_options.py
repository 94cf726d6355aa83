"""Cue families of the fifth round (issue 19) for alternatives, availability and novelty:
a sentence of our own that must count, and one that must not (word list, group, sentence,
counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kettools.ingest import read_article
from kettools.review.judge import read

CUES = [
    # availability: a product sold under a name of its own, public coverage, a regulator
    # other than the FDA, data drawn from routine care
    ("availability", "stated", "The pill goes by the brand name Quietra.", True),
    ("availability", "stated", "Medicare pays for the scan once a year.", True),
    ("availability", "stated", "The European Medicines Agency cleared the drug in May.", True),
    ("availability", "stated", "The team read the records of a national hip registry.", True),
    ("availability", "stated", "Its manufacturer paid for the trial.", False),
    ("availability", "stated", "A home health agency sent a nurse twice a week.", False),
    ("availability", "stated", "Patients can get the implant at 14 hospitals in Ohio.", True),
    ("availability", "stated", "Ask your pharmacist which brand suits you.", True),
    ("availability", "stated", "The 14 hospitals in the study shared their data.", False),
    # novelty: newness claimed ("novel", "a new approach") is the weaker sign, as "the
    # first" is; it does not place the work among earlier work
    ("novelty", "first", "The clinic tried a novel way to dress burns.", True),
    ("novelty", "placed", "The clinic tried a novel way to dress burns.", False),
    ("novelty", "first", "It is a new approach to an old problem.", True),
    ("novelty", "placed", "Previous studies tested the dressing in children.", True),
]


def _read(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    return read(read_article(path, "a.md"))


@pytest.mark.parametrize(("name", "key", "sentence", "counts"), CUES)
def test_a_cue_family_counts_its_sentence(
    tmp_path: Path, name: str, key: str, sentence: str, counts: bool
) -> None:
    text = _read(tmp_path, sentence + "\n").text
    assert bool(text.cues(name, key)) is counts, text.cues(name, key)


LAB = (
    "# A compound slows tumours\n\n"
    "In a study of 30 mice, the compound slowed the growth of liver tumours.\n\n"
    "The mice that received it lived a week longer than the untreated mice.\n"
)


def test_lab_work_with_no_study_in_people_weighs_against_alternatives(tmp_path: Path) -> None:
    from kettools.review.criteria import alternatives

    lab = alternatives(_read(tmp_path, LAB))
    people = alternatives(_read(tmp_path, LAB + "\nA trial in 40 patients is planned.\n"))
    assert lab.score > people.score
    assert "animals or cells" in lab.why
    assert [e.text for e in lab.evidence] == ["30 mice"]
    options = "\nIt was as effective as the older drugs.\n\nSurgery is the standard treatment.\n"
    assert alternatives(_read(tmp_path, LAB + options)).verdict.value == "satisfactory"


def test_a_price_says_the_intervention_can_be_bought(tmp_path: Path) -> None:
    from kettools.review.criteria import availability

    body = "A nasal spray shortened colds by a day in 60 adults.\n"
    without = availability(_read(tmp_path, body))
    priced = availability(_read(tmp_path, body + "\nThe spray costs $12 a bottle.\n"))
    assert priced.score < without.score
    assert any("$" in e.text for e in priced.evidence)


def test_newness_claimed_alone_does_not_establish_novelty(tmp_path: Path) -> None:
    from kettools.review.criteria import novelty

    claim = "The clinic tried a novel way to dress burns on 50 patients.\n"
    claimed = novelty(_read(tmp_path, claim))
    assert claimed.verdict.value == "not_satisfactory"
    assert "does not say what came before" in claimed.why
    placed = novelty(_read(tmp_path, claim + "\nPrevious studies tested it in children.\n"))
    assert placed.verdict.value == "satisfactory"
