"""KT320: the article review's `novelty` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class NoveltyNotEstablished(CriterionRule):
    """The article claims or implies newness without saying what came before.

    "A novel approach" or "the first of its kind" is only news if it is true. The review
    weighs claims of newness against cues that place the work among earlier studies
    (previous research, already used since, builds on, confirms) in
    `kettools/review/data/novelty.yaml`. Such a cue counts in full when the writer, or a
    voice independent of the study, says it; in a quotation from anyone else (the
    study's own people judging their work) it counts half.

    The finding is the review's verdict on the `novelty` criterion
    (see `docs/review.md`), at the article's first line.
    It is `info` by default:
    `severity = { "KT320" = "warning" }` in the configuration makes it count.

    Failing:

        A pill helps migraine sufferers, its makers say.

    Passing:

        The drug has been used for blood pressure since the 1980s; this study confirms
        earlier reports that it may also prevent migraine.
    """

    code = "KT320"
    name = "novelty-not-established"
    category = "omission"
    criterion = "novelty"
    at_evidence = False
    help = "Say what was known before and what this work adds."
