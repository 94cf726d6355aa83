"""Where an article states its drug's catalog caveats.

A caveat is stated in a block when one of its phrases occurs there as whole words
(a word boundary, as regular expressions define `\\b`, at both ends), in any case. A
phrase never spans two blocks. Each phrase is looked for with `str.find` over the
lower-cased text of all blocks: one pass per phrase, several times faster than a
case-insensitive alternation of the phrases. An empty phrase states nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache

from kettools.claims.lexicon import lower_same_length
from kettools.models.catalog import Drug

Stated = dict[str, frozenset[int]]  # caveat id -> the blocks that state it

_WORD_CHAR = re.compile(r"\w")


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
    for cid, phrases in _phrases(tuple((c.id, tuple(c.phrases)) for c in drug.caveats)):
        where: set[int] = set()
        for phrase in phrases:
            i = text.find(phrase)
            while i >= 0:
                b = bisect.bisect_right(starts, i) - 1
                end = starts[b] + len(blocks[b])
                j = i + len(phrase)
                if j <= end and _boundary(text, i) and _boundary(text, j):
                    where.add(b)
                    i = text.find(phrase, end)  # the block states it: on to the next block
                else:
                    i = text.find(phrase, i + 1)
        if where:
            found[cid] = frozenset(where)
    return found
