"""KT321: the article review's `news_release` criterion, not satisfied."""

from __future__ import annotations

from kettools.checks.rules.criterion import CriterionRule


class ReadsAsNewsRelease(CriterionRule):
    """The article reads as a press release, or rests on one.

    Stories that repeat a release carry its spin. The review looks for the marks of a
    release (media contacts, "For more information", "###", a datelined opening, an
    "About the University" paragraph, "our researchers") and for a story resting on a
    statement ("said in a statement", "the company announced") in
    `kettools/review/data/release.yaml`; an independent source counts against it.

    The finding is the review's verdict on the `news_release` criterion
    (see `docs/review.md`), at the first cue that decided it.
    It is `info` by default:
    `severity = { "KT321" = "warning" }` in the configuration makes it count.

    Failing:

        Our researchers have found a new way to treat gout.

        For more information, contact the press office.

    Passing:

        Researchers at a university hospital tested a new way to treat gout in 60 people.
    """

    code = "KT321"
    name = "reads-as-news-release"
    category = "unsupported"
    criterion = "news_release"
    at_evidence = True
    help = "Report the study from the paper and independent sources, not from the release alone."
