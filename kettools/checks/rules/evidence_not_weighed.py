"""KT314: the article review's `evidence` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class EvidenceNotWeighed(CriterionRule):
    """The article does not say how strong the evidence is.

    Reviewers ask whether a story conveys what kind of study this was and what it cannot
    show: its design (trial, observational, animal), how the people were put into groups
    ("randomly assigned"), its size, its stage (pilot, phase, conference abstract), how
    the people were followed ("at follow-up", "longer follow-up is needed") and its
    limits ("cannot prove cause", "more research is needed"). The review reads these
    from the text (`kettools/review/data/study.yaml`); an animal or cell study with no
    warning that it may not hold in people scores worse.

    The finding is the review's verdict on the `evidence` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT314" = "warning" }` in the configuration makes it count.

    Failing:

        Eating blueberries keeps the brain young, researchers report.

    Passing:

        In a small observational study of 300 adults, those who ate more blueberries
        scored better on memory tests; the study cannot show that the berries caused the
        difference, and larger trials are needed.
    """

    code = "KT314"
    name = "evidence-not-weighed"
    category = "omission"
    criterion = "evidence"
    at_evidence = False
    help = (
        "Say what kind of study it was, how many people (or animals) took part, and what "
        "it cannot show."
    )
