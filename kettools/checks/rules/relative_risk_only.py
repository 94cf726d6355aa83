"""KT205: a relative risk ("three times more likely") with no absolute numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import Guarded, any_of, folded, guarded, phrases, source_range
from kettools.ingest.document import Sentence
from kettools.language.lexicons import lower_same_length
from kettools.models.finding import Finding, Severity
from kettools.review.text import expressions

_BEFORE, _AFTER = 1, 2  # sentences either side whose absolute figures count


@cache
def relative() -> re.Pattern[str]:
    """The relative wordings, as one alternation (its leftmost match is the leftmost match
    of any listed expression, the first listed winning a tie)."""
    return any_of(list(phrases("relative_risk.yaml", "relative", bounded=True)))


@cache
def _guarded() -> Guarded:
    return guarded("relative", [relative()])[0]


def absolute(text: str) -> bool:
    """The text gives absolute figures, as the review's benefits criterion reads them
    (`kettools/review/data/benefits.yaml`, list `absolute`): "N in N", "N of N", "from X%
    to Y%", "X% against Y%", "per 1,000", a number needed to treat."""
    lower = lower_same_length(text)
    return any(
        e.regex.search(lower if e.lower else text) for e in expressions("benefits", "absolute")
    )


class RelativeRiskOnly(Rule):
    """A relative risk or benefit stated without the absolute numbers behind it.

    "Three times more likely", "twice as likely", "a 50% lower risk", "halves the risk"
    sound large whatever the baseline: three times a 1 in 1,000 chance is still 3 in
    1,000. A sentence with such wording (patterns in
    `kettools/checks/rules/data/relative_risk.yaml`; "times more" counts when it speaks
    of a risk, a likelihood or an effect, not of a price or an amount) passes when
    absolute figures stand near it: in its paragraph, the sentence before it or the two
    after it, as news gives them in the next short paragraph. Absolute figures are read
    as the article review reads them for its benefits criterion ("N in 100", "N of N",
    "from X% to Y%", "X% against Y%", "per 1,000", a number needed to treat). Figures
    further away do not count: keep them together.

    Failing:

        Patients who choose ketamine are three times more likely to recover.

    Passing:

        About 55 in 100 people responded to ketamine, against 41 in 100 with ECT [@anand2023].

        Patients on the spray were twice as likely to respond.

        That was 40 in 100 people, against 20 in 100 on placebo.
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
        article = ctx.article
        sentences = article.sentences
        for index, sentence in enumerate(sentences):
            if article.blocks[sentence.block].kind == "heading":
                continue
            match = _guarded().search(sentence.plain, folded(sentence.plain))
            if match is None or absolute(
                _near(article.blocks[sentence.block].plain, sentences, index)
            ):
                continue
            start, end = source_range(sentence.offsets, match.start(), match.end())
            yield self.finding(
                ctx, start, end, f"'{match.group()}' is a relative figure with no absolute numbers"
            )


def _near(paragraph: str, sentences: list[Sentence], index: int) -> str:
    """The sentence's paragraph, the sentence before it and the two after it."""
    around = sentences[max(0, index - _BEFORE) : index + _AFTER + 1]
    return "\n".join([paragraph, *(s.plain for s in around)])
