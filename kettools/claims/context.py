"""Context rules: when a lexicon match does not mean what its word usually means.

Each rule looks only at the few characters around a match in the lower-cased
sentence (``low``) or, for case, the original sentence (``text``).

Hedges that are not hedges
  * "May" with a capital inside a sentence is the month.
  * "could not" / "couldn't" report a past inability ("we could not detect X"),
    and "could" before an observation or a plain action reports a past ability
    ("could detect", "could survive", "could successfully climb").
  * "more/less/most/least likely" compares likelihoods (an association), it does
    not hedge.
  * "as indicated", "indicated in/by Figure...", "indicated for" (a licensed use),
    "as expected", "than expected", "as predicted", "membrane/action potential",
    "as soon as possible", "where/if/when possible" are not speculative.
Causal verbs that are not causal
  * A participle used as an adjective: "with reduced risk", "an improved score",
    "the increased dose", i.e. preceded (past any -ly adverbs) by a determiner or
    preposition. "-ing" forms only after a determiner ("the underlying"): after a
    preposition they are gerunds that keep their force ("effective in reducing").
  * A participle opening the sentence or a clause, past any opening quote and
    -ly adverbs ("Elevated BMI was ...", ", significantly increased risk was").
  * An infinitive of purpose: "strategies to reduce", "in order to improve",
    "aimed at reducing"; but
    not after raising verbs and adjectives that assert the effect ("appears to
    reduce", "was shown to improve", "helps to prevent", "likely to cause").
  * "help" before a verb of knowing or finding ("helps clinicians identify",
    "help inform", "help in differentiation"): a use of a test, not an effect.
  A change verb ("increase", "reduce", "improve", ...) used intransitively or in
  the passive ("rates increased over time", "fT4 was reduced in group A") describes
  a difference or a trend, not an agent acting: it counts as correlational, unless
  the passive names its agent ("was improved by supplementation").
  Negation does not remove a cue: "did not reduce" and "was not associated with"
  still speak in causal and correlational terms (as in Yu et al.'s annotation).
Correlational nouns that are only mentioned
  "risk factor" and "predictor" state an association when predicated: after a
  copula or "identified as" within three words ("X was an independent risk factor
  for Y"), or opening the sentence ("Risk factors for Y include ..."); "the
  prevalence of multiple risk factors" only names them.
Boosters that are not boosters
  * "not proven", "unproven", "proof of concept", "proof-of-principle".
"""

from __future__ import annotations

import re

from kettools.claims.lexicon import Match, entry_to_regex, raw_group

_NOT_HEDGE_AFTER = re.compile(
    r"\s*(?:not\b|n't|in\s+(?:fig|table|supplement)|by\s+(?:arrow|the\s+arrow|asterisk)|for\b)"
)
_NOT_HEDGE_BEFORE = re.compile(
    r"(?:\b(?:more|less|most|least|as|than|where|if|when|membrane|action|resting|redox|zeta"
    r"|evoked|field|as\s+soon\s+as|as\s+much\s+as|as\s+far\s+as|as\s+early\s+as|whenever)\s*)$"
)
_ADJ_BEFORE = re.compile(
    r"\b(?:a|an|the|with|of|in|for|by|to|its|their|his|her|this|these|those|any"
    r"|no|from|on|at|as|showed|had|exhibited|displayed|observed)"
    r"(?:\s+[a-z]+ly)*\s+$"
)
_DET_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|this|these|those|any|no)(?:\s+[a-z]+ly)*\s+$"
)
_CLAUSE_START = re.compile(
    r"(?:^[\s\"'“(]*|[,;:(]\s*|\b(?:and|but|whereas|while)\s+)(?:[a-z]+ly\s+)*$"
)
_STATE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|become|becomes|became|remains?|remained|get|got)"
    r"(?:\s+(?:not|also|further|still|[a-z]+ly))*\s+$"
)
_NO_OBJECT_AFTER = re.compile(
    r"(?:\s+(?:[a-z]+ly|over\s+time|not))*\s*(?:[,.;:)\]]|$|\s+(?:in|with|from|over|during|after"
    r"|at|by|to|for|among|across|between|throughout|until|since|when|while|as|and|but|or"
    r"|compared|relative|versus|vs|than|more|less|only|again|further|up|down)\b)"
)
_AGENT_AFTER = re.compile(r"(?:\s+[a-z]+ly)*\s+by\b")
_KNOWING_AFTER = re.compile(
    r"(?:\s+[a-z]+)?(?:\s+to)?\s+(?:"
    + "|".join(map(entry_to_regex, raw_group("context", "knowing_after_help")))
    + r")\b"
)
_AIMED_AT_BEFORE = re.compile(r"\b(?:aim(?:s|ed|ing)?|directed|targeted) at\s+$")
_TO_BEFORE = re.compile(r"([a-z]+)\s+to\s+$")
_RAISING = frozenset(raw_group("context", "raising_before_to"))
_PREDICATING = re.compile(
    r"\b(?:" + "|".join(map(entry_to_regex, raw_group("context", "predicating_before_noun")))
    + r")(?:\s+[\w-]+){0,3}\s+$"
)
_PREDICATED_AFTER = re.compile(
    r"\s+(?:for|of)\s+(?:[\w-]+\s+){1,5}?(?:are|were|include|includes|included)\b"
)
_SENTENCE_START = re.compile(r"^[\s\"'(“]*$")
_NEGATED_BOOSTER_BEFORE = re.compile(r"(?:\bnot|\bnever|\bun)\s*$")
_PROOF_OF = re.compile(r"[\s-]+of[\s-]+(?:concept|principle)")

_MODALS_MAY = frozenset({"may"})
_ABILITY_AFTER = re.compile(
    r"\s+(?:" + "|".join(map(entry_to_regex, raw_group("context", "ability_after_could"))) + r")\b"
)
_PAST_ABILITY = frozenset({"could"})
_LIKELY = frozenset({"likely"})


def keep_hedge(text: str, low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    before = low[max(0, m.start - 24) : m.start]
    after = low[m.end : m.end + 24]
    if word in _MODALS_MAY and m.start > 0 and text[m.start] == "M":
        return False
    if word in _PAST_ABILITY and _ABILITY_AFTER.match(low, m.end):
        return False
    contextual = word in _LIKELY or word.startswith(
        ("potential", "possibl", "expect", "predict", "indicat")
    )
    if contextual and _NOT_HEDGE_BEFORE.search(before):
        return False
    return not (word.startswith("indicat") and _NOT_HEDGE_AFTER.match(after) is not None)


def keep_causal(low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if word.startswith("help") and _KNOWING_AFTER.match(low, m.end):
        return False
    if " " in word:
        return True
    if word.endswith("ed"):
        start = max(0, m.start - 40)
        if _ADJ_BEFORE.search(low, start, m.start) or _CLAUSE_START.search(low, start, m.start):
            return False
    elif word.endswith("ing"):  # "in reducing" is a gerund; only "the underlying" is not
        start = max(0, m.start - 40)
        if _DET_BEFORE.search(low, start, m.start) or _CLAUSE_START.search(low, start, m.start):
            return False
    return True


def describes_change(low: str, m: Match) -> bool:
    """A change verb used intransitively or in the passive (a trend or difference)."""
    if m.end - m.start > 14 or " " in low[m.start : m.end]:
        return False
    if _STATE_BEFORE.search(low, max(0, m.start - 40), m.start):
        return _AGENT_AFTER.match(low, m.end) is None  # "was improved by X" is causal
    return _NO_OBJECT_AFTER.match(low, m.end) is not None


def purpose_infinitive(low: str, m: Match) -> bool:
    """A causal verb in an infinitive of purpose ("efforts to reduce")."""
    if _AIMED_AT_BEFORE.search(low, max(0, m.start - 24), m.start):
        return True  # "programmes aimed at reducing"
    before = _TO_BEFORE.search(low, max(0, m.start - 24), m.start)
    return before is not None and before.group(1) not in _RAISING


def predicated(low: str, m: Match) -> bool:
    """A correlational noun predicated of something, not merely mentioned."""
    start = max(0, m.start - 48)
    return bool(_PREDICATING.search(low, start, m.start) or _SENTENCE_START.match(low, 0, m.start)
                or _PREDICATED_AFTER.match(low, m.end))


def keep_booster(low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if _NEGATED_BOOSTER_BEFORE.search(low[max(0, m.start - 8) : m.start]):
        return False
    return not (word == "proof" and _PROOF_OF.match(low, m.end))
