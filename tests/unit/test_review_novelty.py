"""The novelty judge: earlier work placed by the writer or an independent voice counts in
full; the same words quoted from the study's own people count half."""

from __future__ import annotations

from pathlib import Path

from kettools.models.review import Verdict
from kettools.review.judge import review
from tests.unit._review_inputs import written

LEAD = "A daily walk eased knee pain in a trial of 200 adults.\n\n"
OWN = '"These results confirm what we had hoped to see," said Dr. Ann Lee, who led the trial.\n'
OUTSIDE = (
    'Dr. Tom Reyes, who was not involved in the study, said: "These results confirm what we '
    'had hoped to see."\n'
)
WRITER = "The results confirm what smaller trials of exercise for knee pain had found.\n"


def judged(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    return review(written(tmp_path, LEAD + text)).criteria["novelty"]


def test_a_quotation_from_the_study_s_own_people_counts_half(tmp_path: Path) -> None:
    own = judged(tmp_path, OWN)
    assert own.verdict is Verdict.not_satisfactory
    assert "quotations" in own.why
    assert [e.text for e in own.evidence] == ["confirm"]


def test_the_writer_or_an_independent_voice_counts_in_full(tmp_path: Path) -> None:
    writer = judged(tmp_path, WRITER)
    outside = judged(tmp_path, OUTSIDE)
    own = judged(tmp_path, OWN)
    assert writer.verdict is outside.verdict is Verdict.satisfactory
    assert writer.score == outside.score < own.score
