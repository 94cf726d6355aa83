"""Where an article states its drug's catalog caveats.

A caveat is stated in a block when one of its phrases occurs there as whole words, in
any case. Blocks are searched one at a time in effect (a phrase never spans two
blocks), but each caveat's pattern runs once over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache

from kettools.models.catalog import Drug


@cache
def _caveat_patterns(
    caveats: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for cid, phrases in caveats:
        body = "|".join(re.escape(p) for p in phrases)
        # a lookahead on the phrases' first letters lets the engine skip most positions
        # before trying every phrase (the same matches, several times faster)
        firsts = {p[0] for p in phrases if p}
        guard = f"(?=[{re.escape(''.join(sorted(firsts)))}])" if all(phrases) and firsts else ""
        compiled.append((cid, re.compile(rf"\b{guard}(?:{body})\b", re.IGNORECASE)))
    return tuple(compiled)


def caveat_patterns(drug: Drug) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(id, pattern) of each of the drug's caveats, in catalog order, compiled once."""
    return _caveat_patterns(tuple((c.id, tuple(c.phrases)) for c in drug.caveats))


Stated = dict[str, frozenset[int]]  # caveat id -> the blocks that state it


def stated(blocks: Sequence[str], drug: Drug | None) -> Stated:
    """The drug's caveats that the blocks state, in catalog order, with the blocks that
    state each."""
    if drug is None or not blocks:
        return {}
    text = " ".join(blocks)
    starts = [0]
    for block in blocks[:-1]:
        starts.append(starts[-1] + len(block) + 1)
    found: Stated = {}
    for cid, pattern in caveat_patterns(drug):
        where: set[int] = set()
        for m in pattern.finditer(text):
            first = bisect.bisect_right(starts, m.start()) - 1
            if m.end() <= starts[first] + len(blocks[first]):
                where.add(first)
            else:  # across a block boundary: look in each block it touches on its own
                last = bisect.bisect_right(starts, m.end() - 1) - 1
                where.update(i for i in range(first, last + 1) if pattern.search(blocks[i]))
        if where:
            found[cid] = frozenset(where)
    return found
