"""What the criterion rules (KT311-KT322) share: a criterion judged not satisfactory in
the article review becomes one article-level finding. Not a rule itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity
from kettools.models.review import Verdict


class CriterionRule(Rule):
    criterion: ClassVar[str]  # the review's key
    at_evidence: ClassVar[bool] = False  # placed on the first cue (it shows the problem)
    severity = Severity.info
    article_level = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.review is None:
            return
        judged = ctx.review.criteria[self.criterion]  # type: ignore[index]
        if judged.verdict != Verdict.not_satisfactory:
            return
        message = f"{self.criterion}: {judged.why} (score {judged.score:.2f})"
        if self.at_evidence and judged.evidence:
            cue = judged.evidence[0]
            found = self.message().make(
                ctx.article.path,
                cue.line,
                cue.column,
                cue.end_line,
                cue.end_column,
                message,
                excerpt=cue.text,
            )
            yield found
            return
        yield self.line_finding(ctx, _first_line(ctx), message)


def _first_line(ctx: Context) -> int:
    """The article's first line of text after the front matter: its title or opening."""
    blocks = ctx.article.blocks
    return ctx.article.span(blocks[0].start, blocks[0].start).line if blocks else 1
