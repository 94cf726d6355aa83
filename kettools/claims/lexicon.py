"""Word lists of the sentence analysis, loaded from package data and compiled once.

Each file in ``kettools/claims/lexicons/`` is a YAML mapping with ``groups`` (group
name -> list of entries). An entry is a lower-case regular-expression fragment; a
space matches any run of white space and `` ?`` optional white space. A whole file
compiles into ONE regular expression: an alternation with one named group per
lexicon group, longest entries first, anchored on word boundaries (no letter,
digit, ``_`` or ``-`` may touch either end of a match).

Matching runs on the lower-cased sentence, so the expressions are compiled without
``re.IGNORECASE``: this keeps the regex engine's fast literal checks on each branch.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kettools import packaged

PACKAGE = "kettools.claims.lexicons"

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


class LexiconError(ValueError):
    """A lexicon file is malformed (a packaging bug, not user input)."""


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
    pattern: re.Pattern[str]
    group_names: tuple[str, ...]  # named group "g<i>" -> lexicon group name

    def finditer(self, lowered: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Non-overlapping matches in an already lower-cased string."""
        stop = len(lowered) if end is None else end
        for m in self.pattern.finditer(lowered, start, stop):
            index = m.lastindex
            assert index is not None
            yield Match(self.group_names[index - 1], m.start(), m.end())

    def search_at(self, lowered: str, start: int, end: int) -> Match | None:
        """The first match inside ``lowered[start:end]``."""
        m = self.pattern.search(lowered, start, end)
        if m is None or m.lastindex is None:
            return None
        return Match(self.group_names[m.lastindex - 1], m.start(), m.end())


def entry_to_regex(entry: str) -> str:
    """Turn one lexicon entry into a regular expression fragment."""
    return entry.replace(" ?", r"\s*").replace(" ", r"\s+")


def _leading_group(entry: str) -> tuple[list[str], str] | None:
    """An entry opening with a non-capturing group: its alternatives and the rest."""
    if not entry.startswith("(?:"):
        return None
    depth, end = 0, -1
    for i, c in enumerate(entry):
        if c == "\\":
            continue
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            end = i
            break
    if end < 0:
        return None
    alternatives, depth, start = [], 0, 3
    for i in range(3, end):
        c = entry[i]
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0 and entry[i - 1] != "\\":
            alternatives.append(entry[start:i])
            start = i + 1
    alternatives.append(entry[start:end])
    return alternatives, entry[end + 1 :]


def first_chars(entry: str) -> set[str] | None:
    """The characters an entry's match can start with, or None when unknown."""
    if not entry:
        return None
    group = _leading_group(entry)
    if group is not None:
        alternatives, rest = group
        if rest[:1] in ("?", "*", "{"):
            return None
        chars: set[str] = set()
        for alternative in alternatives:
            found = first_chars(alternative)
            if found is None:
                return None
            chars |= found
        return chars
    if entry.startswith("\\d"):
        return set("0123456789")
    first = entry[0]
    if first.isalnum() and entry[1:2] not in ("?", "*", "{"):
        return {first}
    return None


def _spread(entry: str) -> list[str]:
    """ "(?:is|are) effective" -> ["is effective", "are effective"], in order.

    The same matches in the same order of preference, but each alternative now
    starts with a literal, which the regex engine rejects at a glance.
    """
    group = _leading_group(entry)
    if group is None or group[1][:1] in ("?", "*", "+", "{"):
        return [entry]
    return [e for alternative in group[0] for e in _spread(alternative + group[1])]


def _compile(
    name: str, groups: Mapping[str, tuple[str, ...]]
) -> tuple[re.Pattern[str], tuple[str, ...]]:
    parts: list[str] = []
    names: list[str] = []
    for group, entries in groups.items():
        alternatives = sorted(entries, key=lambda e: (-len(e), e))
        body = "|".join(entry_to_regex(e) for a in alternatives for e in _spread(a))
        starts: set[str] = set()
        for e in alternatives:
            found = first_chars(e)
            if found is None:
                starts.clear()
                break
            starts |= found
        guard = "(?=[" + re.escape("".join(sorted(starts))) + "])" if starts else ""
        parts.append(f"{guard}(?P<g{len(names)}>{body})")
        names.append(group)
    try:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    except re.error as exc:
        raise LexiconError(f"lexicon {name}: {exc}") from exc
    return pattern, tuple(names)


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
    pattern, names = _compile(name, groups)
    meta = {k: v for k, v in data.items() if k != "groups"}
    return Lexicon(name, groups, meta, pattern, names)


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping every offset valid (characters whose lower case
    is longer than one code point are left as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
