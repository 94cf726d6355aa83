"""The claim record (one per claim sentence), the claims sidecar and the article record."""

import datetime as dt
from enum import StrEnum

from pydantic import Field

from kettools.models.base import Model, Span, empty_list
from kettools.models.frontmatter import FrontMatter
from kettools.models.reference import Evidence


class ClaimKind(StrEnum):
    efficacy = "efficacy"
    safety = "safety"
    mechanism = "mechanism"
    regulatory = "regulatory"
    dosing = "dosing"
    comparative = "comparative"
    epidemiology = "epidemiology"
    testimonial = "testimonial"
    other = "other"


class Strength(StrEnum):
    """Causal strength the wording asserts (Yu et al. 2019)."""

    none = "none"
    correlational = "correlational"
    conditional_causal = "conditional_causal"
    direct_causal = "direct_causal"


class Certainty(StrEnum):
    hedged = "hedged"
    plain = "plain"
    boosted = "boosted"


class CueKind(StrEnum):
    hedge = "hedge"
    booster = "booster"
    hype = "hype"
    absolute = "absolute"
    causal = "causal"
    correlational = "correlational"
    conditional = "conditional"
    kind = "kind"
    population = "population"
    attribution = "attribution"


class Cue(Model):
    """A word or phrase that made a decision, with where it stands."""

    kind: CueKind
    text: str
    span: Span


class Subject(Model):
    intervention: str | None = Field(default=None, description="Catalog drug id.")
    conditions: list[str] = Field(default_factory=empty_list, description="Catalog condition ids.")
    population: str = Field(default="unspecified", pattern=r"^(human|animal|in-vitro|unspecified)$")


class ReviewStatus(StrEnum):
    draft = "draft"
    accepted = "accepted"
    rejected = "rejected"


class Review(Model):
    """Editor curation. kettools never overwrites these fields."""

    status: ReviewStatus = ReviewStatus.draft
    note: str | None = None
    by: str | None = None
    date: dt.date | None = None
    evidence: Evidence | None = Field(default=None, description="Editor's evidence override.")


class ClaimRecord(Model):
    id: str = Field(pattern=r"^c-[0-9a-f]{10}$")
    text: str = Field(description="The sentence exactly as in the source (line breaks as \\n).")
    span: Span
    kind: ClaimKind
    strength: Strength
    certainty: Certainty
    cues: list[Cue] = Field(default_factory=empty_list)
    subject: Subject = Field(default_factory=Subject)
    citations: list[str] = Field(default_factory=empty_list, description="Bibliography keys.")
    evidence: Evidence | None = None
    caveats: list[str] = Field(default_factory=empty_list, description="Catalog caveat ids stated.")
    review: Review = Field(default_factory=Review)
    stale: bool = Field(default=False, description="Its sentence is no longer in the article.")


class Sidecar(Model):
    """`<slug>.claims.yaml`: written by `kettools extract`, curated by editors."""

    article: str
    claims: list[ClaimRecord] = Field(default_factory=empty_list)


class ArticleRecord(Model):
    """What article-level policies validate: the front matter plus aggregates."""

    path: str
    format: str = Field(pattern=r"^(markdown|text|html)$")
    front_matter: FrontMatter
    has_front_matter: bool
    words: int = Field(ge=0)
    sentences: int = Field(ge=0)
    claims: int = Field(ge=0)
    cited_keys: list[str] = Field(default_factory=empty_list)
    caveats_required: list[str] = Field(default_factory=empty_list)
    caveats_present: list[str] = Field(default_factory=empty_list)
    review_age_days: int | None = Field(
        default=None, description="Days since last_reviewed, on the run's date."
    )
    days_to_next_review: int | None = None
