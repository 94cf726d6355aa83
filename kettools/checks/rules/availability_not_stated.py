"""KT319: the article review's `availability` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class AvailabilityNotStated(CriterionRule):
    """The article does not say whether the intervention is available.

    Readers need to know whether they can get it: approved or not, on prescription or
    over the counter, in trials, years away. The review looks for such words
    (`kettools/review/data/availability.yaml`), for what shows the intervention is a
    product or in routine use (a brand name, Medicare, a medicines agency, data from
    registries or medical records), and for a price, which says it can be bought. A link
    reported in two paragraphs or more ("linked to", "associated with") concerns
    something people already eat, take or do: it weighs as one paragraph of such words.

    The finding is the review's verdict on the `availability` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT319" = "warning" }` in the configuration makes it count.

    Failing:

        A gene therapy restored some sight to 12 patients.

    Passing:

        A gene therapy restored some sight to 12 patients.

        It is experimental and not yet approved by the FDA.

        Its maker plans to sell it commercially if a larger trial succeeds.
    """

    code = "KT319"
    name = "availability-not-stated"
    category = "omission"
    criterion = "availability"
    at_evidence = False
    help = "Say whether people can get it now, where, and if not, how far away it is."
