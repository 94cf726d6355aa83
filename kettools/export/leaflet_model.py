"""What a patient leaflet holds, and the plain words it uses for the strength of evidence.

`leaflet_content.build` fills a `Leaflet` from claim records and the catalog; the
template renders it.

Strength of evidence, in plain words, from the claim's evidence level (the editor's
override first) and how many cited sources have that level:

| evidence level                     | one source                 | two or more             |
|------------------------------------|----------------------------|-------------------------|
| meta-analysis, systematic review   | a review of many studies   | reviews of many studies |
| guideline                          | expert guidelines          | expert guidelines       |
| randomised trial                   | one trial                  | several trials          |
| regulatory (the official label)    | the official drug label    | the official drug label |
| cohort, case-control               | studies that observed people, not trials | (same)    |
| case series                        | a few small studies        | a few small studies     |
| expert opinion, preclinical, none  | the evidence is very uncertain | (same)              |
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kettools import readability
from kettools.models.claims import ClaimRecord
from kettools.models.reference import Evidence, Reference

HEADINGS: dict[str, str] = {
    "treatment": "What this treatment is",
    "evidence": "What the evidence says",
    "safety": "Side effects and safety",
    "contraindications": "Who should not use it",
    "questions": "Questions to ask your care team",
    "references": "References",
    "about": "About this leaflet",
}

STRENGTH: dict[str, tuple[str, str]] = {
    # key: (label, one-line explanation)
    "review": ("A review of many studies", "Researchers pooled the results of many studies."),
    "guideline": ("Expert guidelines", "Experts weighed the studies and agreed advice."),
    "trials": ("Several trials", "More than one fair test against a dummy or another treatment."),
    "trial": ("One trial", "One fair test; more trials would make this surer."),
    "label": ("The official drug label", "What the regulator checked and approved."),
    "observational": (
        "Studies that observed people",
        "Not trials, so other things may explain the result.",
    ),
    "small": ("A few small studies", "Too few people to be sure."),
    "uncertain": (
        "The evidence is very uncertain",
        "Based on expert opinion or studies in animals or cells.",
    ),
}

_SPACE_BEFORE = re.compile(r"\s+([.,;:!?)\]])")
_SPACE_AFTER = re.compile(r"([(\[])\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def plain(text: str) -> str:
    """Collapse whitespace and the gaps that removed citations leave before punctuation."""
    text = _EMPTY_BRACKETS.sub("", " ".join(text.split()))
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Strength:
    key: str
    label: str
    explanation: str


@dataclass(slots=True)
class EvidenceItem:
    text: str
    strength: Strength
    refs: list[int]
    claim_ids: list[str]


@dataclass(frozen=True, slots=True)
class CaveatItem:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    number: int
    key: str
    text: str
    doi: str | None
    doi_url: str | None
    pmid: str | None
    pmid_url: str | None


@dataclass(slots=True)
class Leaflet:
    lang: str
    title: str
    audience: str
    validated: bool
    drug_name: str
    treatment: list[str]
    benefits: list[EvidenceItem]
    use: list[EvidenceItem]
    safety: list[CaveatItem]
    contraindications: list[CaveatItem]
    questions: list[str]
    references: list[ReferenceItem]
    reviewers: list[str]
    last_reviewed: dt.date | None
    next_review: dt.date | None
    url: str | None
    generated: dt.date
    tool_version: str
    headings: dict[str, str] = field(default_factory=lambda: dict(HEADINGS))
    scores: readability.Readability | None = None
    target: float = 8.0

    def reading_sentences(self) -> list[str]:
        """The leaflet's own prose (the five content sections), one sentence each."""
        lines = [*self.treatment]
        lines += [item.text for item in (*self.benefits, *self.use)]
        lines += [f"{c.title}. {c.text}" for c in (*self.safety, *self.contraindications)]
        lines += self.questions
        return [s for line in lines for s in _SENTENCE_BREAK.split(line) if s.strip()]

    def strength_key(self) -> list[Strength]:
        """The strength labels the findings use, strongest first: explained once, above them."""
        order = list(STRENGTH)
        used = {item.strength for item in (*self.benefits, *self.use)}
        return sorted(used, key=lambda s: (order.index(s.key), s.label))

    @property
    def grade(self) -> float:
        """The mean of SMOG and Flesch-Kincaid grade, as rule KT801 compares it."""
        if self.scores is None:
            return 0.0
        return (self.scores.smog + self.scores.flesch_kincaid) / 2


def strength(claims: list[ClaimRecord], refs: dict[str, Reference]) -> Strength:
    """The plain-words strength of one or more claims shown together: their strongest level."""
    levels = [lv for c in claims if (lv := c.review.evidence or c.evidence) is not None]
    level = max(levels, key=lambda e: e.rank) if levels else None
    keys = {k for c in claims for k in c.citations}
    same = sum(1 for key in keys if key in refs and refs[key].evidence == level)
    if level in (Evidence.meta_analysis, Evidence.systematic_review):
        key = "review"
    elif level == Evidence.guideline:
        key = "guideline"
    elif level == Evidence.rct:
        key = "trials" if same >= 2 else "trial"
    elif level == Evidence.regulatory:
        key = "label"
    elif level in (Evidence.cohort, Evidence.case_control):
        key = "observational"
    elif level == Evidence.case_series:
        key = "small"
    else:
        key = "uncertain"
    label, explanation = STRENGTH[key]
    if key == "review" and same >= 2:
        label = "Reviews of many studies"
    return Strength(key, label, explanation)
