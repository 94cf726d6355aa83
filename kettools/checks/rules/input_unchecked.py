"""KT005: text in an article that kettools could not read, and so did not check."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity


class UncheckedText(Rule):
    """Text kettools could not read, so no rule checked it: never passed over in silence.

    The Markdown reader stops at 20 levels of nested lists and quotes (a guard against
    documents built to exhaust it) and skips what is inside the deepest container, often
    the rest of the file. The first unread line is reported, with how many there are;
    hype or a false claim there would otherwise pass every check.

    Failing (a list nested more than 20 levels deep, then text):

        - one
          - two
            - three ... (20 levels)

        This miracle cure works for everyone.

    Passing: lists and quotes nested a few levels deep, as editors write them.
    """

    code = "KT005"
    name = "unchecked-text"
    category = "input"
    severity = Severity.error
    help = (
        "Flatten the nesting (no list or quote needs 20 levels), so that every line can "
        "be read and checked."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        lines = ctx.article.unchecked
        if not lines:
            return
        first, last, count = lines[0], lines[-1], len(lines)
        where = f"line {first}" if count == 1 else f"{count} lines from line {first} to {last}"
        yield self.line_finding(
            ctx,
            first,
            f"Markdown nested too deeply to read: {where} not checked by any rule",
        )
