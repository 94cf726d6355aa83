"""The article review's scorecard in the text report: two lines per reviewed file.

    sources/x.md: review 2.9/5 (4 of 7 applicable criteria met)
      not met: costs, evidence, funding_coi, alternatives

Short on purpose, so the default output stays readable; `--format json` carries every
criterion with its score, reason and evidence.
"""

from __future__ import annotations

from kettools.models.review import Review, Verdict


def scorecard(path: str, review: Review) -> list[str]:
    judged = review.criteria.items()
    applicable = [k for k, c in judged if c.verdict != Verdict.not_applicable]
    unmet = [k for k, c in judged if c.verdict == Verdict.not_satisfactory]
    met = len(applicable) - len(unmet)
    lines = [
        f"{path}: review {review.rating:.1f}/5 ({met} of {len(applicable)} applicable criteria met)"
    ]
    if unmet:
        lines.append("  not met: " + ", ".join(unmet))
    return lines
