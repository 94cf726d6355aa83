"""KT312: the article review's `benefits` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class BenefitsNotQuantified(CriterionRule):
    """The article does not give the benefit in absolute numbers.

    "Halves the risk" means little without the baseline: from 2 in 100 to 1 in 100 is
    also half. The review looks for absolute figures ("N of N", "N in N", "from X% to
    Y%", "X% against Y%" or "X% vs. Y%", "for every 1,000 people", a share given for
    each group) and for relative ones ("40% lower", "twice as
    likely", hazard ratios) in `kettools/review/data/benefits.yaml`. A relative figure
    with none of the absolute ones anywhere in the article is the strongest sign; no
    figure at all is the next.

    The finding is the review's verdict on the `benefits` criterion
    (see `docs/review.md`), at the first cue that decided it.
    It is `info` by default:
    `severity = { "KT312" = "warning" }` in the configuration makes it count.

    Failing:

        Patients who took the tablet were twice as likely to sleep through the night.

    Passing:

        Of 120 patients who took the tablet, 48 slept through the night, against 24 of 120
        on a dummy pill.

        That is 40% against 20%, a difference of 20 percentage points.
    """

    code = "KT312"
    name = "benefits-not-quantified"
    category = "omission"
    criterion = "benefits"
    at_evidence = True
    help = "Give the absolute numbers: how many people out of how many benefited in each group."
