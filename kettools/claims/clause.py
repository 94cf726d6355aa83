"""Clause structure, found from punctuation and subordinating words (no parser).

The claim of a sentence is in its main clause. Material that only frames or
qualifies it is *subordinate*:

* a parenthesis: "(...)" or "[...]";
* an opening adverbial clause up to its comma: "If X, ...", "When X, ...",
  "Because X, ...", "Although X, ...", "As predicted by X, ...", "Since X, ...";
* a non-restrictive relative clause, from ", which" / ", who" / ", whose" /
  ", where" to the next comma or the end of the sentence;
* a closing adverbial clause of reason, condition or concession, from ", because"
  / ", since" / ", if" / ", unless" / ", although" / ", though" to the next comma
  or the end.

A complement clause ("We found that X reduced Y", "suggesting that ...") is not
subordinate here: it carries the reported finding.
"""

from __future__ import annotations

import re

_OPENING_CLAUSE = re.compile(
    r"[\s\"'“(]*(?:if|when|whenever|once|unless|because|since|as|although|though"
    r"|even though|even if|while|whereas|despite|in spite of)\b[^,;:]*,"
)
_INNER = re.compile(
    r",\s*(?:which|who|whom|whose|where|because|since|if|unless|although|though|even though)\b"
    r"[^,;:()]*"
)
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def subordinate_spans(low: str) -> list[tuple[int, int]]:
    """Character spans of ``low`` (a lower-cased sentence) outside its main clause."""
    spans = [(m.start(), m.end()) for m in _PAREN.finditer(low)]
    opening = _OPENING_CLAUSE.match(low)
    if opening is not None:
        spans.append((0, opening.end()))
    spans.extend((m.start(), m.end()) for m in _INNER.finditer(low))
    return spans


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    """Whether position ``start`` falls in one of ``spans``."""
    return any(a <= start < b for a, b in spans)
