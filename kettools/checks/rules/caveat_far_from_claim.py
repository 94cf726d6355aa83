"""KT302: a caveat is stated, but far from every benefit claim it qualifies."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    article_drug,
    claim_block,
    claim_offset,
    section_numbers,
    stated_caveats,
)
from kettools.models.claims import ClaimKind, ClaimRecord
from kettools.models.finding import Finding, Severity


class CaveatFarFromClaim(Rule):
    """A required caveat is stated, but not near any of the benefit claims it qualifies.

    For each required caveat of the article's drug whose `applies_to` includes
    `efficacy` and which the article does state, the sections (text between two
    headings) holding its phrases are compared with the sections holding efficacy
    claims. When no efficacy claim sits in the same section as the caveat or in the
    section right before or after it, the caveat is hidden from the reader who reads
    the benefit: a warning at the first efficacy claim. Articles without headings are
    one section, so they never trigger this rule (KT301 still applies).

    Failing (the blood-pressure warning sits three sections after the only benefit claim):

        ## Benefits
        Ketamine can ease depression within a day [@murrough2013].
        ## Cost
        ...
        ## Booking
        ...
        ## Good to know
        Ketamine raises blood pressure for a short time.

    Passing: the same warning in the "Benefits" section or the one after it.
    """

    code = "KT302"
    name = "caveat-far-from-claim"
    category = "missing-caveat"
    severity = Severity.warning
    help = (
        "Move the caveat next to the benefit it qualifies (same section, or the section "
        "right after)."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        drug = article_drug(ctx)
        if drug is None:
            return
        numbers = section_numbers(ctx)
        efficacy = [c for c in ctx.claims if c.kind == ClaimKind.efficacy]
        claim_sections: dict[int, ClaimRecord] = {}
        for claim in efficacy:
            block = claim_block(ctx, claim)
            if block is not None:
                claim_sections.setdefault(numbers[block], claim)
        if not claim_sections:
            return
        first = min(claim_sections.values(), key=lambda c: (c.span.line, c.span.column))
        present = stated_caveats(ctx, drug)
        for caveat in drug.caveats:
            if not caveat.required or "efficacy" not in caveat.applies_to:
                continue
            where = {numbers[i] for i in present.get(caveat.id, ())}
            if not where:
                continue  # absent: KT301's job
            if any(abs(s - c) <= 1 for s in where for c in claim_sections):
                continue
            start = claim_offset(ctx, first)
            end = start + len(first.text.split("\n")[0])
            yield self.finding(
                ctx,
                start,
                end,
                f"the caveat '{caveat.title}' is stated, but not near any benefit claim",
                claim_id=first.id,
            )
