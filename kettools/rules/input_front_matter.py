"""KT002: front matter keys that do not match the schema."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class FrontMatterInvalid(Rule):
    """A front matter key is unknown or its value has the wrong type.

    The engine validates the front matter against `schemas/frontmatter.schema.json`; a
    bad key is reported at its line and left out, and the rest of the article is
    checked as usual (so a misspelt `last_reveiwed` also gives a missing-date finding).
    Front matter that is not valid YAML at all makes the file unreadable (KT001).

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
        return iter(())  # reported by the engine while reading the front matter
