"""What a patient leaflet holds, and the plain words it uses for the strength of evidence.

`leaflet_content.build` fills a `Leaflet` from the article's placed sentences
(`leaflet_place`) and the catalog; the template renders it.

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
| the text rates its certainty "low" | the evidence is uncertain  | (same)                  |
| expert opinion, preclinical, none, or rated "very low" | the evidence is very uncertain | (same) |
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kettools.language import readability
from kettools.models.claims import ClaimRecord
from kettools.models.reference import Evidence, Reference

# the leaflet's sections, in order ({drug}: the drug's name, or "this treatment")
HEADINGS: dict[str, str] = {
    "what": "What {drug} is and what it is used for",
    "before": "Before you use {drug}",
    "how": "How {drug} is given",
    "effects": "Possible side effects",
    "works": "How well it works and how sure we are",
    "questions": "Questions to ask your care team",
    "sources": "Sources and who wrote this",
}

FALLBACK: dict[str, str] = {
    "what": "Ask your care team what {drug} is and why it is offered to you.",
    "before": "Ask your care team whether {drug} is safe for you.",
    "how": "Ask your care team how {drug} is given and how often.",
    "effects": "Ask your care team which side effects to watch for.",
    "works": "The article gives no checked findings about how well {drug} works.",
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
    "low": (
        "The evidence is uncertain",
        "The researchers themselves rated their confidence in it as low.",
    ),
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
class Item:
    """One leaflet item: the sentences of one paragraph that go to one section."""

    text: str
    refs: list[int]
    claim_ids: list[str]
    strength: Strength | None = None  # only for "how well it works"
    urgent: list[str] = field(default_factory=list)  # its crisis lines, shown in bold
    title: str = ""  # a catalog caveat's title (items not from the article)
    note: str = ""  # where it comes from, when not from the article

    def parts(self) -> list[tuple[str, bool]]:
        """The text as (piece, is a crisis line), so the template can make those bold."""
        out: list[tuple[str, bool]] = []
        rest = self.text
        for line in self.urgent:
            before, found, rest = rest.partition(line)
            if not found:
                break
            out += [(before, False), (line, True)]
        return [(t, bold) for t, bold in [*out, (rest, False)] if t]


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
    facts: list[str]  # key facts about the drug, from the catalog
    sections: dict[str, list[Item]]  # HEADINGS key -> items, in article order
    questions: list[str]  # questions the leaflet adds to the article's own
    references: list[ReferenceItem]
    authors: list[str]
    reviewers: list[str]
    disclosure: str | None
    last_reviewed: dt.date | None
    next_review: dt.date | None
    url: str | None
    generated: dt.date
    tool_version: str
    headings: dict[str, str] = field(default_factory=dict)
    scores: readability.Readability | None = None
    target: float = 8.0

    def fallback(self, key: str) -> str:
        """What an empty section says."""
        return FALLBACK[key].format(drug=self.drug_name)

    @staticmethod
    def month(date: dt.date | None) -> str:
        return f"{date:%B} {date.year}" if date else "not stated"

    def reading_sentences(self) -> list[str]:
        """The leaflet's own prose (facts and sections), one sentence each."""
        lines = [*self.facts]
        lines += [item.text for items in self.sections.values() for item in items]
        lines += self.questions
        return [s for line in lines for s in _SENTENCE_BREAK.split(line) if s.strip()]

    def strength_key(self) -> list[Strength]:
        """The strength labels the findings use, strongest first: explained once, above them."""
        order = list(STRENGTH)
        used = {item.strength for items in self.sections.values() for item in items}
        return sorted((s for s in used if s), key=lambda s: (order.index(s.key), s.label))

    @property
    def grade(self) -> float:
        """The mean of SMOG and Flesch-Kincaid grade, as rule KT801 compares it."""
        if self.scores is None:
            return 0.0
        return (self.scores.smog + self.scores.flesch_kincaid) / 2


_VERY_LOW = re.compile(r"\bvery low\b", re.I)


def strength(
    claims: list[ClaimRecord], refs: dict[str, Reference], certainty: str | None = None
) -> Strength:
    """The plain-words strength of one or more claims shown together: their strongest level,
    lowered when the text itself rates the certainty of the evidence ("very low": very
    uncertain; "low": uncertain)."""
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
    if certainty is not None:
        key = "uncertain" if _VERY_LOW.search(certainty) else "low"
    label, explanation = STRENGTH[key]
    if key == "review" and same >= 2:
        label = "Reviews of many studies"
    return Strength(key, label, explanation)
