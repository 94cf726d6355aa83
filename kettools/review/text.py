"""Finding cue words in an article's prose and turning them into evidence spans.

Patterns are matched once per block (a paragraph, list item or quote) on its plain
text, so a cue's position maps back to exact source offsets. Headings are searched
only where a criterion asks for them (the headline counts for sensational language).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kettools import packaged
from kettools.ingest.document import Article, Block
from kettools.review.model import EvidenceSpan


@cache
def data(name: str) -> Any:
    """A word-list file from `kettools/review/data/` (editors own them)."""
    return packaged.load("kettools.review", f"data/{name}.yaml")


@cache
def pattern(name: str, key: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the regular expressions listed under `key`."""
    expressions = data(name)[key]
    return re.compile("|".join(f"(?:{e})" for e in expressions) or r"(?!)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    """A cue found: its block, plain-text range in that block, and the words."""

    block: int
    start: int
    end: int
    text: str


class Text:
    """An article's prose, searchable by pattern, with spans back into the source."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.blocks: list[tuple[int, Block]] = [
            (i, b) for i, b in enumerate(article.blocks) if b.kind != "heading"
        ]
        self.headings = [(i, b) for i, b in enumerate(article.blocks) if b.kind == "heading"]
        self.words = sum(len(b.plain.split()) for _, b in self.blocks)

    def find(self, regex: re.Pattern[str], *, headings: bool = False) -> list[Hit]:
        found = []
        for index, block in self.headings + self.blocks if headings else self.blocks:
            for m in regex.finditer(block.plain):
                if m.end() > m.start():
                    found.append(Hit(index, m.start(), m.end(), m.group()))
        return found

    def cues(self, name: str, key: str, *, headings: bool = False) -> list[Hit]:
        return self.find(pattern(name, key), headings=headings)

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


def near(hits: list[Hit], others: list[Hit], blocks: int = 0) -> list[Hit]:
    """The hits with one of `others` in the same block, or within `blocks` blocks."""
    where = sorted(h.block for h in others)
    kept = []
    for hit in hits:
        i = bisect.bisect_left(where, hit.block - blocks)
        if i < len(where) and where[i] <= hit.block + blocks:
            kept.append(hit)
    return kept
