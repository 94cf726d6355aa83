"""KT313: the article review's `harms` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class HarmsNotDiscussed(CriterionRule):
    """The article names no side effects, risks or complications.

    Every intervention can harm someone; an article that names none, or only calls it
    safe, misleads. The review looks for side effects, adverse events, complications,
    named symptoms, false positives and overdiagnosis; safety discussed, warnings and the
    risks weighed are a weaker sign; it counts "completely safe" or "risk-free" against
    the article (`kettools/review/data/harms.yaml`).

    The finding is the review's verdict on the `harms` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT313" = "warning" }` in the configuration makes it count.

    Failing:

        The injection cleared the rash in most of the 80 people treated.

    Passing:

        The injection cleared the rash in most of the 80 people treated.

        Side effects were mild: one in ten reported headaches.
    """

    code = "KT313"
    name = "harms-not-discussed"
    category = "omission"
    criterion = "harms"
    at_evidence = False
    help = "Say what side effects or risks were seen, how often, and how serious they were."
