"""Plain `.txt` articles: one paragraph a line, or paragraphs separated by blank lines.

A file is read as hard-wrapped (blank-line separated paragraphs) when it has blank lines
and most lines followed by another non-blank line end mid-sentence; otherwise every
non-blank line is a paragraph. A short line with no closing punctuation is a heading.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kettools.ingest import citations
from kettools.ingest.blocks import make_block
from kettools.ingest.document import Article, BlockKind
from kettools.ingest.source import SourceText

_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")


def _is_wrapped(lines: list[str]) -> bool:
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if not filled or all(line.strip() for line in lines[filled[0] : filled[-1] + 1]):
        return False  # no blank line between paragraphs: one paragraph a line
    joined = [a for a, b in pairwise(lines) if a.strip() and b.strip()]
    if not joined:
        return False
    mid_sentence = sum(1 for line in joined if not _SENTENCE_END.search(line))
    return mid_sentence * 2 >= len(joined)


def _is_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 14 and len(text) <= 100 and not _SENTENCE_END.search(text)


def read(path: str, source: SourceText) -> Article:
    article = Article(path=path, format="text", source=source)
    lines = source.text.split("\n")
    paragraphs: list[list[int]] = []  # line indexes (0-based)
    if _is_wrapped(lines):
        current: list[int] = []
        for n, line in enumerate(lines):
            if line.strip():
                current.append(n)
            elif current:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
    else:
        paragraphs = [[n] for n, line in enumerate(lines) if line.strip()]
    for group in paragraphs:
        parts: list[str] = []
        offsets: list[int] = []
        for n in group:
            line = lines[n]
            stripped = line.strip()
            first = source.line_starts[n] + line.index(stripped[0])
            if parts:
                parts.append(" ")
                offsets.append(first - 1)
            parts.append(stripped)
            offsets.extend(range(first, first + len(stripped)))
        plain, kept, cited = citations.extract("".join(parts), offsets)
        kind: BlockKind = "paragraph"
        marker = _LIST_MARK.match(plain)
        if marker and len(group) == 1:
            kind = "list_item"
            plain, kept = plain[marker.end() :], kept[marker.end() :]
        elif len(group) == 1 and _is_heading(plain) and not cited:
            kind = "heading"
        block = make_block(
            source, kind, plain, kept, cited, 2 if kind == "heading" else 0, len(article.blocks)
        )
        if block is not None:
            article.blocks.append(block)
    return article
