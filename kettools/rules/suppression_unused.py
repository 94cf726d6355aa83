"""KT902: an inline suppression that suppresses nothing."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class SuppressionUnused(Rule):
    """An inline suppression that suppresses nothing should be removed.

    Left-over suppressions hide future problems on that line. The engine reports a
    suppression (with a reason) that matched no finding; it cannot itself be suppressed.

    Failing:

        <!-- kettools-disable-next-line KT201 -- quoting a source -->
        Esketamine is given in a certified clinic [@fda2019spravato].

    Passing:

        Esketamine is given in a certified clinic [@fda2019spravato].
    """

    code = "KT902"
    name = "suppression-unused"
    category = "input"
    severity = Severity.warning
    help = "Delete the comment, or correct its code if the finding moved."

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the engine while applying suppressions
