"""The review's result: a verdict, a score, a reason and evidence spans per criterion."""

from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field

from kettools.models.base import Model, empty_list

CriterionKey = Literal[
    "costs",
    "benefits",
    "harms",
    "evidence",
    "mongering",
    "funding_coi",
    "independent_sources",
    "alternatives",
    "availability",
    "novelty",
    "news_release",
    "sensational",
]
KEYS: tuple[str, ...] = CriterionKey.__args__  # type: ignore[attr-defined]


class Verdict(StrEnum):
    satisfactory = "satisfactory"
    not_satisfactory = "not_satisfactory"
    not_applicable = "not_applicable"


class EvidenceSpan(Model):
    """Where a decisive cue stands (1-based; the end column is exclusive), and its words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    text: str


class Criterion(Model):
    """One HealthNewsReview criterion, judged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: Verdict
    score: float = Field(
        ge=0,
        le=1,
        description="How sure kettools is that the criterion is NOT satisfied (higher is worse); "
        "the same cues give the same score in any article.",
    )
    why: str = Field(description="One sentence: the cues that decided it.")
    evidence: list[EvidenceSpan] = Field(default_factory=empty_list)


class Review(Model):
    """The whole-article review: every criterion, and the rating they give."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rating: float = Field(
        ge=0, le=5, description="Share of applicable criteria satisfied, times 5 (one decimal)."
    )
    criteria: dict[CriterionKey, Criterion]


def rating(criteria: dict[str, Criterion]) -> float:
    """The reviewers' rating: satisfied / applicable x 5 (0 when nothing applies)."""
    applicable = [c for c in criteria.values() if c.verdict != Verdict.not_applicable]
    if not applicable:
        return 0.0
    met = sum(1 for c in applicable if c.verdict == Verdict.satisfactory)
    return round(5 * met / len(applicable), 1)
