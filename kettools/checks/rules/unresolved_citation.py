"""KT501: a citation key that the bibliography does not hold."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity


class UnresolvedCitation(Rule):
    """A citation key not in the bibliography, or citations with no bibliography at all.

    Every `[@key]` in the article must name an `id` in the bibliography file that the
    front matter's `bibliography:` points to. Each citation of an unknown key is a
    finding at the key. An article that cites but declares no bibliography gets one
    finding at each cited key's first use. (A bibliography that cannot be read is
    reported once as KT003, and then no KT501 is added.)

    Failing:

        ---
        bibliography: references.yaml
        ---
        Most patients feel better after one visit [@smith2099].

    Passing:

        ---
        bibliography: references.yaml
        ---
        Depression scores fell a day after one infusion [@murrough2013].
    """

    code = "KT501"
    name = "unresolved-citation"
    category = "citation"
    severity = Severity.error
    help = (
        "Add the reference to the bibliography (with its DOI or PMID), or fix the key's spelling."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        citations = ctx.article.citations
        if not citations:
            return
        if ctx.bibliography is None:
            if ctx.record.front_matter.bibliography:
                return  # declared but unreadable: KT003
            seen: set[str] = set()
            for c in citations:
                if c.key not in seen:
                    seen.add(c.key)
                    yield self.finding(
                        ctx,
                        c.start,
                        c.end,
                        f"'@{c.key}' is cited, but the article has no bibliography",
                    )
            return
        for c in citations:
            if c.key not in ctx.bibliography.references:
                yield self.finding(
                    ctx, c.start, c.end, f"'@{c.key}' is not in {ctx.bibliography.path.name}"
                )
