"""What exports say about a claim and its evidence: kettools' verdict and the certainty rating.

The verdict of a claim comes from the findings attached to it (by `claim_id`):

* any finding of category `unsupported` -> "unsupported"
* else any finding of category `overstated` -> "overstated"
* else -> "supported" (kettools found nothing wrong with the claim's support or wording)

Findings of other categories (missing caveats, citations, ...) do not change the verdict, but
their codes are listed with it, like every code of a finding on the claim.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kettools.models.finding import Finding
from kettools.models.reference import Evidence

SUPPORTED = "supported"
UNSUPPORTED = "unsupported"
OVERSTATED = "overstated"
# reviewRating.ratingValue: 1 (worst) .. 3 (best)
RATING = {UNSUPPORTED: 1, OVERSTATED: 2, SUPPORTED: 3}


@dataclass(frozen=True, slots=True)
class Verdict:
    value: str  # supported | unsupported | overstated
    codes: tuple[str, ...]  # rule codes of the findings on the claim, sorted, unique

    @property
    def rating(self) -> int:
        return RATING[self.value]


def verdicts(findings: list[Finding]) -> dict[str, Verdict]:
    """claim id -> verdict, for every claim that has findings (others are `supported`)."""
    by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.claim_id:
            by_claim[finding.claim_id].append(finding)
    return {claim_id: verdict_of(items) for claim_id, items in by_claim.items()}


def verdict_of(findings: list[Finding]) -> Verdict:
    categories = {f.category for f in findings}
    codes = tuple(sorted({f.code for f in findings}))
    if "unsupported" in categories:
        return Verdict(UNSUPPORTED, codes)
    if "overstated" in categories:
        return Verdict(OVERSTATED, codes)
    return Verdict(SUPPORTED, codes)


NO_FINDINGS = Verdict(SUPPORTED, ())

# Evidence level -> starting certainty, GRADE-like: the design's starting level, not an appraisal.
# Randomised evidence and syntheses start high, guidance and regulatory decisions moderate,
# observational designs low, and case series, opinion and preclinical work very low.
CERTAINTY: dict[Evidence, str] = {
    Evidence.meta_analysis: "high",
    Evidence.systematic_review: "high",
    Evidence.rct: "high",
    Evidence.guideline: "moderate",
    Evidence.regulatory: "moderate",
    Evidence.cohort: "low",
    Evidence.case_control: "low",
    Evidence.case_series: "very-low",
    Evidence.expert_opinion: "very-low",
    Evidence.preclinical: "very-low",
}
CERTAINTY_DISPLAY = {
    "high": "High quality",
    "moderate": "Moderate quality",
    "low": "Low quality",
    "very-low": "Very low quality",
}
