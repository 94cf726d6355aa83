"""KT502: a reference whose DOI or PMID is not well formed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,8}$")


class MalformedIdentifier(Rule):
    """A bibliography entry whose DOI or PMID is malformed.

    A DOI must be bare and whole, `10.<4-9 digits>/<suffix>` (not a URL, not the prefix
    alone); a PMID is 1 to 8 digits. Findings belong to the article, so each is placed
    at the first citation of the entry, or, for an entry the article never cites, at
    the front matter's `bibliography:` line; the message names the entry and its line
    in the bibliography file.

    Failing (references.yaml holds `DOI: "10.1176"` for murrough2013):

        Depression scores fell a day after one infusion [@murrough2013].

    Passing (`DOI: 10.1176/appi.ajp.2013.13030392`): the same sentence.
    """

    code = "KT502"
    name = "malformed-identifier"
    category = "citation"
    severity = Severity.error
    help = "Write the DOI bare (10.xxxx/suffix, no https://doi.org/) and the PMID as digits only."

    def check(self, ctx: Context) -> Iterator[Finding]:
        bib = ctx.bibliography
        if bib is None:
            return
        first: dict[str, tuple[int, int]] = {}
        for c in ctx.article.citations:
            first.setdefault(c.key, (c.start, c.end))
        for key, ref in bib.references.items():
            problems = []
            if ref.DOI is not None and not DOI.match(str(ref.DOI).strip()):
                problems.append(f"DOI '{ref.DOI}'")
            if ref.PMID is not None and not PMID.match(str(ref.PMID).strip()):
                problems.append(f"PMID '{ref.PMID}'")
            if not problems:
                continue
            where = f"{bib.path.name}:{bib.lines.get(key, 1)}"
            message = f"'{key}' ({where}) has a malformed {' and '.join(problems)}"
            if key in first:
                yield self.finding(ctx, *first[key], message)
            else:
                line = ctx.article.front_matter_lines.get("bibliography", 1)
                yield self.line_finding(ctx, line, message)
