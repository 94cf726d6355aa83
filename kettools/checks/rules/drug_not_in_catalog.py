"""KT403: a drug the article names that the catalog has no entry for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    Guarded,
    body_blocks,
    drugs_named,
    folded,
    guarded,
    names_in,
    phrases,
    source_range,
    words,
)
from kettools.language.lexicons import lower_same_length
from kettools.models.finding import Finding, Item, Severity

_DATA = "drug_names.yaml"


@cache
def _pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    stems = "|".join(sorted(phrases(_DATA, "suffixes"), key=len, reverse=True))
    names = "|".join(phrases(_DATA, "names"))
    pattern = re.compile(rf"(?<![\w-])(?:{names}|[a-z]{{3,}}(?:{stems}))(?![\w-])")
    return pattern, words(_DATA, "not_drugs")


@cache
def _guarded() -> Guarded:
    return guarded("drug-names", [_pattern()[0]])[0]


class DrugNotInCatalog(Rule):
    """A drug the article names that the catalog has no entry for.

    The caveat and regulatory checks (KT301, KT302, KT401, KT402) know only the
    catalog's drugs (the packaged default catalog merged with the project's). A drug
    the catalog lacks is checked for none of them, so the article says nothing about it
    without a warning. A word is taken for a drug name when it ends in an
    international non-proprietary name stem ("-oxetine", "-mab", "-pril", ...) or is
    a common drug without one ("bupropion", "lithium"), both listed in
    `kettools/checks/rules/data/drug_names.yaml`, and no catalog drug or condition names it.
    One warning per article, at the first such drug, naming them all; each drug is an
    item with its first place.

    Failing:

        Bupropion and vortioxetine also ease depression.

    Passing (every drug named is in the catalog):

        Sertraline and esketamine are approved for depression.
    """

    code = "KT403"
    name = "drug-not-in-catalog"
    category = "regulatory"
    severity = Severity.warning
    help = (
        "Add the drug to the project's catalog (catalog/<drug>.yaml: its approvals and "
        "required caveats), or accept this warning if the article only mentions it."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        pattern, not_drugs = _pattern()
        first: dict[str, tuple[int, int]] = {}
        guard = _guarded()
        for _, block in body_blocks(ctx):
            low = lower_same_length(block.plain)
            if not guard.may_match(folded(low)):
                continue  # no listed name or stem in the block: most blocks
            known = [(a, b) for _, a, b in drugs_named(ctx, block.plain)]
            known += [(a, b) for _, a, b in names_in(ctx, block.plain, "condition")]
            for m in pattern.finditer(low):
                word = re.sub(r"\s+", " ", m.group())
                if word in not_drugs or word in first:
                    continue
                if any(a <= m.start() < b for a, b in known):
                    continue
                first[word] = source_range(block.offsets, m.start(), m.end())
        if not first:
            return
        names = ", ".join(first)
        (start, end), *_ = first.values()
        found = self.finding(
            ctx,
            start,
            end,
            f"the catalog has no entry for {names}: no caveat or approval is checked",
        )
        items = []
        for word, (a, b) in first.items():
            one = self.finding(ctx, a, b, word)
            items.append(
                Item(
                    message=f"{word} is not in the catalog",
                    line=one.line,
                    column=one.column,
                    end_line=one.end_line,
                    end_column=one.end_column,
                    id=word,
                    excerpt=one.excerpt,
                )
            )
        yield found.model_copy(update={"items": tuple(items)})
