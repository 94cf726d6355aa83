"""KT703: garbled, machine-spun renderings of medical terms."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import load_data, phrases, source_range
from kettools.files import state
from kettools.language.lexicons import lower_same_length
from kettools.models.catalog import Catalog
from kettools.models.finding import Finding, Severity

MAX_VARIANTS = 400  # per condition name: the product of the choices is capped


_SEPARATOR = re.compile(r"[\s-]+")


def _words(name: str) -> list[str]:
    return _SEPARATOR.split(name.lower())


def _key(text: str) -> str:
    return " ".join(_words(text))


# A variant's words never hold white space or a hyphen (names are split on them), so text
# is cut into chunks: maximal runs of other characters. A variant of n words covers n
# chunks: its first word ends its chunk, the middle words are whole chunks, the last
# word starts its chunk (case-insensitive, on the lower-cased block).
_CHUNK = re.compile(r"[^\s-]+")
_NON_WORD = re.compile(r"\W")
_DATA = "spun_text.yaml"


@dataclass
class Node:
    """A trie node: the words that may follow, and the variant that ends here as
    (rank, display name); rank is the order a regular-expression alternation would try
    the variants in (longest text first, then alphabetical)."""

    next: dict[str, Node] = field(default_factory=dict)
    ends: tuple[int, str] | None = None


class Index(NamedTuple):
    words: dict[str, Node]  # first word -> the rest of its variants
    # where a variant may start: a first word, not after a word character or a hyphen,
    # ending its chunk. Searched in the text with a space put in front (`_spaced`): the
    # character before the word is consumed, so a match's start is the word's start in
    # the text, and the engine skips word characters fast (a look-behind first would
    # make it try every position; kettools/language/lexicons/regex.py does the same).
    starts: re.Pattern[str]


@cache
def _variants(names: tuple[tuple[str, str], ...]) -> Index:
    """Every spun variant as a tuple of lower-case words, by first word: (words, display
    name) in the order a regular-expression alternation would prefer them (longest
    text first, then alphabetical)."""
    synonyms: dict[str, list[str]] = load_data("spun_text.yaml")["synonyms"]

    def build() -> dict[str, list[tuple[int, list[str], str]]]:
        meaning: dict[str, str] = {}
        for name, display in names:
            words = _words(name)
            if len(words) < 2:
                continue
            choices = [[w, *synonyms.get(w, [])] for w in words]
            for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
                if sum(1 for a, b in zip(combo, words, strict=True) if a != b) >= 2:
                    meaning.setdefault(_key(" ".join(combo)), display)
        grouped: dict[str, list[tuple[int, list[str], str]]] = {}
        for rank, key in enumerate(sorted(meaning, key=lambda k: (-len(k), k))):
            parts = key.split(" ")
            if all(parts):
                grouped.setdefault(parts[0], []).append((rank, parts[1:], meaning[key]))
        return grouped

    # the variants are kept in the loaded-state cache (9 ms of a one-file check), and a
    # first word's trie is built when a text holds it (building all took 5 ms)
    module = sys.modules[__name__]
    grouped = state.cached("spun-variants", [repr(names), repr(synonyms), module], build)
    firsts = "|".join(re.escape(w) for w in sorted(grouped, key=lambda w: (-len(w), w)))
    starts = rf"[^\w-](?=({firsts})[\s-])" if firsts else r"(?!)"
    return Index(_Roots(grouped), re.compile(starts))


class _Roots(dict[str, Node]):
    """The trie's first words, each built into its trie when first looked up:
    first word -> (rank, the other words, display name) of its variants, in rank order."""

    def __init__(self, grouped: dict[str, list[tuple[int, list[str], str]]]) -> None:
        super().__init__()
        self.grouped = grouped

    def __missing__(self, first: str) -> Node:
        root = Node()
        for rank, rest, display in self.grouped[first]:
            node = root
            for word in rest:
                node = node.next.setdefault(word, Node())
            node.ends = (rank, display)
        self[first] = root
        return root


def variants(catalog: Catalog) -> Index:
    """Spun variants of the catalog's condition names and of the common medical terms
    listed in the rule's data."""
    terms = tuple((t["name"], t["means"]) for t in load_data("spun_text.yaml")["terms"])
    names = tuple((n, c.name) for c in catalog.conditions.values() for n in c.names)
    return _variants(names + terms)


def variant_matches(index: Index, text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, display name) of each spun variant in `text`, left to right, not
    overlapping: the matches of one alternation `(?<![\\w-])(?:w1[\\s-]+w2...)(?![\\w-])`
    of every variant (IGNORECASE), found without compiling it."""
    lowered = lower_same_length(text)
    after = 0  # like finditer: the next match starts after the last one
    for m in index.starts.finditer(_spaced(lowered)):
        p = m.start()
        if p < after:
            continue
        first = m.group(1)
        # the first word ends its chunk (a space or a hyphen follows it): the chunks
        # after it are cut from there, only as far as a variant reads on
        following = ((c.start(), c.end()) for c in _CHUNK.finditer(lowered, p + len(first)))
        found = _best(index.words[first], lowered, following)
        if found is not None:
            yield p, found[0], found[1]
            after = found[0]


def _best(node: Node, lowered: str, chunks: Iterator[tuple[int, int]]) -> tuple[int, str] | None:
    """(end, display name) of the first variant in alternation order that reads on over
    the chunks after its first word: middle words fill a whole chunk; the last word
    starts its chunk and ends it or stops before a non-word character that is not a
    hyphen ("issue." or "issue's")."""
    best: tuple[int, int, str] | None = None
    for s, e in chunks:
        if not node.next:
            break
        ends = [m.start() for m in _NON_WORD.finditer(lowered, s + 1, e)]
        if e == len(lowered) or lowered[e] != "-":
            ends.append(e)
        for end in ends:
            last = node.next.get(lowered[s:end])
            if last is not None and last.ends and (best is None or last.ends[0] < best[0]):
                best = (last.ends[0], end, last.ends[1])
        node = node.next.get(lowered[s:e], Node())
    return None if best is None else (best[1], best[2])


def _spaced(text: str) -> str:
    """`text` with a space in front, for a pattern that consumes the character before
    its match (`[^\\w-]`) instead of looking behind: offset i of it is offset i - 1 of
    `text`, so a match's start is the text offset of the word after that character."""
    return " " + text


@cache
def any_fixed() -> re.Pattern[str]:
    """One pattern that matches `_spaced(text)` where any fixed phrase matches `text`:
    blocks without a match (most of them) skip the phrase-by-phrase search."""
    spun = "|".join(phrases(_DATA, "phrases"))
    modifiers = "|".join(phrases(_DATA, "modifiers"))
    return re.compile(rf"[^\w-](?:{spun}|(?:{modifiers})\s)", re.IGNORECASE)


@cache
def fixed() -> tuple[tuple[re.Pattern[str], str], ...]:
    means = [p["means"] for p in load_data(_DATA)["phrases"]]
    found = [
        (re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE), m)
        for p, m in zip(phrases(_DATA, "phrases"), means, strict=True)
    ]
    heads = "|".join(phrases(_DATA, "heads"))
    modifiers = "|".join(phrases(_DATA, "modifiers"))
    found.append(
        (
            re.compile(rf"(?<![\w-])(?:{modifiers})\s+(?:{heads})(?![\w-])", re.IGNORECASE),
            "a disorder (a spinner's synonyms for a symptom and 'disorder')",
        )
    )
    return tuple(found)


class SpunText(Rule):
    """Machine-spun text: medical terms replaced by garbled synonyms ("unhappiness issue").

    Article spinners swap words for thesaurus synonyms to disguise copied text, and
    turn "depressive disorder" into "unhappiness issue" and "post-traumatic stress
    disorder" into "post-horrendous pressure issue". Three signals, in
    `kettools/checks/rules/data/spun_text.yaml`:

    - known spun phrases ("sedative specialist", "mental shock", ...);
    - catalog condition names, and common medical terms listed in the data
      ("evidence-based treatments", "side effects", "mental health care"), of two or
      more words with at least two words swapped for a spinner synonym ("tension
      confusion" for "anxiety disorder", "remedy-resistant despair" for
      "treatment-resistant depression", "aspect results" for "side effects");
    - a spinner's symptom word ("unhappiness", "nervousness", "horrendous") right before
      a spinner's word for disorder ("issue", "confusion", "turmoil").

    Precision over recall: only word pairs that do not occur in ordinary health prose
    are used (one swapped word is not enough: "major problem", "blood pressure issue"
    and "social worry" never match), so a lone spun word ("unhappiness" for
    "depression") is missed unless the lexicon lists it.

    Failing:

        Our sedative specialists help clients beat their unhappiness issue.

    Passing:

        Our anaesthetists help people with depression.
    """

    code = "KT703"
    name = "spun-text"
    category = "content-hygiene"
    severity = Severity.error
    help = (
        "Rewrite the passage in your own words with the proper medical term; spun text is "
        "usually copied."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        index = variants(ctx.catalog)
        for block in ctx.article.blocks:
            taken: list[tuple[int, int]] = []
            phrases = fixed() if any_fixed().search(_spaced(block.plain)) else ()
            for pattern, means in phrases:
                for m in pattern.finditer(block.plain):
                    if any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    yield self._found(ctx, block.offsets, m.start(), m.end(), m.group(), means)
            for start, end, means in variant_matches(index, block.plain):
                if any(a < end and start < b for a, b in taken):
                    continue
                taken.append((start, end))
                yield self._found(ctx, block.offsets, start, end, block.plain[start:end], means)

    def _found(
        self, ctx: Context, offsets: list[int], a: int, b: int, text: str, means: str
    ) -> Finding:
        start, end = source_range(offsets, a, b)
        return self.finding(ctx, start, end, f"'{text}' looks machine-spun (for {means})")
