"""KT401: approval, product form, home use or legal status stated against the catalog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    Guards,
    any_of,
    approved_for,
    article_drug,
    body_sentences,
    drugs_named,
    folded,
    guarded,
    names_in,
    names_pattern,
    phrases,
    source_range,
)
from kettools.models.catalog import Catalog, Drug, Status
from kettools.models.finding import Finding, Severity


@cache
def negation() -> re.Pattern[str]:
    """A negation before a statement ("not", "isn't", "without")."""
    return wording("negation")


@cache
def wording(key: str) -> re.Pattern[str]:
    return any_of(list(phrases("regulatory.yaml", key, bounded=True)))


_GUARDED = ("approval", "home", "not_controlled")


@cache
def _guarded() -> Guards:
    return Guards(guarded("regulatory", [wording(k) for k in _GUARDED]))


def _wordings(text: str, low: str) -> list[re.Match[str] | None]:
    """The first match in `text` of each of the `_GUARDED` wordings, searched only when
    `low` (`folded(text)`) holds a word it needs."""
    guards = _guarded()
    found: list[re.Match[str] | None] = [None] * len(guards.guards)
    for number, match in guards.matches(text, low):
        found[number] = match
    return found


def bad_forms(drug: Drug, catalog: Catalog) -> dict[str, str]:
    """Form -> the drug(s) it does exist for (the related ones when some are), for forms
    this drug is not marketed as."""
    forms = {f for reg in drug.regulation if reg.status == Status.not_approved for f in reg.forms}
    forms |= {f for other in catalog.drugs.values() if other.id != drug.id for f in other.forms}
    forms -= set(drug.forms)
    owners = {f: [o for o in catalog.drugs.values() if f in o.forms] for f in sorted(forms)}
    # a related drug that comes in the form is the one meant ("ketamine nasal spray": esketamine)
    return {
        f: ", ".join(o.name for o in ([o for o in found if o.id in drug.related] or found))
        for f, found in owners.items()
    }


def _form_words(catalog: Catalog) -> tuple[str, ...]:
    """The first word of each product form a drug may be named with (`bad_forms` takes
    its forms from the catalog's), lower-cased: a sentence that holds none names no form."""
    forms = {f for drug in catalog.drugs.values() for f in drug.forms}
    forms |= {f for drug in catalog.drugs.values() for reg in drug.regulation for f in reg.forms}
    return tuple(sorted({folded(f).split()[0] if f.strip() else "" for f in forms}))


def _article_conditions(ctx: Context) -> set[str]:
    """The conditions the article is about: its front matter's, else those its text names."""
    if ctx.record.front_matter.conditions:
        return set(ctx.record.front_matter.conditions)
    text = " ".join(block.plain for block in ctx.article.blocks)
    return {cid for cid, _, _ in names_in(ctx, text, "condition")}


def _meant(ctx: Context, named: list[tuple[str, int, int]], default: Drug | None) -> list[Drug]:
    """The drugs a sentence speaks of: those it names, else the article's own drug."""
    return [ctx.catalog.drugs[d] for d, _, _ in named] or ([default] if default else [])


class RegulatoryContradiction(Rule):
    """A statement on approval, product form, home use or legal status that the catalog contradicts.

    Everything comes from the catalog (`sources/catalog/*.yaml`); nothing is drug-specific:

    - approval: "FDA-approved", "is approved" (not negated, not "off-label") with a drug
      and, after it, a condition for which no catalog regulation approves that drug; when
      the sentence names no condition ("our FDA-approved ketamine infusions"), the
      conditions the article is about (front matter, else those its text names);
    - product form: a drug named with a form (e.g. "nasal spray") it has no legal
      product as, within the sentence and with no other drug named between them; the
      message names the drug that does come in that form;
    - home use: "at home", "take-home", "home kit" in a sentence about a drug whose
      `home_use` is false (the sentence's drug, else the article's), not negated;
    - legal status: "not a controlled substance" for a drug with a schedule.

    Failing:

        Sunrise Wellness offers FDA-approved ketamine infusions for depression.
        We also make our own ketamine nasal spray.

    Passing:

        In the US, ketamine is approved as an anaesthetic, so its use for depression is off-label.
    """

    code = "KT401"
    name = "regulatory-contradiction"
    category = "regulatory"
    severity = Severity.error
    help = (
        "Check the drug's approved uses, forms and legal status (the catalog) and correct "
        "the statement."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        default = article_drug(ctx)
        forms: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {}  # drug -> its bad forms
        form_words = _form_words(ctx.catalog)
        for sentence in body_sentences(ctx):
            text = sentence.plain
            low = folded(text)  # a wording is searched only if its words are there
            found = _wordings(text, low)
            if not any(found) and not any(map(low.__contains__, form_words)):
                continue  # most sentences: no wording, no form, so no need for their drugs
            named = drugs_named(ctx, text)
            approval, home, legal = found
            for problem in (
                self._approval(ctx, text, approval, named),
                self._form(ctx, text, named, forms),
                self._home(ctx, home, text, named, default),
                self._legal(ctx, legal, named, default),
            ):
                if problem is not None:
                    (a, b), message = problem
                    start, end = source_range(sentence.offsets, a, b)
                    yield self.finding(ctx, start, end, message)

    def _approval(
        self,
        ctx: Context,
        text: str,
        match: re.Match[str] | None,
        named: list[tuple[str, int, int]],
    ) -> tuple[tuple[int, int], str] | None:
        if match is None or not named or wording("approval_negated").search(text):
            return None
        after = {
            cid for cid, start, _ in names_in(ctx, text, "condition") if start >= match.start()
        }
        if not after:  # "FDA-approved ketamine infusions": approved for the article's subject?
            after = _article_conditions(ctx)
        for drug_id in dict.fromkeys(d for d, _, _ in named):
            drug = ctx.catalog.drugs[drug_id]
            wrong = [
                condition.name
                for cid, condition in ctx.catalog.conditions.items()
                if cid in after and not approved_for(drug, cid, ctx.catalog)
            ]
            if wrong:
                return (
                    (match.start(), match.end()),
                    f"{drug.name} is not approved for {', '.join(wrong)}: that use is off-label",
                )
        return None

    def _form(
        self,
        ctx: Context,
        text: str,
        named: list[tuple[str, int, int]],
        known: dict[str, list[tuple[str, str, re.Pattern[str]]]],
    ) -> tuple[tuple[int, int], str] | None:
        for index, (drug_id, a, b) in enumerate(named):
            drug = ctx.catalog.drugs[drug_id]
            if drug_id not in known:
                known[drug_id] = [
                    (form, owner, names_pattern([form, form + "s"]))
                    for form, owner in bad_forms(drug, ctx.catalog).items()
                ]
            limit = named[index + 1][1] if index + 1 < len(named) else len(text)
            for form, owner, pattern in known[drug_id]:
                m = pattern.search(text, b, limit)
                if m and len(text[b : m.start()].split()) <= 12 and not negation().search(text[:a]):
                    where = f"; the {form} product is {owner}" if owner else ""
                    return (a, m.end()), f"there is no legal {drug.name} {form}{where}"
        return None

    def _home(
        self,
        ctx: Context,
        match: re.Match[str] | None,
        text: str,
        named: list[tuple[str, int, int]],
        default: Drug | None,
    ) -> tuple[tuple[int, int], str] | None:
        if match is None or negation().search(text[: match.start()]):
            return None
        for drug in _meant(ctx, named, default):
            if not drug.home_use:
                return (
                    (match.start(), match.end()),
                    f"{drug.name} may not be used at home: it is given only under supervision",
                )
        return None

    def _legal(
        self,
        ctx: Context,
        match: re.Match[str] | None,
        named: list[tuple[str, int, int]],
        default: Drug | None,
    ) -> tuple[tuple[int, int], str] | None:
        if match is None:
            return None
        for drug in _meant(ctx, named, default):
            if drug.schedules:
                where = ", ".join(f"{s} in the {j}" for j, s in drug.schedules.items())
                return (
                    match.start(),
                    match.end(),
                ), f"{drug.name} is a controlled substance ({where})"
        return None
