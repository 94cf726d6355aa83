"""KT102: "studies show" and the like, with no citation in the sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    any_of,
    body_sentences,
    load_data,
    sentence_keys,
    source_range,
)
from kettools.models.finding import Finding, Severity
from kettools.review.sources import named_quote


@cache
def pattern() -> re.Pattern[str]:
    return any_of(load_data("attribution.yaml")["vague"])


class VagueAttribution(Rule):
    """A claim credited to "studies", "research" or "experts" without saying which.

    Sentences of the article's prose (not headings) are matched against the vague
    attributions in `kettools/checks/rules/data/attribution.yaml`: "studies show", "research
    has demonstrated", "numerous studies have proven", "experts agree", "science says",
    "according to experts", "clinically proven". When the sentence (or its paragraph,
    where a paragraph cites once at its end) carries no citation, the finding sits on
    the attribution words. A cited sentence passes: the reader can check the study. So
    does a named person's quoted words ("'Studies show it helps,' said Dr. Ana Ruiz"):
    the reader knows who says it, as in news reporting.

    Failing:

        Studies have shown that ketamine lifts mood within hours.

    Passing:

        In a trial of 73 people, depression scores fell a day after one infusion [@murrough2013].
    """

    code = "KT102"
    name = "vague-attribution"
    category = "unsupported"
    severity = Severity.error
    help = "Cite the studies you mean ([@key]), or say who found what and where it was published."

    def check(self, ctx: Context) -> Iterator[Finding]:
        blocks = ctx.article.blocks
        for sentence in body_sentences(ctx):
            if sentence_keys(ctx, sentence):
                continue
            match = pattern().search(sentence.plain)
            if match is None or named_quote(sentence.plain, blocks[sentence.block].plain):
                continue
            start, end = source_range(sentence.offsets, match.start(), match.end())
            yield self.finding(
                ctx, start, end, f"'{match.group()}' names no source: which studies, and where?"
            )
