"""KT317: the article review's `independent_sources` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class NoIndependentSource(CriterionRule):
    """The article quotes no one independent of the study.

    Reviewers reward a story that asks an outside expert. The review counts named people
    tied to a quotation ("...," said Dr. Ana Ruiz) and looks for an independent voice:
    someone "not involved in the study", an outside expert, an accompanying editorial
    (`kettools/review/data/sources.yaml`, `independent`). A speaker introduced by a line
    of work or an institution and not as one of the study's people ("Ana Ruiz, a
    cardiologist at a city hospital"; "said Dr. Ana Ruiz of the City Hospital", but not
    "the study's lead author") counts as an outside voice, a weaker sign
    (`kettools/review/data/speakers.yaml`, `roles`, `institutions`, `study_ties`).

    The finding is the review's verdict on the `independent_sources` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT317" = "warning" }` in the configuration makes it count.

    Failing:

        The new test finds the disease early, the company that makes it says.

    Passing:

        "It is a careful study, but it is only a first step," said Dr. Ana Ruiz, a
        cardiologist who was not involved in the research.
    """

    code = "KT317"
    name = "no-independent-source"
    category = "omission"
    criterion = "independent_sources"
    at_evidence = False
    help = "Quote an expert with no part in the study, and say what ties, if any, they have."
