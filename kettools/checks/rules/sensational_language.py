"""KT322: the article review's `sensational` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class SensationalLanguage(CriterionRule):
    """The article uses sensational language the evidence does not justify.

    "Breakthrough", "miracle", "game changer" and "cure" promise more than a study can
    show. The review counts such words in the headline and text
    (`kettools/review/data/language.yaml`, `sensational`), with milder promise words
    ("promising", "could one day") counting less; the finding sits on the first one.
    A headline that states a health effect as settled ("Green tea stops colds") is
    enough alone unless the lead (the first two paragraphs) hedges it ("may", "could",
    "potentially"); a headline that asks or denies ("Does green tea stop colds?") claims
    nothing.

    The finding is the review's verdict on the `sensational` criterion
    (see `docs/review.md`), at the first cue that decided it.
    It is `info` by default:
    `severity = { "KT322" = "warning" }` in the configuration makes it count.

    Failing:

        # Miracle cure

        This breakthrough is a game changer that could revolutionize care, with dramatic
        results.

    Passing:

        # A new drug for gout

        In a trial of 60 people, the drug lowered uric acid more than a placebo did.
    """

    code = "KT322"
    name = "sensational-language"
    category = "overstated"
    criterion = "sensational"
    at_evidence = True
    help = "Describe the result in plain words and let the figures speak."
