"""KT901: an inline suppression without a reason."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class SuppressionWithoutReason(Rule):
    """An inline suppression must say why the finding is accepted.

    A `kettools-disable` comment with no `-- reason` suppresses nothing and is reported,
    so that every accepted finding carries an editor's explanation. The engine reports it
    while applying suppressions; it cannot itself be suppressed.

    Failing:

        <!-- kettools-disable-next-line KT201 -->
        A groundbreaking treatment, said the 2019 press release [@fda2019spravato].

    Passing:

        <!-- kettools-disable-next-line KT201 -- quoting the press release's own words -->
        A groundbreaking treatment, said the 2019 press release [@fda2019spravato].
    """

    code = "KT901"
    name = "suppression-without-reason"
    category = "input"
    severity = Severity.error
    help = (
        "Add ' -- ' and the reason after the codes, e.g. "
        "<!-- kettools-disable-next-line KT201 -- quoting a source -->."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the engine while applying suppressions
