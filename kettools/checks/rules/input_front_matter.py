"""KT002: front matter keys that do not match the schema."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity


class FrontMatterInvalid(Rule):
    """A front matter key is unknown or its value has the wrong type.

    The engine validates the front matter against `schemas/frontmatter.schema.json`; a
    bad key is reported at its line and left out, and the rest of the article is
    checked as usual (so a misspelt `last_reveiwed` also gives a missing-date finding).
    Front matter that is not valid YAML at all makes the file unreadable (KT001).
    An `intervention` or `conditions` id that is not in the catalog (the packaged one
    merged with the project's) is an error at its line: a misspelt id would otherwise
    switch the caveat and regulatory checks off without a word.

    Failing:

        ---
        last_reveiwed: 2026-10-01
        ---

    Passing:

        ---
        last_reviewed: 2026-10-01
        ---
    """

    code = "KT002"
    name = "front-matter-invalid"
    category = "input"
    severity = Severity.error
    help = "Fix the key's spelling or value; `kettools schema` prints the allowed keys."

    def check(self, ctx: Context) -> Iterator[Finding]:
        """Unknown catalog ids; the other problems are reported while reading the front matter."""
        fm = ctx.record.front_matter
        lines = ctx.article.front_matter_lines
        if fm.intervention and fm.intervention not in ctx.catalog.drugs:
            known = ", ".join(sorted(ctx.catalog.drugs))
            yield self.line_finding(
                ctx,
                lines.get("intervention", 1),
                f"intervention '{fm.intervention}' is not a drug id of the catalog ({known})",
                "intervention",
            )
        unknown = [c for c in fm.conditions if c not in ctx.catalog.conditions]
        if unknown:
            known = ", ".join(sorted(ctx.catalog.conditions))
            yield self.line_finding(
                ctx,
                lines.get("conditions", 1),
                f"condition {', '.join(repr(c) for c in unknown)} is not a condition id of "
                f"the catalog ({known})",
                "conditions",
            )
