"""The study read from the words, and the benefits' absolute figures (issue 19, fifth round)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kettools.review.study import Study
from tests.unit._review_inputs import reading, written


def _study(tmp_path: Path, text: str) -> Study:
    return reading(tmp_path, text + "\n").study


@pytest.mark.parametrize(
    "sentence",
    [
        "The 80 volunteers were randomly assigned to the new cream or to a plain one.",
        "Patients were randomised to surgery or to physiotherapy.",
        "Families were assigned at random to one of three reading programmes.",
    ],
)
def test_how_people_were_put_into_groups_is_read(tmp_path: Path, sentence: str) -> None:
    assert _study(tmp_path, sentence).allocation


def test_a_randomly_chosen_sample_is_no_allocation(tmp_path: Path) -> None:
    assert not _study(
        tmp_path, "The survey reached a randomly chosen sample of 900 homes."
    ).allocation


def test_a_share_of_the_patients_is_no_small_study(tmp_path: Path) -> None:
    assert not _study(tmp_path, "Only 30 percent of patients finished the course.").small
    assert _study(tmp_path, "Only 30 patients finished the course.").small


def test_shares_past_the_third_sentence_add_nothing_to_benefits(tmp_path: Path) -> None:
    """Many sentences with a percentage are not an absolute comparison: past three, each
    adds nothing to the benefits criterion."""
    from kettools.review.judge import review

    def score(n: int) -> float:
        lines = [f"Symptoms eased in {10 + i}% of the group." for i in range(n)]
        article = written(tmp_path, "\n\n".join(lines) + "\n", f"a{n}.md")
        return review(article).criteria["benefits"].score

    assert score(3) == score(5) < score(2)


@pytest.mark.parametrize(
    ("sentence", "absolute"),
    [
        ("The response rate was 38 percent in the first year.", True),
        ("Tablets gave a cure rate of about 61% in adults.", True),
        ("Relapse rates were 12% among those who kept up the exercises.", True),
        ("The attack rate was 38 percent lower in the first year.", False),
        ("Death rates were 12% higher among smokers.", False),
    ],
)
def test_an_event_rate_given_as_a_share_is_an_absolute_figure(
    tmp_path: Path, sentence: str, absolute: bool
) -> None:
    """Sixth round: "a response rate of 38 percent" is how many, not how much more; "a rate
    38 percent lower" stays a relative figure."""
    text = reading(tmp_path, sentence + "\n").text
    assert bool(text.cues("benefits", "absolute")) is absolute


@pytest.mark.parametrize(
    ("sentence", "followed"),
    [
        ("At follow-up two years later, 30 of the 50 children still wore the brace.", True),
        ("The women were followed up for a decade.", True),
        ("Longer follow-up is needed before the scan is offered widely.", True),
        ("Patients who miss their follow-up care are readmitted more often.", False),
        ("The clinic makes follow-up phone calls within a week.", False),
    ],
)
def test_how_the_people_were_followed_is_read(
    tmp_path: Path, sentence: str, followed: bool
) -> None:
    """Sixth round: follow-up says how long the people were watched (or that it was too
    short); follow-up care or calls are the treatment, not the study."""
    assert bool(_study(tmp_path, sentence).follow_up) is followed


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        ("The gain in walking time was not statistically significant.", True),
        ("The gap between the groups wasn’t statistically significant.", True),
        ("Fewer falls were seen, but the change did not reach statistical significance.", True),
        ("The cream gave a statistically significant drop in itching.", False),
    ],
)
def test_only_a_result_that_may_be_chance_is_a_stated_limit(
    tmp_path: Path, sentence: str, limit: bool
) -> None:
    """Sixth round: "not statistically significant" warns that a difference may be
    chance; "a statistically significant drop" is a finding, often the spin itself."""
    assert bool(_study(tmp_path, sentence).limitation) is limit
