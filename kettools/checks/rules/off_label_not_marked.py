"""KT402: benefit claims for an off-label use, and the article never says "off-label"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import any_of, article_drug, claim_offset, phrases, status_for
from kettools.models.catalog import Status
from kettools.models.claims import ClaimKind
from kettools.models.finding import Finding, Severity


@cache
def _marked() -> re.Pattern[str]:
    """The words that mark an off-label use ("off-label", "not approved")."""
    return any_of(list(phrases("regulatory.yaml", "off_label_marked", bounded=True)))


class OffLabelNotMarked(Rule):
    """Benefit claims for a use that is off-label, in an article that never says so.

    An efficacy claim whose drug and condition the catalog lists as `off-label` (and
    nowhere as approved) is an off-label use. When the article nowhere says
    "off-label", "not approved", "unapproved" or "not licensed", readers will take the
    use for an approved one: one warning per drug, at its first such claim, naming the
    conditions. The claim's drug is the one it names, else the article's drug.

    Failing:

        ---
        intervention: ketamine
        ---
        Ketamine infusions ease depression within a day [@murrough2013].

    Passing:

        Ketamine infusions ease depression within a day [@murrough2013]. This use is off-label.
    """

    article_level = True
    code = "KT402"
    name = "off-label-not-marked"
    category = "regulatory"
    severity = Severity.warning
    help = (
        "Say that this use is off-label (not approved for this condition), and what that "
        "means for the patient."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        text = " ".join(block.plain for block in ctx.article.blocks)
        if _marked().search(text):
            return
        default = article_drug(ctx)
        first: dict[str, tuple[int, str, list[str]]] = {}
        for claim in ctx.claims:
            if claim.kind != ClaimKind.efficacy:
                continue
            drug_id = claim.subject.intervention or (default.id if default else None)
            drug = ctx.catalog.drugs.get(drug_id) if drug_id else None
            if drug is None:
                continue
            off = [
                cid for cid in claim.subject.conditions if status_for(drug, cid) == Status.off_label
            ]
            if not off:
                continue
            names = [ctx.catalog.conditions[c].name for c in off if c in ctx.catalog.conditions]
            if drug.id not in first:
                first[drug.id] = (claim_offset(ctx, claim), claim.text.split("\n")[0], names)
            else:
                seen = first[drug.id][2]
                seen += [n for n in names if n not in seen]
        for drug_id, (start, line_text, names) in first.items():
            drug = ctx.catalog.drugs[drug_id]
            yield self.finding(
                ctx,
                start,
                start + len(line_text),
                f"{drug.name} for {', '.join(names)} is off-label, and the article never says so",
            )
