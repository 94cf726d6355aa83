"""Word lists of the sentence analysis, loaded from package data and compiled once.

Each file in ``kettools/language/lexicons/`` is a YAML mapping with ``groups`` (group
name -> list of entries). An entry is a lower-case regular-expression fragment; a
space matches any run of white space and `` ?`` optional white space. A whole file
compiles into ONE regular expression: an alternation with one capturing group per
lexicon group, longest entries first, anchored on word boundaries (no letter,
digit, ``_`` or ``-`` may touch either end of a match).

Matching runs on the lower-cased sentence, so the expressions are compiled without
``re.IGNORECASE``: this keeps the regex engine's fast literal checks on each branch.
How the entries become one fast expression is in ``lexicon_regex.py``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kettools.files import packaged
from kettools.language.lexicons.regex import LexiconError, compile_groups

PACKAGE = "kettools.language.lexicons"

#: Every lexicon file shipped, without the ``.yaml`` suffix.
NAMES = (
    "hedges",
    "boosters",
    "hype",
    "absolutes",
    "causal",
    "correlational",
    "conditional",
    "null_findings",
    "irrealis",
    "kinds",
    "population",
    "attribution",
    "instructions",
    "context",
)


@dataclass(frozen=True, slots=True)
class Match:
    group: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    groups: Mapping[str, tuple[str, ...]]
    meta: Mapping[str, Any]
    #: With ``separated``, the pattern matches the character before the entry too and
    #: runs on the string with a space in front (``finditer`` does this).
    pattern: re.Pattern[str]
    group_names: tuple[str, ...]  # capturing group number - 1 -> lexicon group name
    separated: bool = False

    def finditer(self, lowered: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Non-overlapping matches in an already lower-cased string, left to right."""
        stop = len(lowered) if end is None else end
        names = self.group_names
        if not self.separated:
            for m in self.pattern.finditer(lowered, start, stop):
                index = m.lastindex
                assert index is not None
                yield Match(names[index - 1], m.start(), m.end())
            return
        # In the padded string, index i holds lowered[i - 1]: a match whose separator
        # is at padded index i has its entry at lowered[i : m.end() - 1]. The next
        # search starts at the entry's end, whose last character may be the next
        # separator (as the look-behind at that position would see it).
        padded = _padded(lowered)
        search = self.pattern.search
        pos = start
        while (found := search(padded, pos, stop + 1)) is not None:
            index = found.lastindex
            assert index is not None
            pos = found.end() - 1
            yield Match(names[index - 1], found.start(), pos)

    def search_at(self, lowered: str, start: int, end: int) -> Match | None:
        """The first match inside ``lowered[start:end]``."""
        if self.separated:
            m = self.pattern.search(_padded(lowered), start, end + 1)
            if m is None or m.lastindex is None:
                return None
            return Match(self.group_names[m.lastindex - 1], m.start(), m.end() - 1)
        m = self.pattern.search(lowered, start, end)
        if m is None or m.lastindex is None:
            return None
        return Match(self.group_names[m.lastindex - 1], m.start(), m.end())


_last_padded: tuple[str, str] = ("", " ")


def _padded(lowered: str) -> str:
    """``" " + lowered``; the sentence analysis scans one string a dozen times."""
    global _last_padded
    last = _last_padded
    if last[0] is lowered:
        return last[1]
    padded = " " + lowered
    _last_padded = (lowered, padded)
    return padded


@functools.cache
def raw(name: str) -> dict[str, Any]:
    """The parsed YAML of one lexicon file (cached per process)."""
    data = packaged.load(PACKAGE, f"{name}.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise LexiconError(f"lexicon {name}: expected a mapping with 'groups'")
    return data


def raw_group(name: str, group: str) -> tuple[str, ...]:
    """The entries of one group of one lexicon file."""
    return tuple(str(e) for e in raw(name)["groups"][group])


@functools.cache
def load(name: str) -> Lexicon:
    """One lexicon, compiled (cached per process)."""
    data = raw(name)
    groups: dict[str, tuple[str, ...]] = {}
    for group, entries in data["groups"].items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise LexiconError(f"lexicon {name}: group {group!r} must be a list of strings")
        groups[str(group)] = tuple(entries)
    pattern, names, separated = compile_groups(name, groups)
    meta = {k: v for k, v in data.items() if k != "groups"}
    return Lexicon(name, groups, meta, pattern, names, separated)


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping every offset valid (characters whose lower case
    is longer than one code point are left as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
