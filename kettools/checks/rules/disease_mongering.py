"""KT315: the article review's `mongering` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class DiseaseMongering(CriterionRule):
    """The article widens or dramatises the condition.

    Calling a common, mild condition an epidemic, a silent killer, or something "nearly
    everyone" has sells treatments to people who may not need them. The review counts
    such framing (`kettools/review/data/language.yaml`, `mongering`) in the headline and
    text; two or more paragraphs with it make the finding.

    The finding is the review's verdict on the `mongering` criterion
    (see `docs/review.md`), at the first cue that decided it.
    It is `info` by default:
    `severity = { "KT315" = "warning" }` in the configuration makes it count.

    Failing:

        Dry skin is a silent epidemic.

        Nearly everyone is at risk.

        Millions of people suffer from it.

        Left alone, this devastating condition spreads.

    Passing:

        Dry skin is common in winter and usually eases with moisturiser.
    """

    code = "KT315"
    name = "disease-mongering"
    category = "overstated"
    criterion = "mongering"
    at_evidence = True
    help = "Describe how common and how serious the condition is with figures, without alarm words."
