"""KT316: the article review's `funding_coi` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class FundingNotDisclosed(CriterionRule):
    """The article does not say who paid for the study or whether anyone has a conflict of interest.

    A study paid for by the maker of the product it tests deserves a second look. The
    review looks for funding and conflict-of-interest statements: "funded by", grants,
    "supported by", consultants to or shares in a company, disclosures
    (`kettools/review/data/sources.yaml`, `funding`). A `disclosure:` in the front
    matter is published with the article, so it counts as one such statement.

    The finding is the review's verdict on the `funding_coi` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT316" = "warning" }` in the configuration makes it count.

    Failing:

        The cream reduced wrinkles in a trial of 90 women.

    Passing:

        The cream reduced wrinkles in a trial of 90 women. The trial was funded by the
        company that sells the cream.
    """

    code = "KT316"
    name = "funding-not-disclosed"
    category = "omission"
    criterion = "funding_coi"
    at_evidence = False
    help = "Say who funded the study and whether the researchers have ties to the company."
