"""Helpers the rules share: data files, locating text, sections, the article's drug.

Not a rule module: it defines no Rule subclass.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache
from types import ModuleType
from typing import Any, NamedTuple

from kettools.checks.rules.base import Context
from kettools.claims.records import sections
from kettools.files import packaged, state
from kettools.ingest.document import Block, Sentence
from kettools.language.caveats import Stated, stated
from kettools.language.lexicons import lists, lower_same_length
from kettools.language.lexicons import pieces as literal_pieces
from kettools.language.lexicons.lists import file_vocabulary
from kettools.language.lexicons.notation import Vocabulary
from kettools.models.catalog import Catalog, Drug, Status
from kettools.models.claims import ClaimRecord


@cache
def load_data(name: str) -> Any:
    """A YAML file from `kettools/checks/rules/data/`."""
    return packaged.load("kettools.checks.rules", f"data/{name}")


@cache
def _vocabulary(name: str) -> Vocabulary:
    """The lexicons' slots and wildcards, with the file's own ``slots:`` added."""
    return file_vocabulary(load_data(name).get("slots"))


@cache
def phrases(name: str, key: str, *, bounded: bool = False) -> tuple[str, ...]:
    """The list `key` of a data file, each entry a regular-expression fragment.

    Entries are written in the lexicons' notation (kettools/language/lexicons/README.md):
    a phrase is translated as a lexicon entry is (a space matches any run of white
    space, an optional space ``[ ]`` none or more); with `bounded`, on word boundaries
    (``\\b`` either side). An entry may be a mapping with its ``phrase`` (and keys that
    describe it); one with a ``pattern`` and its ``why`` is the escape hatch, used as
    written, boundaries included.
    """
    return tuple(
        rf"\b(?:{regex})\b" if bounded and not is_pattern else regex
        for regex, is_pattern in translate(name, load_data(name)[key])
    )


def translate(name: str, entries: list[Any]) -> list[tuple[str, bool]]:
    """Each entry of a list of data file `name` as an expression, and whether it is a
    ``pattern:`` (used as written) rather than a phrase in the notation
    (`kettools.language.lexicons.lists.translate`)."""
    return [(t.whole, t.pattern) for t in lists.translate(entries, _vocabulary(name))]


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The list `key` of a data file as a set of plain words (no notation in them)."""
    return frozenset(str(w) for w in load_data(name)[key])


def source_range(offsets: list[int], a: int, b: int) -> tuple[int, int]:
    """Source offsets of plain characters `a`..`b` (end exclusive) of a block or sentence."""
    return offsets[a], offsets[b - 1] + 1


def body_blocks(ctx: Context) -> Iterator[tuple[int, Block]]:
    """Blocks that carry prose (not headings)."""
    for index, block in enumerate(ctx.article.blocks):
        if block.kind != "heading":
            yield index, block


def body_sentences(ctx: Context) -> Iterator[Sentence]:
    for sentence in ctx.article.sentences:
        if ctx.article.blocks[sentence.block].kind != "heading":
            yield sentence


def sentence_keys(ctx: Context, sentence: Sentence) -> list[str]:
    """Citation keys of a sentence, or of its paragraph when the paragraph cites once at its end."""
    if sentence.citations:
        return [c.key for c in sentence.citations]
    inherited = ctx.paragraph_keys.get(sentence.block)
    if inherited is None:  # once per block: a paragraph of n sentences costs O(n), not O(n^2)
        block = ctx.article.blocks[sentence.block]
        cited = [s for s in block.sentences if s.citations]
        inherited = []
        if len(cited) == 1 and cited[0] is block.sentences[-1]:
            inherited = [c.key for c in cited[0].citations]
        ctx.paragraph_keys[sentence.block] = inherited
    return list(inherited)


_LETTERS = re.compile(r"[A-Za-z]+")


def lower_case_words(ctx: Context) -> Counter[str]:
    """How often the article writes each word in lower case: a capitalised word it also
    writes in lower case is a common word there, not a name. Counted once per article
    (three rules ask; a word never runs across the newline between two blocks)."""
    if ctx.lower_words is None:
        text = "\n".join(block.plain for block in ctx.article.blocks)
        ctx.lower_words = Counter(filter(str.islower, _LETTERS.findall(text)))
    return ctx.lower_words


def section_numbers(ctx: Context) -> list[int]:
    return sections(ctx.article)


def claim_offset(ctx: Context, claim: ClaimRecord) -> int:
    starts = ctx.article.source.line_starts
    return starts[claim.span.line - 1] + claim.span.column - 1


def claim_block(ctx: Context, claim: ClaimRecord) -> int | None:
    offset = claim_offset(ctx, claim)
    for index, block in enumerate(ctx.article.blocks):
        if block.start <= offset < max(block.end, block.start + 1):
            return index
    return None


def any_of(expressions: list[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of regular expressions: its leftmost match is the
    leftmost match of any of them, the first listed winning a tie at one position."""
    return re.compile("|".join(f"(?:{e})" for e in expressions) or r"(?!)", re.IGNORECASE)


def names_pattern(names: list[str]) -> re.Pattern[str]:
    """Whole-phrase, case-insensitive alternation (a hyphen counts as part of a word)."""
    ordered = sorted({n.lower() for n in names if n}, key=lambda n: (-len(n), n))
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered) or r"(?!x)x"
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


def names_in(ctx: Context, text: str, kind: str) -> list[tuple[str, int, int]]:
    """(id, start, end) of each catalog drug (kind "drug") or condition ("condition")
    named in `text`, left to right; a longer name beats one inside it."""
    return [
        (hit.id, hit.start, hit.end)
        for hit in ctx.subjects.find(lower_same_length(text))
        if hit.kind == kind
    ]


def drugs_named(ctx: Context, text: str) -> list[tuple[str, int, int]]:
    return names_in(ctx, text, "drug")


def stated_caveats(ctx: Context, drug: Drug) -> Stated:
    """The drug's caveats the article states, and the blocks that state each (already
    known for the front matter's drug)."""
    if drug is ctx.drug:
        return ctx.caveats
    return stated([block.plain for block in ctx.article.blocks], drug)


def article_drug(ctx: Context) -> Drug | None:
    """The front matter's drug, else the catalog drug the claims (or the text) name most often."""
    if ctx.drug is not None:
        return ctx.drug
    counts = Counter(c.subject.intervention for c in ctx.claims if c.subject.intervention)
    if not counts:
        text = " ".join(block.plain for block in ctx.article.blocks)
        counts = Counter(hit[0] for hit in drugs_named(ctx, text))
    if not counts:
        return None
    best = max(sorted(counts), key=lambda d: counts[d])
    return ctx.catalog.drugs.get(best)


def approved_for(drug: Drug, condition: str, catalog: Catalog) -> bool:
    """True when some regulation approves the drug for the condition (or any use)."""
    for reg in drug.regulation:
        if reg.status == Status.approved and (not reg.conditions or condition in reg.conditions):
            return True
    return False


def status_for(drug: Drug, condition: str) -> Status | None:
    """The catalog's status of one use: approved wins, then off-label, then not-approved."""
    found = {reg.status for reg in drug.regulation if condition in reg.conditions}
    for status in (Status.approved, Status.off_label, Status.not_approved):
        if status in found:
            return status
    return None


#: The characters a case-insensitive expression takes for an ASCII letter whose `lower()`
#: is not that letter (found by trying every code point; tests/unit/test_rule_needs.py).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def folded(text: str) -> str:
    """`text` lower-cased so that an ASCII literal a case-insensitive expression matches
    in it is a substring of it (the lower case of those few characters is not ASCII)."""
    return (text if text.isascii() else text.translate(_FOLD)).lower()


class Guarded(NamedTuple):
    """An expression with the pieces of text one of which each of its matches holds."""

    pattern: re.Pattern[str]
    pieces: tuple[str, ...] | None

    def may_match(self, low: str) -> bool:
        """False when the expression cannot match the text whose `folded` form is `low`."""
        return self.pieces is None or any(map(low.__contains__, self.pieces))

    def search(self, text: str, low: str) -> re.Match[str] | None:
        """`pattern.search(text)`, skipped when `low` (`folded(text)`) lacks every piece."""
        return self.pattern.search(text) if self.may_match(low) else None


class Guards:
    """Guarded expressions tested on one text together: each distinct piece is looked
    for once, not once per expression that needs it (24 patterns of KT701 share 50)."""

    def __init__(self, guards: Sequence[Guarded]) -> None:
        self.guards = tuple(guards)
        needing: dict[str, list[int]] = {}
        for number, guard in enumerate(self.guards):
            for piece in guard.pieces or ():
                needing.setdefault(piece, []).append(number)
        self._needing = tuple((piece, tuple(numbers)) for piece, numbers in needing.items())
        self._always = frozenset(n for n, g in enumerate(self.guards) if g.pieces is None)

    def may_match(self, low: str) -> list[int]:
        """The numbers of the guards whose expression may match the text whose `folded`
        form is `low`, in order (those whose `Guarded.may_match` is true)."""
        chosen = set(self._always)
        for piece, numbers in self._needing:
            if piece in low:
                chosen.update(numbers)
        return sorted(chosen)

    def matches(self, text: str, low: str) -> Iterator[tuple[int, re.Match[str]]]:
        """The number and first match of each guard whose expression matches `text`, in
        order, searching only those that `may_match` (`low` is `folded(text)`)."""
        for number in self.may_match(low):
            match = self.guards[number].pattern.search(text)
            if match is not None:
                yield number, match


def guarded(name: str, patterns: Sequence[re.Pattern[str]]) -> tuple[Guarded, ...]:
    """The patterns with their `needs`, which are kept in the loaded-state cache under
    `name` (parsing the rules' expressions again took 5 ms of a one-file check)."""
    code: list[ModuleType] = [sys.modules[__name__], literal_pieces]
    inputs: list[str | ModuleType] = [*(f"{p.flags} {p.pattern}" for p in patterns), *code]
    found = state.cached(f"needs-{name}", inputs, lambda: tuple(needs(p) for p in patterns))
    return tuple(Guarded(p, n) for p, n in zip(patterns, found, strict=True))


def needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Pieces of text of which every match of `pattern` contains one, lower-cased to look
    for in `folded(text)`, or None when the expression names none
    (`kettools.language.lexicons.pieces`). A search costs a rule little when a substring
    test can tell it will fail: most of an article's blocks hold none of the words a CMS
    leaves behind."""
    found = literal_pieces.pieces(pattern.pattern, pattern.flags)
    return tuple(dict.fromkeys(p.lower() for p, _ in found)) if found else None
