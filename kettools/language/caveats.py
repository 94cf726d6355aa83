"""Where an article states its drug's catalog caveats.

A caveat is stated in a block when one of its phrases occurs there as whole words
(a word boundary, as regular expressions define `\\b`, at both ends), in any case. A
phrase never spans two blocks. Each phrase is looked for with `str.find` over the
lower-cased text of all blocks: one pass per phrase, several times faster than a
case-insensitive alternation of the phrases. An empty phrase states nothing.

Matched by meaning, not only by words:

* A phrase does not count where it is denied ("no risk of misuse", "is not
  addictive": a negation in the three words before it) or named as what the drug
  treats ("to treat addiction", "helps with anxiety"): naming a word is not stating
  the caveat.
* A caveat's `unless` words, in the same sentence, show that a phrase is about
  something else: "side effects are short-lived" does not say the benefit is.
* A caveat's `meaning` is a list of word groups: a sentence that holds a word from
  every group states it, whatever the exact wording ("tell your care team at once if
  you have thoughts of harming yourself"; "the long-term effects are still being
  studied"). An entry matches the start of a word, so "suicid" covers "suicidal" and
  "suicide"; the first group's word must not be denied.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache

from kettools.language.lexicons import exact, lower_same_length
from kettools.models.catalog import Drug

Stated = dict[str, frozenset[int]]  # caveat id -> the blocks that state it

_WORD_CHAR = re.compile(r"\w")
# the words are in the context lexicon (context.yaml); "within two words" is structure
_DENIED = re.compile(
    rf"(?:\b(?:{exact('denying')})\b|{exact('denying_suffix')}\b|\b{exact('denying_phrase')}\b)"
    r"(?:\s+[\w'-]+){0,2}\s*$"
)
_TREATED = re.compile(rf"\b(?:{exact('treated_before')})(?:\s+[\w'-]+){{0,2}}\s*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _sentence(text: str, i: int, start: int, end: int) -> str:
    """The sentence of `text` around position i, inside the block `start`..`end`."""
    a = max((m.end() for m in _SENTENCE_END.finditer(text, start, i)), default=start)
    b = _SENTENCE_END.search(text, i, end)
    return text[a : b.end() if b else end]


def _not_stated(text: str, i: int, start: int) -> bool:
    """Whether the words before position i deny it or name it as an indication."""
    before = text[max(start, i - 60) : i]
    return bool(_DENIED.search(before) or _TREATED.search(before))


@cache
def _entry(entry: str) -> re.Pattern[str]:
    """A word starting with `entry` (its spaces match any run of spaces)."""
    return re.compile(r"(?<![\w-])" + re.escape(entry.lower()).replace(r"\ ", r"\s+"))


@cache
def _any(entries: tuple[str, ...]) -> re.Pattern[str]:
    """A word starting with any of `entries`: one search instead of one per entry."""
    return re.compile("|".join(_entry(e).pattern for e in entries))


def _word_at(sentence: str, entries: list[str]) -> int:
    """Where a word starting with one of `entries` (the first that occurs, in their order)
    is in `sentence`, or -1."""
    for entry in entries:
        m = _entry(entry).search(sentence)
        if m:
            return m.start()
    return -1


@cache
def _heads(entries: tuple[str, ...]) -> tuple[str, ...]:
    """The first word of each entry: text that holds none of them matches no entry."""
    return tuple(e.lower().split(" ")[0] for e in entries)


def _may_mean(low: str, groups: list[list[str]]) -> bool:
    """Whether a lower-cased block holds the first word of an entry of every group:
    a sentence of it can state the caveat by meaning only then (a quick test before
    `_means` looks at each sentence)."""
    return all(any(h in low for h in _heads(tuple(g))) for g in groups)


def _means(sentence: str, groups: list[list[str]]) -> bool:
    if not all(g and _any(tuple(g)).search(sentence) for g in groups):
        return False
    return not _not_stated(sentence, _word_at(sentence, groups[0]), 0)


@cache
def _phrases(
    caveats: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (cid, tuple(dict.fromkeys(lower_same_length(p) for p in phrases if p)))
        for cid, phrases in caveats
    )


def _boundary(text: str, i: int) -> bool:
    """Whether `\\b` matches at position i of text."""
    before = i > 0 and _WORD_CHAR.match(text, i - 1) is not None
    after = i < len(text) and _WORD_CHAR.match(text, i) is not None
    return before != after


def stated(blocks: Sequence[str], drug: Drug | None) -> Stated:
    """The drug's caveats that the blocks state, in catalog order, with the blocks that
    state each."""
    if drug is None or not blocks:
        return {}
    text = lower_same_length(" ".join(blocks))
    starts = [0]
    for block in blocks[:-1]:
        starts.append(starts[-1] + len(block) + 1)
    found: Stated = {}
    caveats = {c.id: c for c in drug.caveats}
    lowered: dict[int, str] = {}  # block -> its lower-cased text, made when first needed
    for cid, phrases in _phrases(tuple((c.id, tuple(c.phrases)) for c in drug.caveats)):
        unless = [u.lower() for u in caveats[cid].unless]
        where: set[int] = set()
        for phrase in phrases:
            i = text.find(phrase)
            while i >= 0:
                b = bisect.bisect_right(starts, i) - 1
                end = starts[b] + len(blocks[b])
                j = i + len(phrase)
                if (
                    j <= end
                    and _boundary(text, i)
                    and _boundary(text, j)
                    and not _not_stated(text, i, starts[b])
                    and (not unless or _word_at(_sentence(text, i, starts[b], end), unless) < 0)
                ):
                    where.add(b)
                    i = text.find(phrase, end)  # the block states it: on to the next block
                else:
                    i = text.find(phrase, i + 1)
        groups = caveats[cid].meaning
        if groups:
            for b, block in enumerate(blocks):
                if b in where:
                    continue
                low = lowered.get(b)
                if low is None:
                    low = lowered[b] = lower_same_length(block)
                if _may_mean(low, groups) and any(
                    _means(s, groups) for s in _SENTENCE_END.split(low)
                ):
                    where.add(b)
        if where:
            found[cid] = frozenset(where)
    return found
