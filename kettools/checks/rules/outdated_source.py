"""KT504: an old source cited for what the sentence presents as current."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import any_of, body_sentences, phrases
from kettools.models.finding import Finding, Severity


@cache
def current() -> re.Pattern[str]:
    """The words that present a statement as current (`data/outdated_source.yaml`)."""
    return any_of(list(phrases("outdated_source.yaml", "current", bounded=True)))


class OutdatedSource(Rule):
    """An old source cited for what the sentence presents as current practice or knowledge.

    A citation is old when its `issued` year is more than `max_source_age_years`
    (default 15) before the run's date. Old sources are fine for history ("the first
    small trial, in 2000, ..."), so a warning is given only when the citing sentence
    presents its content as current: "current", "latest", "recent", "today", "modern",
    "standard of care", "best practice", "up to date". Each old key in such a sentence
    is a warning at the citation. The evidence level does not exempt a source: an old
    guideline is just as out of date for current practice.

    Failing:

        Our dosing follows the current standard of care [@berman2000].

    Passing:

        The first small trial, in 2000, had just 7 people [@berman2000].
    """

    code = "KT504"
    name = "outdated-source"
    category = "citation"
    severity = Severity.warning
    help = (
        "Cite a recent source (a current guideline or review) for current practice, or say "
        "that the source is historical."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        bib = ctx.bibliography
        if bib is None:
            return
        limit = ctx.config.max_source_age_years
        for sentence in body_sentences(ctx):
            if not sentence.citations or not current().search(sentence.plain):
                continue
            for c in sentence.citations:
                ref = bib.references.get(c.key)
                year = ref.year if ref else None
                if year is not None and ctx.today.year - year > limit:
                    yield self.finding(
                        ctx,
                        c.start,
                        c.end,
                        f"'{c.key}' ({year}) is {ctx.today.year - year} years old, "
                        "cited for current practice",
                    )
