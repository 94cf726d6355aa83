"""KT503: a bibliography entry that the article never cites."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity


class ReferenceNeverCited(Rule):
    """A bibliography entry the article never cites.

    An uncited reference suggests support the text does not claim, or a citation lost
    in an edit. One warning per entry, at the front matter's `bibliography:` line,
    naming the entry and its line in the bibliography file. A bibliography shared by
    several articles will list entries a given article does not use: give each article
    its own file, or ignore KT503 for it.

    Failing (`dean2021` is in the bibliography but never cited):

        ---
        bibliography: flawed-references.yaml
        ---
        Anxiety scores fell with higher doses [@glue2017].

    Passing: every entry is cited at least once.
    """

    code = "KT503"
    name = "reference-never-cited"
    category = "citation"
    severity = Severity.warning
    help = "Cite the reference where it supports the text, or remove it from the bibliography."

    def check(self, ctx: Context) -> Iterator[Finding]:
        bib = ctx.bibliography
        if bib is None:
            return
        cited = {c.key for c in ctx.article.citations}
        line = ctx.article.front_matter_lines.get("bibliography", 1)
        for key in bib.references:
            if key not in cited:
                yield self.line_finding(
                    ctx, line, f"'{key}' ({bib.path.name}:{bib.lines.get(key, 1)}) is never cited"
                )
