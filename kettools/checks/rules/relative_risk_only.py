"""KT205: a relative risk ("three times more likely") with no absolute numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import any_of, body_sentences, load_data, source_range
from kettools.models.finding import Finding, Severity


@cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The relative wordings, and the absolute figures, each as one alternation (its
    leftmost match is the leftmost match of any listed expression, the first listed
    winning a tie)."""
    data = load_data("relative_risk.yaml")
    return any_of(data["relative"]), any_of(data["absolute"])


class RelativeRiskOnly(Rule):
    """A relative risk or benefit stated without the absolute numbers behind it.

    "Three times more likely", "twice as likely", "a 50% lower risk", "halves the risk"
    sound large whatever the baseline: three times a 1 in 1,000 chance is still 3 in
    1,000. A sentence with such wording (patterns in
    `kettools/checks/rules/data/relative_risk.yaml`) passes only when its paragraph also
    gives absolute figures: "N in 100", "N of N",
    "from X% to Y%", "per 1,000", or a number needed to treat. Figures in the next
    sentence count; figures in another paragraph do not, so keep them together.

    Failing:

        Patients who choose ketamine are three times more likely to recover.

    Passing:

        About 55 in 100 people responded to ketamine, against 41 in 100 with ECT [@anand2023].
    """

    code = "KT205"
    name = "relative-risk-only"
    category = "overstated"
    severity = Severity.error
    help = (
        "Give the absolute numbers too, e.g. 'about 30 in 100 people recovered, against 10 "
        "in 100 on placebo'."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        relative, absolute = patterns()
        blocks = ctx.article.blocks
        for sentence in body_sentences(ctx):
            text = sentence.plain
            match = relative.search(text)
            if match is None or absolute.search(blocks[sentence.block].plain):
                continue
            start, end = source_range(sentence.offsets, match.start(), match.end())
            yield self.finding(
                ctx, start, end, f"'{match.group()}' is a relative figure with no absolute numbers"
            )
