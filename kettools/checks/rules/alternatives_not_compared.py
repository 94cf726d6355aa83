"""KT318: the article review's `alternatives` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class AlternativesNotCompared(CriterionRule):
    """The article does not compare the approach with existing options.

    A new option is only worth what it adds to the ones people already have. The review
    looks for comparisons ("compared with", "than standard treatment"), existing or
    current treatments, other options and named alternatives
    (`kettools/review/data/alternatives.yaml`). A trial that allots its groups one of
    two options at random ("randomly assigned to surgery or physiotherapy"), neither a
    placebo, a control or no treatment, compares them head to head and counts as one
    named option. An article that describes work on animals or cells and no study in
    people weighs against: it is far from the options patients have, and one hinted
    option does not make up for it.

    The finding is the review's verdict on the `alternatives` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT318" = "warning" }` in the configuration makes it count.

    Failing:

        The new pill eased knee pain in a trial of 150 adults.

    Passing:

        The new pill eased knee pain about as well as standard treatment.

        Other options, such as exercise, remain the first choice.
    """

    code = "KT318"
    name = "alternatives-not-compared"
    category = "omission"
    criterion = "alternatives"
    at_evidence = False
    help = "Say how the approach compares with the treatments people can already use."
