"""Sources in the article review: people described by their line of work (outside voices)."""

from __future__ import annotations

from pathlib import Path

from kettools.models.review import Verdict
from kettools.review.judge import read, review
from kettools.review.sources import outside
from tests.unit._review_inputs import reading, written


def _names(paragraph: str) -> list[str]:
    return [m.group("name") for m in outside(paragraph)]


def test_a_person_described_by_their_work_is_an_outside_voice() -> None:
    said = '"It is a modest gain," said Dr. Ana Ruiz, a cardiologist at a city hospital.'
    assert _names(said) == ["Dr. Ana Ruiz"]
    before = "Tom Baxter, an expert on sleep at a sleep clinic, said the gain was small."
    assert _names(before) == ["Tom Baxter"]
    where = '"It is early days," said Dr. Ana Ruiz of the City Hospital in Leeds.'
    assert _names(where) == ["Dr. Ana Ruiz"]


def test_the_study_s_own_people_and_bystanders_are_not() -> None:
    # an author, or a description that ties the person to the study
    assert not _names('"It works," said Tom Baxter, the lead author of the report.')
    assert not _names('"It works," said Tom Baxter, a researcher who led the trial.')
    assert not _names('"It works," said Tom Baxter, a scientist on the project team.')
    assert not _names('"It works," said Dr. Ana Ruiz of the City Hospital, who helped run it.')
    # no line of work: a patient or a place, not an expert
    assert not _names('"I sleep better," said Jane Roe of Leeds.')
    assert not _names('"I sleep better," said Jane Roe, a mother of two from Leeds.')
    # nobody speaks in the paragraph
    assert not _names("Dr. Ana Ruiz, a cardiologist at a city hospital, ran the clinic.")
    # a sentence's first word is not part of the name
    assert not _names('But Ana Ruiz, a nurse at the clinic, said "it is early days."')


def test_two_outside_voices_meet_independent_sources(tmp_path: Path) -> None:
    text = (
        "A new pill lowered blood pressure in a trial of 300 adults.\n\n"
        '"The drop is real but small," said Dr. Ana Ruiz, a cardiologist at a city hospital.\n\n'
        '"We need longer trials," said Tom Baxter, a pharmacist in a county clinic.\n'
    )
    article = written(tmp_path, text)
    found = read(article).sources.outside
    assert [hit.text.split(",")[0] for hit in found] == ["Dr. Ana Ruiz", "Tom Baxter"]
    judged = review(article).criteria["independent_sources"]
    assert judged.verdict == Verdict.satisfactory
    assert "described by their work" in judged.why
    assert any("a cardiologist" in span.text for span in judged.evidence)


def test_an_outlet_or_an_institution_is_not_a_named_speaker(tmp_path: Path) -> None:
    text = (
        '"It is early days," Dr. Ana Ruiz told Daily Health News.\n\n'
        '"We need longer trials," said the City Hospital.\n'
    )
    assert reading(tmp_path, text).sources.names == ["Ana Ruiz"]
