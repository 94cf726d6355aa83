"""KT003: a bibliography that cannot be used."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class BibliographyInvalid(Rule):
    """The article's bibliography is missing, unreadable, invalid, or outside `sources/`.

    Reported at the front matter's `bibliography:` line. Citations in the article are
    then not resolved, so no citation findings follow from it.

    Failing: `bibliography: ../../etc/passwd`, or a references file with a duplicate id.

    Passing: `bibliography: references.yaml`, a CSL YAML list beside the article.
    """

    code = "KT003"
    name = "bibliography-invalid"
    category = "input"
    severity = Severity.error
    help = "Point 'bibliography:' at a CSL YAML or JSON file inside the sources folder."

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the engine while loading the bibliography
