"""Clause structure, found from punctuation and subordinating words (no parser).

The claim of a sentence is in its main clause. Material that only frames or
qualifies it is *subordinate*:

* a parenthesis: "(...)" or "[...]";
* an opening adverbial clause up to its comma: "If X, ...", "When X, ...",
  "Because X, ...", "Although X, ...", "As predicted by X, ...", "Since X, ...",
  "By lowering X, ...";
* a non-restrictive relative clause, from ", which" / ", who" / ", whose" /
  ", where" to the next comma or the end of the sentence;
* an appositive opened by an indefinite article between commas: ", a medication
  commonly used to treat X, could improve ...", ", an inflammatory disorder of
  the thyroid, ...";
* a closing adverbial clause of reason, condition or concession, from ", because"
  / ", since" / ", if" / ", unless" / ", although" / ", though" to the next comma
  or the end.

* the verb of a restrictive relative clause, right after "that" / "which" /
  "who" (past modals and adverbs): "Interventions that increase uptake may also
  increase ..."; a "that" after a verb or noun of reporting or knowing ("suggest
  that", "evidence that", "it is likely that") opens a complement clause instead;
* the participle of a reduced relative clause, a past participle right after a
  noun naming people, animals or cells and before a preposition, when a finite
  verb follows in the same stretch: "The addition of X in patients stabilised
  after acute coronary syndrome reduces ...", "mice fed with X had ...".

A complement clause ("We found that X reduced Y", "suggesting that ...") is not
subordinate here: it carries the reported finding.
"""

from __future__ import annotations

import re

from kettools.language.lexicons import exact

# The words are in the context lexicon (context.yaml); these expressions add the
# structure: white space, any word, "-ly" adverbs, punctuation.
_OPENING_CLAUSE = re.compile(
    rf"[\s\"'“(]*(?:{exact('opening_subordinators')}"
    rf"|(?:{exact('means_before_gerund')}) [a-z]+ing)\b[^,;:]*,"
)
_INNER = re.compile(rf",\s*(?:{exact('inner_subordinators')})\b[^,;:()]*")
_APPOSITIVE = re.compile(rf",\s*(?:{exact('appositive_articles')})\s+[^,;:]{{1,100}},")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_RELATIVE = re.compile(
    rf"\b([a-z]+)\s+(?:{exact('relative_that')})\s+"
    rf"(?:(?:[a-z]+ly|{exact('relative_auxiliaries')})\s+)*[a-z]"
)
_COMPLEMENT_BEFORE = re.compile(
    rf"(?:{exact('complement_stems')})(?:{exact('complement_endings')})?"
    rf"|{exact('complement_words')}"
)
_REDUCED = re.compile(
    rf"\b(?:{exact('reduced_subjects')})\s+([a-z]+ed)\s+"
    rf"(?:{exact('reduced_prepositions')})\b"
)
_FINITE_AFTER = re.compile(rf"[^,;:]*?\b(?:{exact('finite_verbs')}|[a-z]+(?:s|ed))\b")


def subordinate_spans(low: str) -> list[tuple[int, int]]:
    """Character spans of ``low`` (a lower-cased sentence) outside its main clause."""
    spans = [(m.start(), m.end()) for m in _PAREN.finditer(low)]
    opening = _OPENING_CLAUSE.match(low)
    if opening is not None:
        spans.append((0, opening.end()))
    spans.extend((m.start(), m.end()) for m in _INNER.finditer(low))
    spans.extend((m.start(), m.end()) for m in _APPOSITIVE.finditer(low))
    for m in _RELATIVE.finditer(low):
        if not _COMPLEMENT_BEFORE.fullmatch(m.group(1)):
            spans.append((m.start(1), m.end()))
    for m in _REDUCED.finditer(low):
        if _FINITE_AFTER.match(low, m.end()):
            spans.append((m.start(1), m.end(1)))
    return spans


def in_parenthesis(low: str, start: int) -> bool:
    """Whether position ``start`` of ``low`` is inside a parenthesis or brackets."""
    return inside([(m.start(), m.end()) for m in _PAREN.finditer(low)], start)


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    """Whether position ``start`` falls in one of ``spans``."""
    return any(a <= start < b for a, b in spans)
