"""KT311: the article review's `costs` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class CostsNotDiscussed(CriterionRule):
    """The article never says what the intervention costs, or whether insurance pays.

    Readers weigh a treatment by its price as much as by its benefit. The review looks
    for a price ("$300 a dose"), or words about cost, insurance, co-pays or
    reimbursement that are not about the health system's or the disease's costs
    (`kettools/review/data/costs.yaml`).

    The finding is the review's verdict on the `costs` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT311" = "warning" }` in the configuration makes it count.

    Failing:

        A new nasal spray eased low mood within a week in a trial of 200 adults.

    Passing:

        A new nasal spray eased low mood within a week in a trial of 200 adults.

        Each dose costs about $600.

        Most insurers cover it, though co-pays vary.
    """

    code = "KT311"
    name = "costs-not-discussed"
    category = "omission"
    criterion = "costs"
    at_evidence = False
    help = (
        "Say what the intervention costs and who pays (insurance, co-pays), or why the "
        "price is not known yet."
    )
