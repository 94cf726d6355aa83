"""Is a sentence a candidate claim at all (decision 1 of ``analysis.py``)?

A sentence ending in "?", opening with a question word and not ending in ".", or
looking like a heading (one word; fewer than four words without closing punctuation;
or no closing punctuation with most words capitalised) is not a claim. "Ketamine
works." is a sentence and may be a claim.
"""

from __future__ import annotations

import re

_QUESTION_WORDS = re.compile(
    r"^\s*(?:what|how|why|who|whom|which|when|where|is|are|was|were|can|could|does|do|did"
    r"|should|will|would|has|have)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
QUESTION = "a question"
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
    return None
