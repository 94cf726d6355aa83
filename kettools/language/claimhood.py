"""Is a sentence a candidate claim at all (decision 1 of ``analysis.py``)?

A sentence ending in "?", opening with a question word and not ending in ".", or
looking like a heading (one word; fewer than four words without closing punctuation;
no closing punctuation with most words capitalised; or a short label ending in a colon,
"Safety Considerations:") is not a claim. "Ketamine works." is a sentence and may be a
claim.

``is_advice`` tells advice or an instruction to the reader, which opens with an entry
of the ``advice`` group of the ``instructions`` lexicon ("Tell your doctor if you are
pregnant.", "It is essential to work with a certified professional.", "You should
not drive after a dose."). Advice stays a claim record (a leaflet lists it with its
source), but it says what to do, not what a treatment does, so it needs no citation
(KT101; see ``kettools/engine/collapse.py``).
"""

from __future__ import annotations

import re
from functools import cache

from kettools.language.lexicons import exact, load
from kettools.language.lexicons.regex import entry_to_regex

_QUESTION_WORDS = re.compile(rf"^\s*(?:{exact('question_openers')})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
QUESTION = "a question"
_LABEL_WORDS = 6  # a colon-ended line this short is a label: "Safety Considerations:"


@cache
def _advice() -> re.Pattern[str]:
    entries = load("instructions").groups.get("advice", ())
    body = "|".join(entry_to_regex(e) for e in entries) or r"(?!x)x"
    return re.compile(r"^\W*(?:" + body + r")(?![\w-])", re.IGNORECASE)


_END_PUNCT = (".", "!", ";", ":", '"', "'", ")", "”", "’", "]")


def not_a_claim(text: str) -> str | None:
    """Why ``text`` is not a claim, or None when it may be one."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if stripped.endswith("?"):
        return QUESTION
    words = _WORD.findall(stripped)
    ends = stripped.endswith(_END_PUNCT)
    if not ends and _QUESTION_WORDS.match(stripped):
        return QUESTION
    if len(words) < 2 or (len(words) < 4 and not ends):
        return "a heading or fragment (too few words, no closing punctuation)"
    if not ends:
        capitalised = sum(1 for w in words if w[0].isupper())
        if capitalised * 2 > len(words):
            return "a heading (no end punctuation, mostly capitalised words)"
    if stripped.endswith(":") and len(words) <= _LABEL_WORDS:
        return "a heading or label (a few words ending in a colon)"
    return None


def is_advice(text: str) -> bool:
    """Whether ``text`` opens as advice or an instruction to the reader."""
    return _advice().match(text.strip()) is not None
