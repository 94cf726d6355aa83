"""Context rules: when a lexicon match does not mean what its word usually means.

Each rule looks only at the few characters around a match in the lower-cased
sentence (``low``) or, for case, the original sentence (``text``).

Hedges that are not hedges
  * "May" with a capital inside a sentence is the month.
  * "could not" / "couldn't" report a past inability ("we could not detect X").
  * "more/less/most/least likely" compares likelihoods (an association), it does
    not hedge.
  * "as indicated", "indicated in/by Figure...", "indicated for" (a licensed use),
    "as expected", "than expected", "as predicted", "membrane/action potential",
    "as soon as possible", "where/if/when possible" are not speculative.
Causal verbs that are not causal
  * A participle used as an adjective: "with reduced risk", "an improved score",
    "the increased dose", i.e. preceded (past any -ly adverbs) by a determiner or
    preposition. "-ing" forms after a determiner ("the underlying") likewise.
  * A cue cancelled by a no-relationship finding that overlaps it or ends right
    before it ("did not reduce", "was not associated with").
Boosters that are not boosters
  * "not proven", "unproven", "proof of concept", "proof-of-principle".
"""

from __future__ import annotations

import re

from kettools.claims.lexicon import Match

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
_NEGATED_BOOSTER_BEFORE = re.compile(r"(?:\bnot|\bnever|\bun)\s*$")
_PROOF_OF = re.compile(r"[\s-]+of[\s-]+(?:concept|principle)")

_MODALS_MAY = frozenset({"may"})
_PAST_ABILITY = frozenset({"could"})
_LIKELY = frozenset({"likely"})


def keep_hedge(text: str, low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    before = low[max(0, m.start - 24) : m.start]
    after = low[m.end : m.end + 24]
    if word in _MODALS_MAY and m.start > 0 and text[m.start] == "M":
        return False
    if word in _PAST_ABILITY and after.lstrip().startswith(("not", "n't")):
        return False
    if word in _LIKELY or word.startswith(("potential", "possibl", "expect", "predict", "indicat")):
        if _NOT_HEDGE_BEFORE.search(before):
            return False
    return not (word.startswith("indicat") and _NOT_HEDGE_AFTER.match(after) is not None)


def keep_causal(low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if " " in word:
        return True
    if word.endswith(("ed", "ing")) and _ADJ_BEFORE.search(low, max(0, m.start - 40), m.start):
        return False
    return True


def keep_booster(low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if _NEGATED_BOOSTER_BEFORE.search(low[max(0, m.start - 8) : m.start]):
        return False
    return not (word == "proof" and _PROOF_OF.match(low, m.end))


def cancelled(m: Match, nulls: list[Match]) -> bool:
    """A relation cue overlapped by, or right after, a no-relationship finding."""
    for n in nulls:
        if n.start < m.end and m.start < n.end:
            return True
        if 0 <= m.start - n.end <= 1:
            return True
    return False
