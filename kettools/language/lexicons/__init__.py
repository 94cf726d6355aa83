"""Word lists of the sentence analysis, loaded from package data and compiled once.

Each file in ``kettools/language/lexicons/`` is a YAML mapping with ``groups`` (group
name -> list of entries); README.md in that folder is the editors' guide. An entry is
a lower-case phrase in the lexicon notation (``notation.py``), with ``{slot}`` and
``{wildcard}`` names from ``slots.yaml`` and, optionally, ``exceptions``. `raw` turns
every entry into a regular-expression fragment, in which a space matches any run of
white space and an optional space, ``[ ]``, optional white space.

A whole file compiles into ONE regular expression: an alternation with one capturing
group per lexicon group, longest entries first, anchored on word boundaries (no
letter, digit, ``_`` or ``-`` may touch either end of a match). Matching runs on the
lower-cased sentence, so the expressions are compiled without ``re.IGNORECASE``: this
keeps the regex engine's fast literal checks on each branch. How the fragments become
one fast expression is in ``regex.py``; ``lint.py`` checks the files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from kettools.files import packaged, state
from kettools.language.lexicons import regex as _regex
from kettools.language.lexicons.notation import (
    NotationError,
    Vocabulary,
    Wildcard,
    compile_entry,
    to_regex,
)
from kettools.language.lexicons.regex import LexiconError, compile_groups, entry_to_regex

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


class Match(NamedTuple):
    group: str
    start: int
    end: int


class Lexicon(NamedTuple):
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
def source(name: str) -> dict[str, Any]:
    """The YAML of one lexicon file as an editor wrote it (cached per process)."""
    data = packaged.load(PACKAGE, f"{name}.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise LexiconError(f"lexicon {name}: expected a mapping with 'groups'")
    return data


@functools.cache
def vocabulary() -> Vocabulary:
    """The slots and wildcards of ``slots.yaml``, which entries name in braces."""
    data = packaged.load(PACKAGE, "slots.yaml")
    slots = {str(k): tuple(str(p) for p in v) for k, v in (data.get("slots") or {}).items()}
    wildcards = {
        str(k): Wildcard(str(v["regex"]), str(v["means"]))
        for k, v in (data.get("wildcards") or {}).items()
    }
    return Vocabulary(slots, wildcards)


class Entry(NamedTuple):
    """One entry as written: a phrase with its exceptions, or a ``pattern``."""

    group: str
    phrase: str | None
    exceptions: tuple[str, ...]
    pattern: str | None
    why: str | None


def entries(name: str) -> Iterator[Entry]:
    """Every entry of a lexicon file, with the exceptions of its group."""
    for group, body in source(name)["groups"].items():
        shared: tuple[str, ...] = ()
        items = body
        if isinstance(body, dict):
            shared = tuple(body.get("exceptions") or ())
            items = body.get("entries")
        if not isinstance(items, list):
            raise LexiconError(f"lexicon {name}: group {group!r} must be a list of entries")
        for item in items:
            if isinstance(item, str):
                yield Entry(str(group), item, shared, None, None)
            elif isinstance(item, dict) and isinstance(item.get("phrase"), str):
                own = tuple(item.get("exceptions") or ())
                yield Entry(str(group), item["phrase"], shared + own, None, None)
            elif isinstance(item, dict) and isinstance(item.get("pattern"), str):
                yield Entry(str(group), None, shared, item["pattern"], item.get("why"))
            else:
                raise LexiconError(f"lexicon {name}: group {group!r}: cannot read {item!r}")


def entry_regex(name: str, entry: Entry) -> str:
    """The regular-expression fragment of one entry."""
    if entry.pattern is not None:
        return entry.pattern
    assert entry.phrase is not None
    try:
        return compile_entry(entry.phrase, entry.exceptions, vocabulary())
    except NotationError as exc:
        raise LexiconError(
            f"lexicon {name}, group {entry.group}: {exc} "
            "(python -m kettools.language.lexicons.lint shows how to write it)"
        ) from exc


def _meta_regex(value: Any) -> Any:
    """A word list beside the groups (``negated_by: [...]``), compiled like entries."""
    if isinstance(value, list):
        return [to_regex(v, vocabulary()) if isinstance(v, str) else v for v in value]
    if isinstance(value, dict):
        return {k: _meta_regex(v) for k, v in value.items()}
    return value


#: Every lexicon file translated, shipped beside them so that a start-up reads one JSON
#: file (1 ms) instead of the YAML and the notation (21 ms). It is used only when its
#: digest is that of the YAML files (and notation.py) as they are: an edited lexicon is
#: translated at load.
#: ``python -m kettools.language.lexicons.lint --write`` makes it; a test checks it.
COMPILED = "compiled.json"


def digest() -> str:
    """The SHA-256 of every lexicon file, slots.yaml and the notation's code, in order."""
    folder = packaged.package_dir(PACKAGE)
    sha = hashlib.sha256()
    for name in (*(f"{n}.yaml" for n in NAMES), "slots.yaml", "notation.py"):
        sha.update(folder.joinpath(name).read_bytes())
    return sha.hexdigest()


def compiled_form() -> dict[str, Any]:
    """What `COMPILED` holds: the digest, and `translate` of every lexicon."""
    return {"digest": digest(), "lexicons": {name: translate(name) for name in NAMES}}


@functools.cache
def _shipped() -> dict[str, Any]:
    """The lexicons of `COMPILED`, or none when it is missing or not current."""
    try:
        data = json.loads(packaged.package_dir(PACKAGE).joinpath(COMPILED).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("digest") != digest():
        return {}
    lexicons = data.get("lexicons")
    return lexicons if isinstance(lexicons, dict) else {}


@functools.cache
def raw(name: str) -> dict[str, Any]:
    """One lexicon file with every entry as a regular-expression fragment (cached)."""
    shipped = _shipped().get(name)
    return shipped if isinstance(shipped, dict) else translate(name)


def translate(name: str) -> dict[str, Any]:
    """`raw`, from the YAML: every entry and word list through the notation."""
    data = source(name)
    groups: dict[str, list[str]] = {str(g): [] for g in data["groups"]}
    for entry in entries(name):
        groups[entry.group].append(entry_regex(name, entry))
    compiled = {k: _meta_regex(v) for k, v in data.items() if k not in ("description", "groups")}
    compiled["description"] = data.get("description")
    compiled["groups"] = groups
    return compiled


def raw_group(name: str, group: str) -> tuple[str, ...]:
    """The entries of one group of one lexicon file."""
    return tuple(str(e) for e in raw(name)["groups"][group])


# The word lists that modules of the analysis join into their own expressions (the
# context lexicon's groups, by default): the module adds only the structure.


def words(group: str, name: str = "context") -> str:
    """The entries of one group, as one alternation (a space is any white space)."""
    return "|".join(map(entry_to_regex, raw_group(name, group)))


def exact(group: str, name: str = "context") -> str:
    """`words`, where a space in an entry is one space (not any white space)."""
    return "|".join(raw_group(name, group))


def word_set(group: str, name: str = "context") -> frozenset[str]:
    """The entries of one group of one-word entries, as a set."""
    return frozenset(raw_group(name, group))


@functools.cache
def load(name: str) -> Lexicon:
    """One lexicon, compiled (cached per process)."""
    data = raw(name)
    groups: dict[str, tuple[str, ...]] = {}
    for group, entries in data["groups"].items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise LexiconError(f"lexicon {name}: group {group!r} must be a list of strings")
        groups[str(group)] = tuple(entries)

    def build() -> tuple[str, tuple[str, ...], bool]:
        pattern, names, separated = compile_groups(name, groups)
        return pattern.pattern, names, separated

    # Joining the groups into one expression (compile_groups) was about 12 ms of a
    # one-file check; the loaded-state cache keeps the expression's text.
    text, names, separated = state.cached(f"lexicon-{name}", [repr(groups), _regex], build)
    pattern = re.compile(text)
    meta = {k: v for k, v in data.items() if k != "groups"}
    return Lexicon(name, groups, meta, pattern, names, separated)


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping every offset valid (characters whose lower case
    is longer than one code point are left as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
