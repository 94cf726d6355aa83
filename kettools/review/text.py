"""Finding cue words in an article's prose and turning them into evidence spans.

Each list of a word-list file (`data/*.yaml`) is matched over the article's blocks
(paragraphs, list items, quotes, headings) joined, and each hit is mapped back to its
block, so a cue's position maps back to exact source offsets. Headings count only where
a criterion asks for them (the headline counts for sensational language).
"""

from __future__ import annotations

import bisect
import contextlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from re import _constants as _const  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from kettools.files import packaged, state
from kettools.ingest.document import Article, Block
from kettools.language.lexicons import lower_same_length
from kettools.models.review import EvidenceSpan


@cache
def data(name: str) -> Any:
    """A word-list file from `kettools/review/data/` (editors own them)."""
    return packaged.load("kettools.review", f"data/{name}.yaml")


_ESCAPE = re.compile(r"\\.")


@dataclass(frozen=True, slots=True)
class Expression:
    """One listed regular expression, compiled. Written in lower case, it matches the
    lower-cased text (any case in the article); with a capital letter, the text as
    written (names, journals). `anchors`: words one of which every match contains, so an
    article without any is not searched at all (most cues are absent from most articles,
    and a plain substring test is far cheaper than a regular-expression pass)."""

    regex: re.Pattern[str]
    lower: bool
    anchors: tuple[str, ...] | None


@cache
def expressions(name: str, key: str) -> tuple[Expression, ...]:
    """The expressions listed under `key` (a dotted path) of a word-list file."""
    node = data(name)
    for part in key.split("."):
        node = node[part]
    found = []
    known = _anchor_table(name)
    for text in node:
        bare = _ESCAPE.sub("", text).replace("(?:", "").replace("(?=", "").replace("(?!", "")
        words = known[text] if text in known else _anchors_of(text)
        found.append(Expression(re.compile(text, re.MULTILINE), bare.lower() == bare, words))
    return tuple(found)


def _anchors_of(text: str) -> tuple[str, ...] | None:
    words = _anchors(list(_parser.parse(text)))
    return tuple(words) if words else None


@cache
def _anchor_table(name: str) -> dict[str, tuple[str, ...] | None]:
    """The anchors of every expression of a word-list file, kept in the loaded-state
    cache (kettools/files/state.py) while the file and this module are unchanged: parsing
    the expressions again was 14 ms of a one-file check."""

    def build() -> dict[str, tuple[str, ...] | None]:
        table: dict[str, tuple[str, ...] | None] = {}
        for text in _strings(data(name)):
            with contextlib.suppress(re.error, RecursionError):
                table[text] = _anchors_of(text)
        return table

    return state.cached(f"review-{name}", [repr(data(name)), sys.modules[__name__]], build)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _anchors(items: list[Any]) -> list[str] | None:
    """Literal strings one of which every match of this parsed sequence contains, or
    None when there is no such set: of the sequence's literal runs (3 characters or more,
    or a lone `%` or `$`) and its groups whose every branch has anchors, the candidate
    whose shortest string is longest (the rarest, so the fewest places to search)."""
    candidates: list[list[str]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is _const.LITERAL:
            run += chr(av)
            continue
        if len(run) >= 3 or run in ("%", "$"):
            candidates.append([run])
        run = ""
        found: list[str] | None = None
        if op is _const.SUBPATTERN:
            found = _anchors(list(av[3]))
        elif op is _const.BRANCH:
            branches = [_anchors(list(b)) for b in av[1]]
            if all(b is not None for b in branches):
                found = [w for b in branches for w in b or []]
        elif op in (_const.MAX_REPEAT, _const.MIN_REPEAT) and av[0] >= 1:
            found = _anchors(list(av[2]))
        if found:
            candidates.append(found)
    return max(candidates, key=lambda c: min(len(w) for w in c)) if candidates else None


@dataclass(frozen=True, slots=True)
class Hit:
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

    def find(self, listed: tuple[Expression, ...]) -> list[Hit]:
        found: set[tuple[int, int]] = set()
        for expression in listed:
            text = self.lower if expression.lower else self.text
            for lo, hi in _windows(text, expression.anchors):
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
        found_hits = hits
        found_hits.sort(key=lambda h: (h.block, h.start, -h.end))
        kept: list[Hit] = []
        for hit in found_hits:
            if kept and kept[-1].block == hit.block and hit.start < kept[-1].end:
                continue
            kept.append(hit)
        return kept


_REACH = 200  # characters a match may extend either side of its anchor


def _windows(text: str, anchors: tuple[str, ...] | None) -> list[tuple[int, int]]:
    """Stretches of `text` around each occurrence of an anchor, merged; the whole text
    when the expression has no anchors; none when no anchor occurs."""
    if not anchors:
        return [(0, len(text))]
    spans = []
    for word in anchors:
        at = text.find(word)
        while at >= 0:
            spans.append((max(0, at - _REACH), min(len(text), at + len(word) + _REACH)))
            at = text.find(word, at + 1)
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
