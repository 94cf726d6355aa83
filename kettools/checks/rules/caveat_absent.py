"""KT301: a required safety caveat of the article's drug is stated nowhere in it."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import article_drug, claim_offset, stated_caveats
from kettools.models.claims import ClaimKind
from kettools.models.finding import Finding, Item, Severity


class CaveatAbsent(Rule):
    """A required safety caveat of the article's drug is stated nowhere in the article.

    The drug is the front matter's `intervention`; for articles without front matter
    (plain text, HTML) it is the catalog drug the claims name most often. Each caveat of
    that drug marked `required` in the catalog must be stated: one of its `phrases`
    be stated somewhere in the article, by one of its `phrases` or by its `meaning`
    (see `kettools/language/caveats.py`). The missing caveats of an article are one
    finding, at the article's first benefit (efficacy) claim, or line 1 when there is
    none; the message names them all, and the finding's `items` give each caveat's id
    and plain-language text.

    Failing (an article about ketamine that never mentions misuse):

        ---
        intervention: ketamine
        ---
        Ketamine infusions can ease depression within a day [@murrough2013].

    Passing: the article states every required caveat, e.g. "Ketamine can be misused
    and is a controlled substance", near its benefit claims.
    """

    article_level = True
    code = "KT301"
    name = "caveat-absent"
    category = "missing-caveat"
    severity = Severity.error
    help = "State this safety caveat in the article, near the benefit it qualifies."

    def check(self, ctx: Context) -> Iterator[Finding]:
        drug = article_drug(ctx)
        if drug is None:
            return
        present = stated_caveats(ctx, drug)
        missing = [c for c in drug.caveats if c.required and c.id not in present]
        if not missing:
            return
        efficacy = [c for c in ctx.claims if c.kind == ClaimKind.efficacy]
        titles = "; ".join(f"'{c.title}'" for c in missing)
        count = (
            f"{len(missing)} required {drug.name} caveats"
            if len(missing) > 1
            else (f"the required {drug.name} caveat")
        )
        message = f"the article never states {count}: {titles}"
        help = (
            f"{self.help} For example: "
            + " ".join(c.text for c in missing[:2])
            + (" (each caveat's wording is in this finding's items)" if len(missing) > 2 else "")
        )
        if efficacy:
            start = claim_offset(ctx, efficacy[0])
            end = start + len(efficacy[0].text.split("\n")[0])
            found = self.finding(ctx, start, end, message, claim_id=efficacy[0].id, help=help)
        else:
            found = self.line_finding(ctx, 1, message).model_copy(update={"help": help})
        place = {k: getattr(found, k) for k in ("line", "column", "end_line", "end_column")}
        items = tuple(
            Item(message=f"{c.title}: {c.text}", id=c.id, excerpt=found.excerpt, **place)
            for c in missing
        )
        yield found.model_copy(update={"items": items})
