"""How a lexicon's entries become one fast regular expression.

An entry arrives here as the regular-expression fragment its notation compiles to
(``notation.py``); a space matches any run of white space and `` ?`` optional white
space. A lexicon compiles into ONE expression: an
alternation with one capturing group per lexicon group, longest entries first,
anchored on word boundaries (no letter, digit, ``_`` or ``-`` may touch either end).

Speed (the output is the same as with the plain form above):

* Entries that open with the same character are gathered under it
  (``r(?:educe|aise)``), so a position is rejected by its first character rather
  than by trying every entry (``_factor``).
* A pattern that opens with a look-behind is tried by the regex engine at every
  position of the string. So the left boundary is written as a consumed character
  instead, ``[^\\w-]`` (one that is not a letter, digit, ``_`` or ``-``), which the
  engine finds with its fast character-set scan; `Lexicon.finditer` scans the string
  with one space put in front and translates the offsets back. A lexicon whose
  entries look behind or anchor at the start of the string keeps the look-behind
  (word boundaries, lookaheads and ``$`` inside entries see the same text either way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from kettools.errors import KettoolsError


class LexiconError(KettoolsError):
    """A lexicon file is malformed (a packaging bug, not user input)."""


_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")  # a character class: "[- ]"


def entry_to_regex(entry: str) -> str:
    """Turn one lexicon entry into a regular expression fragment: a space is a run of
    white space (" ?" an optional one), and inside a character class ("[- ]", hyphen or
    space) one white-space character."""
    parts = []
    last = 0
    for found in _CLASS.finditer(entry):
        parts.append(_spaces(entry[last : found.start()]))
        parts.append(found.group().replace(" ", r"\s"))
        last = found.end()
    parts.append(_spaces(entry[last:]))
    return "".join(parts)


def _spaces(text: str) -> str:
    return text.replace(" ?", r"\s*").replace(" ", r"\s+")


def _structure(entry: str) -> Iterator[tuple[int, str]]:
    """The characters of ``entry`` that can open, close or split a group: none that is
    escaped (``\\(``) or inside a character class (``[(|)]``)."""
    i, n = 0, len(entry)
    while i < n:
        c = entry[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 2 if entry.startswith("[]", i) or entry.startswith("[^]", i) else 1
            while i < n and entry[i] != "]":
                i += 2 if entry[i] == "\\" else 1
        elif c in "()|":
            yield i, c
        i += 1


def _leading_group(entry: str) -> tuple[list[str], str] | None:
    """An entry opening with a non-capturing group: its alternatives and the rest."""
    if not entry.startswith("(?:"):
        return None
    depth, start = 0, 3
    alternatives: list[str] = []
    for i, c in _structure(entry):
        if c == "|" and depth == 1:
            alternatives.append(entry[start:i])
            start = i + 1
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            alternatives.append(entry[start:i])
            return alternatives, entry[i + 1 :]
    return None


def _spread(entry: str) -> list[str]:
    """ "(?:is|are) effective" -> ["is effective", "are effective"], in order.

    The same matches in the same order of preference, but each alternative now
    starts with a literal, which the regex engine rejects at a glance. An optional
    opening group is tried first, then left out ("(?:very )?low" -> "very low",
    "low"); an opening digit becomes each digit ("\\d+ mg" -> "0\\d* mg", ...).
    """
    if entry.startswith("\\d"):
        if entry[2:3] == "+" and entry[3:4] not in ("?", "+"):
            return [d + "\\d*" + entry[3:] for d in _DIGITS]
        if entry[2:3] not in _QUANTIFIERS:
            return [d + entry[2:] for d in _DIGITS]
        return [entry]
    group = _leading_group(entry)
    if group is None:
        return [entry]
    alternatives, rest = group
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        return [e for a in alternatives for e in _spread(a + rest[1:])] + _spread(rest[1:])
    if rest[:1] in _QUANTIFIERS:
        return [entry]
    return [e for alternative in alternatives for e in _spread(alternative + rest)]


#: A spread entry may be at most this many times as long as the entry, a guard against
#: an entry whose opening groups multiply. Today every shipped entry spreads within it
#: (60 of 1,515 entries grow past 3 times, the largest 13 times). Spread entries make
#: the lexicons 2.1 times as long and take 0.08 s more to compile, which happens once
#: per machine (the compiled patterns are kept, ``kettools/files/patterns.py``); they
#: are matched 28 % faster (the analysed lexicons over 5,476 sentences: 0.436 s ->
#: 0.314 s), since each entry then opens with a letter and a lexicon is bucketed by
#: first letter across all its groups.
_SPREAD_BUDGET = 20


def _spread_within_budget(entry: str) -> list[str]:
    """`_spread`, unless the spread form is too long to be worth compiling."""
    spread = _spread(entry)
    return spread if sum(map(len, spread)) <= _SPREAD_BUDGET * len(entry) else [entry]


_DIGITS = "0123456789"
_QUANTIFIERS = ("?", "*", "+", "{")


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: Letters English words most often begin with, most common first (t, a, o, i, s, w, c,
#: ... as any frequency table has them). The engine tries the alternatives of an
#: alternation in turn, so the buckets of common first letters go first: a position is
#: settled after fewer tries. Buckets open with different characters, so their order
#: changes no match (5 % less time in the analysed lexicons).
_COMMON_FIRST = "taoiswcbphfmdrelngyuvjkqxz0123456789"


def _rank(lead: str) -> int:
    """Where a bucket opening with `lead` goes in an alternation."""
    return _COMMON_FIRST.index(lead) if lead in _COMMON_FIRST else len(_COMMON_FIRST)


_FACTOR_DEPTH = 3


def _lead(entry: str) -> str | None:
    """The first character of ``entry`` when it is a plain letter or digit that every
    match starts with (not quantified, not an escape or group), else None."""
    if entry[:1] in _PLAIN and entry[1:2] not in _QUANTIFIERS:
        return entry[0]
    return None


def _factor(entries: list[str], depth: int = _FACTOR_DEPTH) -> str:
    """One alternation of ``entries`` (in order of preference), as a regex.

    Entries that open with the same plain character are gathered under it
    ("reduce|raise|relieve" -> "r(?:educe|aise|elieve)"), recursively to ``depth``
    characters, the buckets of common first letters first (`_rank`). The regex engine
    then rejects a position by its first character instead of trying every entry.
    Only entries that cannot match at the same place (different first characters)
    change their relative order, so the first entry that matches is the same: the
    matches are identical. An entry that opens with anything else (a group, an
    escape, a class) keeps its place: the entries before it and after it are factored
    separately.
    """
    out: list[str] = []
    segment: dict[str, list[str]] = {}
    for entry in entries:
        lead = _lead(entry) if depth > 0 else None
        if lead is None:
            out.extend(_buckets(segment, depth))
            segment = {}
            out.append(entry_to_regex(entry))
        else:
            segment.setdefault(lead, []).append(entry[1:])
    out.extend(_buckets(segment, depth))
    return "|".join(out)


def _buckets(segment: dict[str, list[str]], depth: int) -> list[str]:
    parts = []
    for lead, rests in sorted(segment.items(), key=lambda kv: _rank(kv[0])):
        if len(rests) == 1:
            parts.append(lead + entry_to_regex(rests[0]))
        else:
            parts.append(lead + "(?:" + _factor(rests, depth - 1) + ")")
    return parts


# What a separator cannot stand in for: entries that look behind or anchor at the start
# of the string (the space put in front would be seen). A word boundary, `$` or `\Z`
# sees the same characters either way: the one before an entry is not a letter, digit,
# `_` or `-` in both, and the string's end is the same.
_ANCHORED = re.compile(r"\(\?<[=!]|\\A|(?<!\[)\^")


def compile_groups(
    name: str, groups: Mapping[str, tuple[str, ...]]
) -> tuple[re.Pattern[str], tuple[str, ...], bool]:
    r"""One pattern for a lexicon, and the lexicon group of each capturing group.

    The plain form is ``(?<![\w-])(?:(g0 entries)|(g1 entries)|...)(?![\w-])``, each
    group's entries longest first. When every entry opens with a plain character,
    the groups are gathered under it across groups too ("r(?:(educe|aise)|(isk))"),
    in group order, so the first entry that matches is the same.
    """
    spread = [
        [e for a in sorted(entries, key=lambda e: (-len(e), e)) for e in _spread_within_budget(a)]
        for entries in groups.values()
    ]
    group_list = list(groups)
    index: list[str] = []  # capturing group number - 1 -> lexicon group
    if all(_lead(e) is not None for entries in spread for e in entries):
        buckets: dict[str, list[list[str]]] = {}
        for g, entries in enumerate(spread):
            for e in entries:
                buckets.setdefault(e[0], [[] for _ in spread])[g].append(e[1:])
        parts = []
        for lead, per_group in sorted(buckets.items(), key=lambda kv: _rank(kv[0])):
            inner = []
            for g, rests in enumerate(per_group):
                if rests:
                    inner.append("(" + _factor(rests, _FACTOR_DEPTH - 1) + ")")
                    index.append(group_list[g])
            parts.append(lead + "(?:" + "|".join(inner) + ")")
    else:
        parts = []
        for g, entries in enumerate(spread):
            parts.append("(" + _factor(entries) + ")")
            index.append(group_list[g])
    separated = not any(_ANCHORED.search(e) for es in groups.values() for e in es)
    left = r"[^\w-]" if separated else r"(?<![\w-])"
    try:
        pattern = re.compile(left + "(?:" + "|".join(parts) + r")(?![\w-])")
    except re.error as exc:
        raise LexiconError(f"lexicon {name}: {exc}") from exc
    if pattern.groups != len(index):
        raise LexiconError(f"lexicon {name}: an entry has a capturing group; use (?:...)")
    return pattern, tuple(index), separated
