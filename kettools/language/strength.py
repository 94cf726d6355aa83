"""Claim strength (decision 3 of ``analysis.py``), on the Yu et al. 2019 scale.

Causal and correlational cues are collected and filtered by the context rules of
``context.py``; cues after an irrealis context are not asserted. The main clause
decides (``clause.py``): cues inside a parenthesis or a subordinate clause count
only when the main clause has none. Among the cues left, the leftmost (the longer
at the same start) sets the strength; a causal cue is ``conditional_causal`` when a
conditional marker qualifies it in its own clause, else ``direct_causal``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from kettools.language import clause, context
from kettools.language.lexicons import Match, exact, load, raw_group
from kettools.models.claims import CueKind, Strength

# The words are in the context lexicon (context.yaml); the expressions add structure.
_CLAUSE_BREAK = re.compile(
    rf";|:|,\s*(?:{exact('contrast_after_comma')})\b|"
    + "|".join(rf"\b{w}\b" for w in raw_group("context", "contrast"))
)
_CONDITIONAL_REACH = 80
_OUTCOME_VERBS = raw_group("context", "outcome_verb_stems")
_TO = exact("infinitive_to") + " "
# a nominal change stated as a finding or with groups compared keeps its relation
_COMPARED = re.compile(rf"\b(?:{exact('finding_or_comparison')})\b")
_LIKELY_TO = re.compile(
    rf"{exact('likelihood_comparatives')}\s+{exact('infinitive_to')}\s+"
    rf"(?:{exact('perfect_have')}\s+)?"
)
# a span of calendar time: a change over it is the trend of one variable
_TREND = re.compile(rf"\b(?:{exact('calendar_span')})\b")
_OPENING_WORDS = re.compile(rf"[\s\"'“(]*(?:(?:{exact('opening_conjunctions')})\s+)?")
# where a background clause ends: "It is known that X, but we found Y"
_BACKGROUND_BREAK = re.compile(
    rf";|\b(?:{exact('background_breaks')})\b|\b{exact('background_while')}\b"
)
_AFTER_REACH = 16
_FALLBACK = frozenset({"group_comparison", "nominal_change"})
_Add = Callable[[CueKind, Match], None]


_Relation = tuple[Match, CueKind]


class _Scope(NamedTuple):
    """Where a sentence asserts: from `begin` to `limit`, outside `background` clauses."""

    begin: int
    limit: int
    irrealis: Match | None  # what ends the asserted part ("should", "needs further study")
    background: list[tuple[int, int]]
    trend: bool  # a change over calendar time ("rose between 1999 and 2010")

    def background_at(self, m: Match) -> bool:
        return any(a <= m.start < b for a, b in self.background)


def _main_clause(low: str, relations: list[_Relation]) -> list[_Relation]:
    """The cues that decide. The main clause decides: cues in a parenthesis or a
    subordinate clause ("If X, ...", ", which ...", ", because ...") count only when it
    has none. A fallback cue ("compared with", "a reduction in") is set aside first, so
    that it cannot make a main clause count as having a cue (a fallback cue inside a
    parenthesis is statistics: "(8.1% vs 9.4%)")."""
    weak = [
        r
        for r in relations
        if r[0].group in _FALLBACK and not clause.in_parenthesis(low, r[0].start)
    ]
    relations = [r for r in relations if r[0].group not in _FALLBACK] or weak
    if (
        relations
        and all(r[0].group == "nominal_change" for r in relations)
        and not any(r[0].group == "group_comparison" for r in weak)
        and _COMPARED.search(low) is None
    ):
        return []  # "Doctors warn of a rise in measles cases": one variable
    if len(relations) > 1:
        spans = clause.subordinate_spans(low)
        main = [r for r in relations if not clause.inside(spans, r[0].start)]
        relations = main or relations
    return relations


class StrengthGrader:
    """Grade the claim strength of one lower-cased sentence."""

    def __init__(self) -> None:
        self._causal = load("causal")
        self._corr = load("correlational")
        self._conditional = load("conditional")
        self._nulls = load("null_findings")
        self._irrealis = load("irrealis")

    def grade(self, text: str, low: str, add: _Add, reasons: list[str]) -> Strength:
        """Decision 3 of ``analysis.py``, in named steps: what the sentence asserts, the
        relation cues there, the main clause's, and the leftmost of them."""
        scope = self._asserted(low)
        relations = self._causal_cues(text, low, scope)
        relations += self._correlational_cues(low, scope, relations)
        relations = _main_clause(low, relations)
        for m, kind in relations:
            add(kind, m)
        if not relations:
            reasons.append(self._why_none(text, low, scope))
            return Strength.none
        # Leftmost cue; at the same start the longer one ("increased risk" over
        # "increased").
        first, kind = min(relations, key=lambda r: (r[0].start, r[0].start - r[0].end))
        word = text[first.start : first.end]
        if kind is CueKind.correlational:
            reasons.append(f"strength correlational: correlational cue '{word}'")
            return Strength.correlational
        marker = self._conditional_marker(low, first)
        if marker is not None:
            add(CueKind.conditional, marker)
            reasons.append(
                f"strength conditional_causal: '{text[marker.start : marker.end]}'"
                f" qualifies causal cue '{word}'"
            )
            return Strength.conditional_causal
        reasons.append(f"strength direct_causal: causal cue '{word}'")
        return Strength.direct_causal

    def _asserted(self, low: str) -> _Scope:
        """Where the sentence asserts something: after an opening purpose or condition
        clause, before an irrealis context or a call for research, outside background."""
        found = [
            m for m in self._irrealis.finditer(low) if not context.irrealis_in_name_only(low, m)
        ]
        # Background: what was known, believed or feared before the finding
        # ("Previous studies suggested that X may raise Y", "X is a leading cause of
        # Y", "It is well known that ..."): its clause asserts no finding.
        background = [_clause_span(low, m) for m in found if m.group == "background"]
        found = [m for m in found if m.group != "background"]
        begin = 0
        if found and found[0].group in ("aim", "question") and _opening(low, found[0]):
            # "To test X, we gave Y, which reduced Z", "If confirmed, X could cut Y":
            # an opening purpose or condition clause; the main clause after its
            # comma is asserted.
            comma = low.find(",", found[0].end)
            if comma >= 0:
                begin = comma + 1
                found = [m for m in found if m.start >= begin]
        irrealis = found[0] if found else None
        limit = irrealis.start if irrealis is not None else len(low)
        need = next((m for m in found if m.group == "research_need"), None)
        if need is not None:  # "the effect of X on Y needs further study": a question
            limit = min(limit, _clause_start(low, need.start))
            irrealis = need if irrealis is None or need.start < irrealis.start else irrealis
        return _Scope(begin, limit, irrealis, background, _TREND.search(low) is not None)

    def _causal_cues(self, text: str, low: str, scope: _Scope) -> list[_Relation]:
        relations: list[_Relation] = []
        for m in self._causal.finditer(low, scope.begin, scope.limit):
            if scope.background_at(m):
                continue
            if context.keep_causal(text, low, m) and not context.purpose_infinitive(low, m):
                change = m.group == "change" and context.describes_change(low, m)
                if change and scope.trend:
                    continue  # "Obesity increased between 2008 and 2009": one variable's trend
                relations.append((m, CueKind.correlational if change else CueKind.causal))
        return relations

    def _correlational_cues(
        self, low: str, scope: _Scope, causal: list[_Relation]
    ) -> list[_Relation]:
        relations: list[_Relation] = []
        nulls: list[Match] | None = None
        for m in self._corr.finditer(low, scope.begin, scope.limit):
            if scope.background_at(m):
                continue
            if low.endswith(_TO, 0, m.start) and low.startswith(_OUTCOME_VERBS, m.start):
                continue  # "to allow men to live longer": an infinitive states nothing
            if m.group == "nominal_change" and scope.trend:
                continue  # "a sharp rise in admissions since 1999"
            if m.group == "comparison":  # "no significant difference between" states none
                nulls = list(self._nulls.finditer(low)) if nulls is None else nulls
                if any(n.start <= m.start < n.end for n in nulls):
                    continue
            if m.group == "predicated_noun" and not context.predicated(low, m):
                continue
            seen = causal + relations
            if m.group == "comparison" and (
                context.spans_clause(low, m) or any(m.start < r.start < m.end for r, _ in seen)
            ):
                continue  # "Higher doses of X improved mood in": the verb states it
            if context.verb_not_adjective(low, m):
                continue
            likely = _LIKELY_TO.match(low, m.start)
            if likely is not None and any(
                r.start == likely.end() and r.group in ("produce", "prevent") for r, _ in seen
            ):
                continue  # "is more likely to cause X": a likelihood of causing, hedged
            if context.verb_with_object(low, m):
                continue
            relations.append((m, CueKind.correlational))
        return relations

    def _why_none(self, text: str, low: str, scope: _Scope) -> str:
        if scope.background and scope.irrealis is None:
            a, b = scope.background[0]
            return f"strength none: '{text[a:b].strip()[:60]}' is background"
        if scope.irrealis is not None:
            word = text[scope.irrealis.start : scope.irrealis.end]
            return f"strength none: nothing asserted after '{word}'"
        if (n := self._nulls.search_at(low, 0, len(low))) is not None:
            return f"strength none: no relationship found '{text[n.start : n.end]}'"
        return "strength none: no causal or correlational cue"

    def _conditional_marker(self, low: str, cue: Match) -> Match | None:
        start = max(0, cue.start - _CONDITIONAL_REACH)
        best: Match | None = None
        for m in self._conditional.finditer(low, start, cue.end):  # "is likely causative"
            if not _CLAUSE_BREAK.search(low, m.end, max(m.end, cue.start)):
                best = m
        if best is None:  # "is mediated in part by", "reduced X partly"
            stop = min(len(low), cue.end + _AFTER_REACH)
            after = self._conditional.search_at(low, cue.end, stop)
            if (
                after is not None
                and after.group == "adverb"
                and not low[cue.end : after.start].strip()
            ):
                best = after
        return best


def _opening(low: str, m: Match) -> bool:
    """``m`` opens the sentence (past quotes and a leading "But", "And", "So")."""
    return bool(_OPENING_WORDS.fullmatch(low, 0, m.start))


def _clause_span(low: str, m: Match) -> tuple[int, int]:
    """The clause around ``m``: from the last clause break before it (or the start)
    to the next one after it (or the end)."""
    start = 0
    for b in _BACKGROUND_BREAK.finditer(low, 0, m.start):
        start = b.end()
    after = _BACKGROUND_BREAK.search(low, m.end)
    return start, after.start() if after is not None else len(low)


def _clause_start(low: str, end: int) -> int:
    """Where the comma-delimited stretch of ``low`` that ends at ``end`` begins."""
    return max(low.rfind(c, 0, end) for c in ",;:") + 1
