"""Alternatives, availability and novelty (issue 19, fifth round): lab work, a price,
newness claimed alone. Their cue sentences are in test_review.py's CUES table."""

from __future__ import annotations

from pathlib import Path

from tests.unit._review_inputs import reading

LAB = (
    "# A compound slows tumours\n\n"
    "In a study of 30 mice, the compound slowed the growth of liver tumours.\n\n"
    "The mice that received it lived a week longer than the untreated mice.\n"
)


def test_lab_work_with_no_study_in_people_weighs_against_alternatives(tmp_path: Path) -> None:
    from kettools.review.criteria import alternatives

    lab = alternatives(reading(tmp_path, LAB))
    people = alternatives(reading(tmp_path, LAB + "\nA trial in 40 patients is planned.\n"))
    assert lab.score > people.score
    assert "animals or cells" in lab.why
    assert [e.text for e in lab.evidence] == ["30 mice"]
    options = "\nIt was as effective as the older drugs.\n\nSurgery is the standard treatment.\n"
    assert alternatives(reading(tmp_path, LAB + options)).verdict.value == "satisfactory"


def test_a_price_says_the_intervention_can_be_bought(tmp_path: Path) -> None:
    from kettools.review.criteria import availability

    body = "A nasal spray shortened colds by a day in 60 adults.\n"
    without = availability(reading(tmp_path, body))
    priced = availability(reading(tmp_path, body + "\nThe spray costs $12 a bottle.\n"))
    assert priced.score < without.score
    assert any("$" in e.text for e in priced.evidence)


def test_newness_claimed_alone_does_not_establish_novelty(tmp_path: Path) -> None:
    from kettools.review.criteria import novelty

    claim = "The clinic tried a novel way to dress burns on 50 patients.\n"
    claimed = novelty(reading(tmp_path, claim))
    assert claimed.verdict.value == "not_satisfactory"
    assert "does not say what came before" in claimed.why
    placed = novelty(reading(tmp_path, claim + "\nPrevious studies tested it in children.\n"))
    assert placed.verdict.value == "satisfactory"
