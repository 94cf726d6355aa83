"""KT004: a claims sidecar that cannot be used."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class SidecarInvalid(Rule):
    """The claims sidecar (`<slug>.claims.yaml`) is unreadable or does not match its schema.

    Reported at the sidecar's line: invalid YAML, an unknown key, a wrong type, a duplicate
    claim id, or an `article:` that names another file. The article is then checked
    without the editor's curation (reviews, accepted claims, evidence overrides), so
    findings the editor accepted may come back until the sidecar is fixed. `kettools
    extract` refuses to overwrite such a sidecar.

    Failing (`esketamine.claims.yaml`):

        article: esketamine.md
        claims:
          - id: c-0123456789
            review: {status: aproved}

    Passing:

        article: esketamine.md
        claims:
          - id: c-0123456789
            review: {status: accepted, note: A definition, not a claim.}
    """

    code = "KT004"
    name = "sidecar-invalid"
    category = "input"
    severity = Severity.error
    help = (
        "Fix the sidecar at that line (`kettools schema` describes claims.schema.json), "
        "or delete it and run `kettools extract` to write a fresh one."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the engine while reading the sidecar
