"""Finding cue words in an article's prose and turning them into evidence spans.

Each list of a word-list file (`data/*.yaml`: phrases in the lexicons' notation, each
on word boundaries, and a few `pattern:` expressions with their why; see `listed`) is
matched over the article's blocks (paragraphs, list items, quotes, headings) joined, and
each hit is mapped back to its block, so a cue's position maps back to exact source
offsets. Headings count only where a criterion asks for them (the headline counts for
sensational language).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
import sys
from collections.abc import Iterator
from functools import cache
from re import _constants as _const  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from kettools.files import packaged, state
from kettools.ingest.document import Article, Block
from kettools.language.lexicons import lists, lower_same_length, notation, pieces
from kettools.language.lexicons import regex as translation
from kettools.language.lexicons.lists import file_vocabulary
from kettools.models.review import EvidenceSpan


@cache
def data(name: str) -> Any:
    """A word-list file from `kettools/review/data/` (editors own them)."""
    return packaged.load("kettools.review", f"data/{name}.yaml")


_ESCAPE = re.compile(r"\\.")
_REACH = 200  # characters a match may extend either side of its anchor


class Expression(NamedTuple):
    """One listed regular expression, compiled. Written in lower case, it matches the
    lower-cased text (any case in the article); with a capital letter, the text as
    written (names, journals). `anchors`: words one of which every match contains (its
    pieces, `kettools.language.lexicons.pieces`), so an article without any is not
    searched at all (most cues are absent from most articles,
    and a plain substring test is far cheaper than a regular-expression pass). Each
    anchor says whether it begins a word in every match (it follows `\\b`, a space or a
    hyphen): such an anchor is looked up among the article's words instead of searched.
    `reach`: for an expression whose matches are short, (the longest match, how far past
    its start a match attempt may look, counting lookaheads and a `\\b` or `$` after
    it), so the text searched around an anchor is no wider than a match could be; None
    when that is unbounded or longer than `_REACH`. `leads`: every match begins with one
    of the anchors, so a match is tried only where an anchor is, not at every character.
    `also`: the expression's other sets of pieces (one of each is in every match), so a
    stretch of text that lacks one set is not searched."""

    regex: re.Pattern[str]
    lower: bool
    anchors: tuple[tuple[str, bool], ...] | None
    reach: tuple[int, int] | None = None
    leads: bool = False
    also: tuple[tuple[str, ...], ...] = ()


def listed(name: str, key: str) -> tuple[str, ...]:
    """The list under `key` (a dotted path) of a word-list file, each entry translated
    from the lexicons' notation to its expression on word boundaries
    (`kettools.language.lexicons.lists`); a ``pattern:`` as written."""
    found = _table(name)[0].get(key)
    return found if found is not None else _translated(name, key)


@cache
def _translated(name: str, key: str) -> tuple[str, ...]:
    """`listed`, translated here."""
    return tuple(t.bounded for t in _translation(name, key))


@cache
def words(name: str, key: str) -> tuple[str, ...]:
    """The list under `key` of a word-list file translated without boundaries: each
    entry's expression, for a module that puts it into an expression of its own."""
    return tuple(t.whole for t in _translation(name, key))


@cache
def _translation(name: str, key: str) -> tuple[lists.Translated, ...]:
    """The list under `key` (a dotted path) of a word-list file, each entry translated."""
    node = data(name)
    for part in key.split("."):
        node = node[part]
    return tuple(lists.translate(node, _vocabulary(name)))


@cache
def _vocabulary(name: str) -> notation.Vocabulary:
    """The lexicons' slots and wildcards, with the word-list file's own."""
    return file_vocabulary(data(name).get("slots"))


@cache
def expressions(name: str, key: str) -> tuple[Expression, ...]:
    """The expressions listed under `key` (a dotted path) of a word-list file."""
    found = []
    known = _anchor_table(name)
    for text in listed(name, key):
        bare = _ESCAPE.sub("", text).replace("(?:", "").replace("(?=", "").replace("(?!", "")
        words, reach, leads, also = known[text] if text in known else _parsed(text)
        regex = re.compile(text, re.MULTILINE)
        found.append(Expression(regex, bare.lower() == bare, words, reach, leads, also))
    return tuple(found)


_Parsed = tuple[
    tuple[tuple[str, bool], ...] | None, tuple[int, int] | None, bool, tuple[tuple[str, ...], ...]
]


def _parsed(text: str) -> _Parsed:
    """An expression's anchors, reach, whether its matches begin with an anchor, and its
    other sets of pieces (see `Expression`)."""
    tree = _parser.parse(text)
    sets = pieces.candidates(tree)
    words = pieces.of_tree(tree)
    also = tuple(tuple(w for w, _ in s) for s in sets if s != words)
    longest = tree.getwidth()[1]
    looks = max([1, *_lookarounds(list(tree))])
    reach = (longest, longest + looks) if longest + looks < _REACH else None
    first = _leading(list(tree))
    leads = bool(words and first and all(any(f.startswith(w) for w, _ in words) for f in first))
    return words, reach, leads, also


def _leading(items: list[Any]) -> list[str] | None:
    """Literal strings one of which every match of this parsed sequence begins with (after
    any `\\b` or `^`), or None."""
    items = list(itertools.dropwhile(lambda item: item[0] is _const.AT, items))
    if not items:
        return None
    op, av = items[0]
    if op is _const.LITERAL:
        run = "".join(
            chr(a) for _, a in itertools.takewhile(lambda i: i[0] is _const.LITERAL, items)
        )
        return [run]
    if op is _const.SUBPATTERN:
        return _leading(list(av[3]))
    if op is _const.BRANCH:
        branches = [_leading(list(b)) for b in av[1]]
        return None if any(b is None for b in branches) else [w for b in branches for w in b or []]
    return None


def _lookarounds(items: list[Any]) -> Iterator[int]:
    """The longest text each lookahead or lookbehind of a parsed sequence may examine."""
    for op, av in items:
        if op in (_const.ASSERT, _const.ASSERT_NOT):
            yield av[1].getwidth()[1]
            yield from _lookarounds(list(av[1]))
        elif op is _const.SUBPATTERN:
            yield from _lookarounds(list(av[3]))
        elif op is _const.BRANCH:
            for branch in av[1]:
                yield from _lookarounds(list(branch))
        elif op in (_const.MAX_REPEAT, _const.MIN_REPEAT, _const.POSSESSIVE_REPEAT):
            yield from _lookarounds(list(av[2]))
        elif op is _const.ATOMIC_GROUP:
            yield from _lookarounds(list(av))
        elif op is _const.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    yield from _lookarounds(list(branch))


def _anchor_table(name: str) -> dict[str, _Parsed]:
    """The anchors of every expression of a word-list file (`_table`)."""
    return _table(name)[1]


@cache
def _table(name: str) -> tuple[dict[str, tuple[str, ...]], dict[str, _Parsed]]:
    """Every list of a word-list file translated (`listed`), and the anchors of each of
    their expressions, kept in the loaded-state cache (kettools/files/state.py) while the
    file, the lexicons' slots and the code that translates and parses are unchanged:
    parsing the expressions again was 14 ms of a one-file check, translating them 5 ms."""

    def build() -> tuple[dict[str, tuple[str, ...]], dict[str, _Parsed]]:
        translated = {key: _translated(name, key) for key in _lists(data(name))}
        table: dict[str, _Parsed] = {}
        for texts in translated.values():
            for text in texts:
                with contextlib.suppress(re.error, RecursionError):
                    table[text] = _parsed(text)
        return translated, table

    vocab = _vocabulary(name)
    code = [sys.modules[__name__], lists, notation, translation, pieces]
    return state.cached(
        f"review-{name}", [repr(data(name)), repr((vocab.slots, vocab.wildcards)), *code], build
    )


def _lists(node: Any, where: str = "") -> Iterator[str]:
    """The dotted path of every list of entries in a word-list file (not its slots)."""
    if isinstance(node, list):
        yield where
    elif isinstance(node, dict):
        for key, value in node.items():
            if not (where == "" and key == "slots"):
                yield from _lists(value, f"{where}.{key}" if where else str(key))


_WORD = re.compile(r"\w+")


class Hit(NamedTuple):
    """A cue found: its block, plain-text range in that block, and the words."""

    block: int
    start: int
    end: int
    text: str


class Text:
    """An article's prose and headings, searchable by word list, with spans back into
    the source."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.blocks: list[tuple[int, Block]] = [
            (i, b) for i, b in enumerate(article.blocks) if b.kind != "heading"
        ]
        self.heading = {i for i, b in enumerate(article.blocks) if b.kind == "heading"}
        self.words = sum(len(b.plain.split()) for _, b in self.blocks)
        self._joined = _Joined(list(enumerate(article.blocks)))
        self._found: dict[tuple[str, str], list[Hit]] = {}

    def cues(self, name: str, key: str, *, headings: bool = False) -> list[Hit]:
        """The hits of one list of a word-list file, in reading order, one per place
        (overlapping matches of two expressions count once); in headings only when asked."""
        if (name, key) not in self._found:
            self._found[name, key] = self._joined.find(expressions(name, key))
        hits = self._found[name, key]
        return hits if headings else [h for h in hits if h.block not in self.heading]

    def block_text(self, hit: Hit) -> str:
        return self.article.blocks[hit.block].plain

    def sentence(self, hit: Hit) -> str:
        """The plain text of the sentence that holds the hit."""
        block = self.article.blocks[hit.block]
        offset = block.offsets[hit.start]
        for s in block.sentences:
            if s.start <= offset < s.end:
                return s.plain
        return block.plain

    def sentence_at(self, hit: Hit) -> tuple[int, int]:
        """(block, start offset) of the sentence that holds the hit: a key per sentence."""
        block = self.article.blocks[hit.block]
        offset = block.offsets[hit.start]
        for s in block.sentences:
            if s.start <= offset < s.end:
                return hit.block, s.start
        return hit.block, block.start

    def in_sentence_with(self, hits: list[Hit], others: list[Hit]) -> list[Hit]:
        """The hits whose sentence also holds one of `others`."""
        where = {self.sentence_at(h) for h in others}
        return [h for h in hits if self.sentence_at(h) in where]

    def span(self, hit: Hit) -> EvidenceSpan:
        block = self.article.blocks[hit.block]
        start = block.offsets[hit.start]
        end = block.offsets[hit.end - 1] + 1
        where = self.article.span(start, end)
        return EvidenceSpan(
            line=where.line,
            column=where.column,
            end_line=where.end_line,
            end_column=where.end_column,
            text=self.article.source.text[start:end],
        )

    def spans(self, hits: list[Hit], limit: int = 3) -> list[EvidenceSpan]:
        """The first `limit` hits, one per block, in reading order."""
        seen: set[int] = set()
        chosen = []
        for hit in sorted(hits, key=lambda h: (h.block, h.start)):
            if hit.block in seen:
                continue
            seen.add(hit.block)
            chosen.append(self.span(hit))
            if len(chosen) == limit:
                break
        return chosen


class _Joined:
    """Blocks' plain texts joined by a blank line, searched with one call per pass."""

    SEP = "\n\n"

    def __init__(self, blocks: list[tuple[int, Block]]) -> None:
        self.index = [i for i, _ in blocks]
        self.starts: list[int] = []
        parts, at = [], 0
        for _, block in blocks:
            self.starts.append(at)
            parts.append(block.plain)
            at += len(block.plain) + len(self.SEP)
        self.text = self.SEP.join(parts)
        self.lower = lower_same_length(self.text)
        self.ends = [
            start + len(b.plain) for start, (_, b) in zip(self.starts, blocks, strict=True)
        ]
        self._sorted: dict[bool, list[str]] = {}
        self._vocab: str | None = None
        self._where: dict[tuple[str, bool, bool], list[int]] = {}
        self._led_at: dict[tuple[Any, bool], list[int]] = {}

    def find(self, listed: tuple[Expression, ...]) -> list[Hit]:
        found: set[tuple[int, int]] = set()
        for expression in listed:
            text = self.lower if expression.lower else self.text
            also = expression.also
            for lo, hi in self._windows(expression):
                if also and not all(any(text.find(w, lo, hi) >= 0 for w in s) for s in also):
                    continue  # a set of pieces that every match holds one of is not here
                if expression.leads:
                    found.update(self._led(expression, text, lo, hi))
                    continue
                for m in expression.regex.finditer(text, lo, hi):
                    if m.end() > m.start():
                        found.add((m.start(), m.end()))
        hits = []
        for start, end in found:
            k = bisect.bisect_right(self.starts, start) - 1
            if k < 0 or end > self.ends[k]:
                continue  # across two blocks
            base = self.starts[k]
            hits.append(Hit(self.index[k], start - base, end - base, self.text[start:end]))
        hits.sort(key=lambda h: (h.block, h.start, -h.end))
        kept: list[Hit] = []
        for hit in hits:
            if kept and kept[-1].block == hit.block and hit.start < kept[-1].end:
                continue
            kept.append(hit)
        return kept

    def _led(self, expression: Expression, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """`finditer` in `text[lo:hi]` for an expression whose every match begins with an
        anchor: a match is tried only where an anchor is, left to right, each after the
        last match found (as `finditer` goes on)."""
        found: list[tuple[int, int]] = []
        last = lo
        starts = self._starts(expression)
        for at in starts[bisect.bisect_left(starts, lo) :]:
            if at < last:
                continue
            if at >= hi:
                break
            m = expression.regex.match(text, at, hi)
            if m is not None and m.end() > m.start():
                found.append((m.start(), m.end()))
                last = m.end()
        return found

    def _starts(self, expression: Expression) -> list[int]:
        """Where any anchor of an expression occurs, in order, once per article."""
        key = (expression.anchors, expression.lower)
        starts = self._led_at.get(key)
        if starts is None:
            starts = self._led_at[key] = sorted(
                {
                    at
                    for word, begins in expression.anchors or ()
                    for at in self._at(word, begins, expression.lower)
                }
            )
        return starts

    def _words(self, lower: bool) -> list[str]:
        """The text's distinct words, sorted: read once per article and case."""
        words = self._sorted.get(lower)
        if words is None:
            words = self._sorted[lower] = sorted(
                set(_WORD.findall(self.lower if lower else self.text))
            )
        return words

    def _vocabulary(self) -> str:
        """The lower-cased text's distinct words, one a line (two fifths of the text's
        length in the corpus): a piece of a word occurs in the text only if it occurs
        here, so an absent one is told by a shorter search."""
        if self._vocab is None:
            self._vocab = "\n".join(self._words(True))
        return self._vocab

    def _at(self, word: str, begins: bool, lower: bool) -> list[int]:
        """Where an anchor occurs, once per article. An anchor of a lower-case expression
        that begins a word in every match is first looked up among the words (a binary
        search): when no word starts with it, the text is not searched at all; any other
        piece of a word is first looked for among the distinct words. (The few
        expressions written with capitals search the text as written: indexing its words
        too would cost more than it saves.)"""
        key = (word, begins, lower)
        at = self._where.get(key)
        if at is None:
            at = []
            if begins and lower:
                words = self._words(lower)
                i = bisect.bisect_left(words, word)
                if i == len(words) or not words[i].startswith(word):
                    self._where[key] = at
                    return at
            elif lower and word.isalnum() and word not in self._vocabulary():
                self._where[key] = at  # a word's piece found in none of its words
                return at
            text = self.lower if lower else self.text
            i = text.find(word)
            while i >= 0:
                at.append(i)
                i = text.find(word, i + 1)
            self._where[key] = at
        return at

    def _windows(self, expression: Expression) -> list[tuple[int, int]]:
        """Stretches of the text around each occurrence of an anchor, merged; the whole
        text when the expression has no anchors; none when no anchor occurs."""
        size = len(self.text)
        if not expression.anchors:
            return [(0, size)]
        spans = []
        if expression.reach is None:
            before = 0 if expression.leads else _REACH
            for word, begins in expression.anchors:
                for at in self._at(word, begins, expression.lower):
                    spans.append((max(0, at - before), min(size, at + len(word) + _REACH)))
        else:
            # A match holding the anchor at `at` starts at `at + len(word) - longest` or
            # later, at `at` at the latest, and looks no further than `looks` past its
            # start: a stretch no wider than that, which every match attempt in it sees
            # whole (a match holding a later anchor is in that anchor's stretch, merged).
            longest, looks = expression.reach
            for word, begins in expression.anchors:
                before = longest - len(word)
                for at in self._at(word, begins, expression.lower):
                    spans.append((max(0, at - before), min(size, at + looks + 1)))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged


def near(hits: list[Hit], others: list[Hit], blocks: int = 0) -> list[Hit]:
    """The hits with one of `others` in the same block, or within `blocks` blocks."""
    where = sorted(h.block for h in others)
    kept = []
    for hit in hits:
        i = bisect.bisect_left(where, hit.block - blocks)
        if i < len(where) and where[i] <= hit.block + blocks:
            kept.append(hit)
    return kept
