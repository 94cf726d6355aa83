"""The article review's scorecard in the text report: two lines per reviewed file.

    sources/x.md: review 2.9/5 (4 of 7 applicable criteria met)
      not met: costs, evidence, funding_coi, alternatives

Short on purpose, so the default output stays readable; `--format json` carries every
criterion with its score, reason and evidence. The language server shows the same
headline as a code lens on an article's first line (`headline`, `unmet`).
"""

from __future__ import annotations

from kettools.models.review import Criterion, Review, Verdict


def headline(review: Review) -> str:
    """`review 2.9/5 (4 of 7 applicable criteria met)`."""
    judged = review.criteria.values()
    applicable = [c for c in judged if c.verdict != Verdict.not_applicable]
    met = sum(1 for c in applicable if c.verdict == Verdict.satisfactory)
    return f"review {review.rating:.1f}/5 ({met} of {len(applicable)} applicable criteria met)"


def unmet(review: Review) -> list[tuple[str, Criterion]]:
    """The criteria not satisfied, in the review's order, with their judgements."""
    return [(k, c) for k, c in review.criteria.items() if c.verdict == Verdict.not_satisfactory]


def scorecard(path: str, review: Review) -> list[str]:
    lines = [f"{path}: {headline(review)}"]
    missing = unmet(review)
    if missing:
        lines.append("  not met: " + ", ".join(k for k, _ in missing))
    return lines
