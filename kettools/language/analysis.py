"""Sentence analysis: is it a claim, of what kind, how strong and how certain.

Every word list is data in ``kettools/language/lexicons/``; this module holds the
decisions. One lexicon file compiles into one regular expression (``lexicon.py``);
context rules that veto a match are in ``context.py``.

Decisions, in order:

1. **Claim or not.** Questions and headings are not claims (``claimhood.py``); a
   headline opening "How"/"Why" with no auxiliary and no question mark ("How stress
   turns hair grey") is a heading that states how: it gets a strength, but it is not a
   claim. Otherwise a sentence is a
   claim when it has a claim-kind cue or a causal or correlational cue.
2. **Kind** is the first kind, in the ``priority`` of ``kinds.yaml`` (testimonial,
   regulatory, safety, dosing, comparative, efficacy, epidemiology, mechanism),
   that has a cue; a claim with only relation cues is ``other``.
3. **Strength** (Yu et al. 2019). A question is ``none``: it asserts no relation.
   Otherwise causal and correlational cues are collected; participles used as
   adjectives, infinitives of purpose, cues after an irrealis context ("should",
   "future studies", "whether", "needed to"), cues in the clause of a call for
   research ("the effect of X on Y merits further study"), "risk factor"/"predictor"
   merely mentioned rather than predicated, and comparisons a no-difference finding
   covers ("no significant difference between") are dropped; so are relations in a
   clause that tells background rather than the news (what previous studies found,
   what is well known, long thought or feared: "Previous studies suggested that X
   may raise Y", up to "but"/"however"), and a change over calendar time ("rose
   between 1999 and 2010", "a rise in X since 2005": one variable's trend). An
   opening condition clause ("If confirmed, ...") is set aside like an opening
   purpose clause; change verbs used intransitively ("rates increased") count as
   correlational. Naming compared groups ("compared with", "versus") and nominalised
   changes ("a reduction in X") count as correlational only when no other cue is
   left. A change verb in the passive with an agent ("was improved by X") stays
   causal; "help" before a verb of knowing or finding ("helps identify") is not a
   causal cue, nor is "benefit" in "those who may benefit from X" (which picks
   people out). A bare change word after a determiner is a noun ("a gradual
   increase"); a comparison that runs across a verb ("older people were effective
   in") or across a causal verb ("Higher doses of X improved mood in") is
   attributive and dropped. Negation keeps the type: "did not reduce" is still
   causal wording, "was not associated with" correlational. The main clause decides
   (``clause.py``): a cue in a parenthesis or a subordinate clause ("Although X
   rose, ...", "If X, ...", ", which ...", ", because ...", the verb of a
   restrictive or reduced relative clause: "Interventions that increase X ...",
   "patients stabilised after ...") counts only when the main clause has none. A
   change verb with its object ("reduced the risk of") is causal, not the comparison
   "reduced risk". The grading is in ``strength.py``; an opening purpose clause ("To
   test this, ...") does not make the main clause irrealis. The leftmost remaining
   cue (the longer at the same start) decides: a correlational cue gives
   ``correlational``; a causal cue gives ``conditional_causal`` when a conditional
   marker ("may", "might", "could", "appears to", "potential to", ...) stands before
   it in the same clause (or inside it: "is likely causative"), or a conditional
   adverb follows it at once ("is mediated in part by"), else ``direct_causal``. No
   cue left: ``none``.
4. **Certainty.** A hedge makes the sentence ``hedged`` (a hedge limits the whole
   claim, even beside a booster). Otherwise a booster, hype word or absolute makes
   it ``boosted``. An absolute inside a safety instruction ("should never be given
   at home", "Always tell your doctor") is neither a cue nor a boost: such an
   instruction restates a rule of use, not the strength of evidence, and a warning
   that a drug must never be given to some people is what an editor wants (KT202
   reads the absolute cues).
   Otherwise ``plain``.
5. **Population**: an animal cue gives ``animal``, else an in-vitro cue
   ``in-vitro``, else a human cue ``human``, else ``unspecified`` (preclinical
   wins so that human claims resting on animal data can be flagged).
6. **Subject**: catalog drug and condition names (see ``subjects.py``); the first
   drug named is the intervention.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kettools.language import context, evaluative
from kettools.language.claimhood import QUESTION, not_a_claim
from kettools.language.lexicons import Lexicon, Match, exact, load, lower_same_length, word_set
from kettools.language.lexicons.regex import entry_to_regex
from kettools.language.strength import StrengthGrader
from kettools.language.subjects import SubjectIndex
from kettools.models.catalog import Catalog
from kettools.models.claims import Certainty, ClaimKind, CueKind, Strength

# A drug named as what the intervention was compared with ("more than midazolam", "against
# 20 in 100 on placebo") is the comparator, not the sentence's subject.
_COMPARATOR = re.compile(rf"\b(?:{exact('comparator_before')})\b[^.;:]{{0,30}}$")


class CueHit(NamedTuple):
    kind: CueKind
    start: int
    end: int
    text: str


class SentenceAnalysis(NamedTuple):
    is_claim: bool
    kind: ClaimKind
    strength: Strength
    certainty: Certainty
    cues: tuple[CueHit, ...]
    intervention: str | None
    conditions: tuple[str, ...]
    population: str
    reasons: tuple[str, ...]


_CAUSAL = (Strength.direct_causal, Strength.conditional_causal)
# "How a common virus triggers MS", "Why sugar rots your teeth": "how"/"why" and then
# no auxiliary, and no question mark, open a statement of how, not a question
_STATEMENT_HEADLINE = re.compile(
    rf"\s*(?:{exact('headline_openers')})\s+(?!(?:{exact('question_after_how')})\b)[^?]*$",
    re.IGNORECASE,
)
HEADLINE = "a headline (it states how or why, but a heading is not a claim)"
_INSTRUCTION_BEFORE = 30
_INSTRUCTION_AFTER = 40
#: Sentences an analyzer remembers: articles of one site repeat sentences (advice,
#: disclaimers) and the language server analyses an article again at every edit.
REMEMBERED = 4096


class _Draft:
    """One sentence under analysis: its text, the lower-cased copy the lexicons read, and
    the cues and reasons the steps collect."""

    __slots__ = ("cues", "low", "reasons", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # a double hyphen is a dash: "sarcopenia--a loss of muscle--increases risk"
        self.low = lower_same_length(text).replace("--", ", ")
        self.cues: list[CueHit] = []
        self.reasons: list[str] = []  # the certainty's go first, decided last

    def add(self, kind: CueKind, m: Match) -> None:
        self.cues.append(CueHit(kind, m.start, m.end, self.text[m.start : m.end]))


class _Evaluative(NamedTuple):
    boosters: list[Match]
    hype: list[Match]
    absolutes: list[Match]
    counted: list[Match]  # the absolutes that boost (not inside a safety instruction)


class Analyzer:
    """Analyse plain sentences (markup and citations already removed)."""

    def __init__(self, catalog: Catalog | None = None, *, remember: int = REMEMBERED) -> None:
        """`remember`: how many analyses to keep (0: none, for measuring the analysis)."""
        names = ("hedges", "boosters", "hype", "absolutes")
        self._hedges, self._boosters, self._hype, self._absolutes = (load(n) for n in names)
        self._strength = StrengthGrader()
        self._kinds = load("kinds")
        self._population = load("population")
        self._attribution = load("attribution")
        instructions = load("instructions")
        self._instr_before = _edge_pattern(instructions, "before", at_end=True)
        self._instr_after = _edge_pattern(instructions, "after", at_end=False)
        priority = self._kinds.meta.get("priority", [])
        self._priority = tuple(ClaimKind(k) for k in priority)
        self.subjects = SubjectIndex(catalog)  # the rules use it too (Context.subjects)
        self._seen: dict[tuple[str, bool], SentenceAnalysis | None] = {}
        self._remember = remember

    def analyze(self, text: str) -> SentenceAnalysis:
        analysis = self._remembered(text, claims_only=False)
        assert analysis is not None
        return analysis

    def claim(self, text: str) -> SentenceAnalysis | None:
        """`analyze(text)` for a claim; None, sooner, for a sentence that is not one (its
        certainty, population and attribution cues are never looked for)."""
        return self._remembered(text, claims_only=True)

    def _remembered(self, text: str, *, claims_only: bool) -> SentenceAnalysis | None:
        """`_analyze`, once per sentence: the analysis is a frozen value of the text alone.
        The oldest of the sentences remembered is forgotten first."""
        key = (text, claims_only)
        seen = self._seen
        if key in seen:
            return seen[key]
        analysis = self._analyze(text, claims_only=claims_only)
        if self._remember > 0:
            if len(seen) >= self._remember:
                del seen[next(iter(seen))]
            seen[key] = analysis
        return analysis

    def _analyze(self, text: str, *, claims_only: bool) -> SentenceAnalysis | None:
        """The decisions of the module's documentation, one named step each."""
        d = _Draft(text)
        not_claim, strength = self._claimhood_and_strength(d)  # decisions 1 and 3
        intervention, conditions = self._subject(d.low)  # decision 6
        kind_hits = list(self._kinds.finditer(d.low))
        for m in kind_hits:
            d.add(CueKind.kind, m)
        found = {ClaimKind(m.group) for m in kind_hits}
        is_claim = not_claim is None and (bool(found) or strength is not Strength.none)
        # evaluative words can still make a claim about a treatment named here
        may_praise = not_claim is None and not is_claim and intervention is not None
        if claims_only and not is_claim and not may_praise:
            return None
        words = self._evaluative(d.low)
        is_claim, kind = self._kind(  # decision 2
            d,
            kind_hits,
            found,
            not_claim,
            is_claim,
            may_praise,
            words,
            intervention,
            conditions,
            strength,
        )
        if claims_only and not is_claim:
            return None
        certainty = self._certainty_of(d, words)  # decision 4
        population = self._population_of(d)  # decision 5, and the attribution cues
        d.cues.sort(key=lambda c: (c.start, c.end, c.kind.value))
        return SentenceAnalysis(
            is_claim=is_claim,
            kind=kind,
            strength=strength,
            certainty=certainty,
            cues=tuple(d.cues),
            intervention=intervention,
            conditions=tuple(conditions),
            population=population,
            reasons=tuple(d.reasons),
        )

    def _claimhood_and_strength(self, d: _Draft) -> tuple[str | None, Strength]:
        """Why the sentence is not a claim (None when it may be one), and its strength. A
        question asserts no relation, whatever its verbs."""
        not_claim = not_a_claim(d.text)
        if not_claim == QUESTION and _STATEMENT_HEADLINE.match(d.text):
            # "How stress turns hair grey": a headline stating how has a strength,
            # but it stays a heading, not a claim to check
            not_claim = HEADLINE
        if not_claim == QUESTION:
            d.reasons.append("strength none: a question asserts no relation")
            return not_claim, Strength.none
        return not_claim, self._strength.grade(d.text, d.low, d.add, d.reasons)

    def _subject(self, low: str) -> tuple[str | None, list[str]]:
        """The first drug named (not as a comparator) and every condition named."""
        intervention: str | None = None
        conditions: list[str] = []
        for s in self.subjects.find(low):
            if s.kind == "drug" and intervention is None and not _COMPARATOR.search(low[: s.start]):
                intervention = s.id
            elif s.kind == "condition" and s.id not in conditions:
                conditions.append(s.id)
        return intervention, conditions

    def _evaluative(self, low: str) -> _Evaluative:
        """Boosters, hype words and absolutes, with those context keeps; absolutes inside a
        safety instruction are left out of `counted` (neither cues nor boosts), and the
        others count only when they speak of an outcome (`evaluative.about_outcome`)."""
        boosters = [m for m in self._boosters.finditer(low) if context.keep_booster(low, m)]
        hype = [m for m in self._hype.finditer(low) if evaluative.keep_hype(low, m)]
        absolutes: list[Match] = []
        counted: list[Match] = []
        for m in self._absolutes.finditer(low):
            if not evaluative.keep_absolute(low, m):
                continue
            if self._instruction(low, m):
                absolutes.append(m)  # reported as part of a safety instruction
            elif evaluative.about_outcome(low, m):
                absolutes.append(m)
                counted.append(m)
        return _Evaluative(boosters, hype, absolutes, counted)

    def _kind(
        self,
        d: _Draft,
        kind_hits: list[Match],
        found: set[ClaimKind],
        not_claim: str | None,
        is_claim: bool,
        may_praise: bool,
        words: _Evaluative,
        intervention: str | None,
        conditions: list[str],
        strength: Strength,
    ) -> tuple[bool, ClaimKind]:
        """Whether it is a claim after all, and of what kind, with the reason."""
        kind = next((k for k in self._priority if k in found), ClaimKind.other)
        praise = [*words.hype, *words.boosters, *words.counted]
        if may_praise and praise:
            # "X is a groundbreaking miracle for depression": evaluative words about a
            # treatment are a claim about it even without a kind or relation cue.
            kind = ClaimKind.efficacy if conditions else ClaimKind.other
            word = d.text[praise[0].start : praise[0].end]
            d.reasons.append(f"kind {kind.value}: '{word}' evaluates the treatment")
            return True, kind
        if not_claim is not None:
            d.reasons.append(f"not a claim: {not_claim}")
            return is_claim, ClaimKind.other
        if not is_claim:
            d.reasons.append("not a claim: no claim-kind, causal or correlational cue")
        elif kind is ClaimKind.other and intervention is not None and strength in _CAUSAL:
            kind = ClaimKind.efficacy  # "X eliminates anxiety": what a treatment does
            d.reasons.append(f"kind efficacy: a causal statement about {intervention}")
        elif kind is ClaimKind.other:
            d.reasons.append("kind other: a relation is stated but no claim-kind cue")
        else:
            first = next(m for m in kind_hits if m.group == kind.value)
            d.reasons.append(f"kind {kind.value}: cue '{d.text[first.start : first.end]}'")
        return is_claim, kind

    def _certainty_of(self, d: _Draft, words: _Evaluative) -> Certainty:
        """Hedged, boosted or plain; its reasons go first."""
        hedges = [m for m in self._hedges.finditer(d.low) if context.keep_hedge(d.text, d.low, m)]
        for cue_kind, hits in (
            (CueKind.hedge, hedges),
            (CueKind.booster, words.boosters),
            (CueKind.hype, words.hype),
            (CueKind.absolute, words.counted),
        ):
            for m in hits:
                d.add(cue_kind, m)
        first_reasons: list[str] = []
        certainty = self._certainty(
            d.text,
            hedges,
            words.boosters,
            words.hype,
            words.absolutes,
            words.counted,
            first_reasons,
        )
        d.reasons[:0] = first_reasons
        return certainty

    def _population_of(self, d: _Draft) -> str:
        """Animal, in-vitro, human or unspecified (preclinical wins); attribution cues."""
        population = "unspecified"
        pop_hits = list(self._population.finditer(d.low))
        for m in pop_hits:
            d.add(CueKind.population, m)
        for candidate in ("animal", "in-vitro", "human"):
            hit = next((m for m in pop_hits if m.group == candidate), None)
            if hit is not None:
                population = candidate
                d.reasons.append(f"population {candidate}: '{d.text[hit.start : hit.end]}'")
                break
        for m in self._attribution.finditer(d.low):
            d.add(CueKind.attribution, m)
        return population

    def _instruction(self, low: str, m: Match) -> bool:
        before = low[max(0, m.start - _INSTRUCTION_BEFORE) : m.start]
        after = low[m.end : m.end + _INSTRUCTION_AFTER]
        if not before.strip(" \t\"'(“"):  # imperative: "Never drive after a session."
            return low[m.start : m.end] in _IMPERATIVE  # not "Everyone responds to it."
        return bool(self._instr_before.search(before) or self._instr_after.match(after))

    def _certainty(
        self,
        text: str,
        hedges: list[Match],
        boosters: list[Match],
        hype: list[Match],
        absolutes: list[Match],
        counted: list[Match],
        reasons: list[str],
    ) -> Certainty:
        for m in absolutes:
            if m not in counted:
                reasons.append(
                    f"absolute '{text[m.start : m.end]}' is part of a safety instruction:"
                    " not counted as boosting"
                )
        if hedges:
            words = ", ".join(f"'{text[m.start : m.end]}'" for m in hedges[:3])
            reasons.append(f"certainty hedged: hedge {words}")
            return Certainty.hedged
        strong = sorted(boosters + hype + counted, key=lambda m: m.start)
        if strong:
            words = ", ".join(f"'{text[m.start : m.end]}'" for m in strong[:3])
            reasons.append(f"certainty boosted: {words}")
            return Certainty.boosted
        reasons.append("certainty plain: no hedge, booster, hype or absolute")
        return Certainty.plain


_IMPERATIVE = word_set("imperative_absolutes")  # absolutes that open an instruction


def _edge_pattern(lexicon: Lexicon, group: str, *, at_end: bool) -> re.Pattern[str]:
    body = "|".join(entry_to_regex(e) for e in lexicon.groups.get(group, ()))
    if at_end:
        return re.compile(r"(?<![\w-])(?:" + body + r")\s*$")
    return re.compile(r"\s*(?:" + body + r")(?![\w-])")
