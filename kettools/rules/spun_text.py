"""KT703: garbled, machine-spun renderings of medical terms."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

from kettools.claims.lexicon import lower_same_length
from kettools.models.catalog import Catalog
from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule
from kettools.rules.common import load_data, source_range

MAX_VARIANTS = 400  # per condition name: the product of the choices is capped


def _words(name: str) -> list[str]:
    return re.split(r"[\s-]+", name.lower())


def _key(text: str) -> str:
    return " ".join(_words(text))


# A variant's words never hold white space or a hyphen (names are split on them), so text
# is cut into chunks: maximal runs of other characters. A variant of n words covers n
# chunks: its first word ends its chunk, the middle words are whole chunks, the last
# word starts its chunk (case-insensitive, on the lower-cased block).
_CHUNK = re.compile(r"[^\s-]+")
_NON_WORD = re.compile(r"\W")

# first word -> second word -> (rank, words, display name); rank is the order a regular
# expression alternation would try them in (longest text first, then alphabetical)
Index = dict[str, dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]]


@cache
def _variants(names: tuple[tuple[str, str], ...]) -> Index:
    """Every spun variant as a tuple of lower-case words, by first word: (words, display
    name) in the order a regular-expression alternation would prefer them (longest
    text first, then alphabetical)."""
    synonyms: dict[str, list[str]] = load_data("spun_text.yaml")["synonyms"]
    meaning: dict[str, str] = {}
    for name, display in names:
        words = _words(name)
        if len(words) < 2:
            continue
        choices = [[w, *synonyms.get(w, [])] for w in words]
        for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
            if sum(1 for a, b in zip(combo, words, strict=True) if a != b) >= 2:
                meaning.setdefault(_key(" ".join(combo)), display)
    index: dict[str, dict[str, list[tuple[int, tuple[str, ...], str]]]] = {}
    for rank, key in enumerate(sorted(meaning, key=lambda k: (-len(k), k))):
        parts = tuple(key.split(" "))
        if all(parts):
            by_second = index.setdefault(parts[0], {})
            by_second.setdefault(parts[1], []).append((rank, parts, meaning[key]))
    return {
        first: {second: tuple(found) for second, found in seconds.items()}
        for first, seconds in index.items()
    }


def variants(catalog: Catalog) -> Index:
    return _variants(tuple((n, c.name) for c in catalog.conditions.values() for n in c.names))


def _starts(text: str, start: int, end: int) -> Iterator[int]:
    """Where a variant may start inside the chunk text[start:end]: not after a word
    character or a hyphen."""
    if start == 0 or (text[start - 1] != "-" and _NON_WORD.match(text, start - 1)):
        yield start
    for m in _NON_WORD.finditer(text, start, end - 1):
        yield m.end()


def variant_matches(index: Index, text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, display name) of each spun variant in `text`, left to right, not
    overlapping: the matches of one alternation `(?<![\\w-])(?:w1[\\s-]+w2...)(?![\\w-])`
    of every variant (IGNORECASE), found without compiling it."""
    if not index:
        return
    lowered = lower_same_length(text)
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(lowered)]
    after = 0  # like finditer: the next match starts after the last one
    for j, (cs, ce) in enumerate(chunks):
        if ce <= after or j + 1 == len(chunks):
            continue
        for p in _starts(lowered, max(cs, after), ce):
            by_second = index.get(lowered[p:ce])
            if by_second is None:
                continue
            found = _candidates(by_second, lowered, chunks[j + 1])
            for _, words, display in found:
                end = _match_end(lowered, chunks, j, words)
                if end is not None:
                    yield p, end, display
                    after = end
                    break
            else:
                continue
            break


def _candidates(
    by_second: dict[str, tuple[tuple[int, tuple[str, ...], str], ...]],
    lowered: str,
    chunk: tuple[int, int],
) -> list[tuple[int, tuple[str, ...], str]]:
    """Variants whose second word can stand in the next chunk: the whole chunk (a middle
    or last word), or the part before a non-word character (a last word followed by
    punctuation, as in "issue." or "issue's"), in alternation order."""
    s, e = chunk
    text = lowered[s:e]
    keys = {text, *(text[: m.start()] for m in _NON_WORD.finditer(text) if m.start())}
    found = [c for key in keys for c in by_second.get(key, ())]
    found.sort()
    return found


def _match_end(
    lowered: str, chunks: list[tuple[int, int]], j: int, words: tuple[str, ...]
) -> int | None:
    """The end of `words` read from chunk j on (its first word already matched)."""
    last = j + len(words) - 1
    if last >= len(chunks):
        return None
    for i in range(1, len(words) - 1):
        s, e = chunks[j + i]
        if lowered[s:e] != words[i]:
            return None
    s, e = chunks[last]
    end = s + len(words[-1])
    if end > e or lowered[s:end] != words[-1]:
        return None
    if end < len(lowered) and (lowered[end] == "-" or _NON_WORD.match(lowered, end) is None):
        return None
    return end


@cache
def fixed() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = load_data("spun_text.yaml")
    found = [
        (re.compile(rf"(?<![\w-])(?:{p['pattern']})(?![\w-])", re.IGNORECASE), p["means"])
        for p in data["phrases"]
    ]
    heads = "|".join(data["heads"])
    modifiers = "|".join(data["modifiers"])
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
    `kettools/rules/data/spun_text.yaml`:

    - known spun phrases ("sedative specialist", "mental shock", ...);
    - catalog condition names of two or more words with at least two words swapped
      for a spinner synonym ("tension confusion" for "anxiety disorder");
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
            for pattern, means in fixed():
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
