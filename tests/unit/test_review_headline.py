"""Sensational: a headline that states a health effect as settled, read with its lead."""

from __future__ import annotations

from pathlib import Path

import pytest

from kettools.models.review import Verdict
from kettools.review.judge import review
from tests.unit._review_inputs import written

PLAIN_LEAD = "Volunteers drank three cups a day for a month.\n\nThe colds were counted.\n"
HEDGED_LEAD = "Volunteers drank three cups a day; the tea may shorten colds.\n"


def judged(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    return review(written(tmp_path, text)).criteria["sensational"]


def test_a_settled_headline_over_a_plain_lead_is_sensational_alone(tmp_path: Path) -> None:
    c = judged(tmp_path, "# Green tea stops winter colds\n\n" + PLAIN_LEAD)
    assert c.verdict == Verdict.not_satisfactory
    assert [e.text for e in c.evidence] == ["stops"]
    assert c.why == "its headline states a health effect as settled and its lead does not hedge it"


def test_a_lead_that_hedges_tempers_the_headline(tmp_path: Path) -> None:
    c = judged(tmp_path, "# Green tea stops winter colds\n\n" + HEDGED_LEAD)
    assert c.verdict == Verdict.satisfactory
    assert [e.text for e in c.evidence] == ["stops"]  # still shown: it is what an editor reads


def test_a_hedge_in_the_third_paragraph_is_not_the_lead(tmp_path: Path) -> None:
    text = "# Green tea stops winter colds\n\n" + PLAIN_LEAD + "\nIt may not hold for adults.\n"
    assert judged(tmp_path, text).verdict == Verdict.not_satisfactory


@pytest.mark.parametrize(
    "headline",
    [
        "Does green tea stop winter colds?",
        "Green tea does not stop winter colds",
        "Green tea fails to prevent winter colds",
        "Green tea potentially stops winter colds",
        "A tea blend designed to prevent winter colds",
    ],
)
def test_a_headline_that_asks_denies_or_hedges_claims_nothing(
    tmp_path: Path, headline: str
) -> None:
    c = judged(tmp_path, f"# {headline}\n\n" + PLAIN_LEAD)
    assert c.verdict == Verdict.satisfactory
    assert c.evidence == []
