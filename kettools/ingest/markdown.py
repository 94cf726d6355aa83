"""Markdown with YAML front matter, via markdown-it-py block maps.

markdown-it gives each block its source lines but no columns; each content line is
located in its source line (after list and quote markers), and inline markup is
rendered with per-character offsets by `kettools.ingest.inline`.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kettools.ingest import frontmatter, inline
from kettools.ingest.blocks import make_block
from kettools.ingest.document import Article, BlockKind
from kettools.ingest.source import SourceText


@cache
def _parser() -> MarkdownIt:
    # Only block structure is used: inline markup is rendered by `kettools.ingest.inline`.
    # markdown-it's own inline pass is skipped; it is slow on hostile lines ('[a [a [a ...').
    return MarkdownIt("commonmark").disable("inline")


def _segments(source: SourceText, token: Token, first_line: int) -> list[tuple[int, str]]:
    """Locate each line of an inline token's content in its source line."""
    segments: list[tuple[int, str]] = []
    for k, piece in enumerate(token.content.split("\n")):
        line_no = first_line + k
        if line_no > source.line_count:
            break
        line = source.line_text(line_no)
        if line.endswith(piece):
            column = len(line) - len(piece)
        else:
            piece = piece.strip()
            column = line.rfind(piece)
            if column < 0 or not piece:
                continue
        segments.append((source.line_starts[line_no - 1] + column, piece))
    return segments


# A line that holds only container markers ('>', '-', '1.') or a link reference
# definition gives no text of its own.
_NO_TEXT = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*$|^ {0,3}\[[^\]]+\]:")
_LEAVES = ("inline", "fence", "code_block", "html_block", "hr")


def _unchecked(source: SourceText, tokens: list[Token], first: int) -> list[int]:
    """Lines from `first` (0-based) that hold text no block token covers. Only called when
    markdown-it stopped at its nesting limit: it then skips the rest of the container
    (often the rest of the file) without a word."""
    covered: set[int] = set()
    for token in tokens:
        if token.type in _LEAVES and token.map is not None:
            covered.update(range(token.map[0], token.map[1]))
    return [
        n + 1
        for n in range(first, source.line_count)
        if n not in covered and not _NO_TEXT.match(source.line_text(n + 1))
    ]


def read(path: str, source: SourceText) -> Article:
    front, body_start = frontmatter.split(source.text)
    article = Article(path=path, format="markdown", source=source)
    if front is not None:
        article.has_front_matter = True
        article.front_matter, article.front_matter_lines = frontmatter.load(front)
    head_lines = source.text.count("\n", 0, body_start)
    body = "\n" * head_lines + source.text[body_start:]
    containers: list[str] = []
    parser = _parser()
    tokens = parser.parse(body)
    if any(t.level >= parser.options["maxNesting"] - 1 for t in tokens):
        article.unchecked = _unchecked(source, tokens, head_lines)
    for i, token in enumerate(tokens):
        if token.nesting == 1 and token.type in ("bullet_list_open", "ordered_list_open"):
            containers.append("list")
        elif token.nesting == 1 and token.type == "blockquote_open":
            containers.append("quote")
        elif token.nesting == -1 and token.type in (
            "bullet_list_close",
            "ordered_list_close",
            "blockquote_close",
        ):
            containers.pop()
        elif token.type == "inline" and token.map is not None and i > 0:
            opener = tokens[i - 1]
            kind: BlockKind
            level = 0
            if opener.type == "heading_open":
                kind, level = "heading", int(opener.tag[1])
            elif "quote" in containers:
                kind = "quote"
            elif containers:
                kind, level = "list_item", containers.count("list")
            else:
                kind = "paragraph"
            segments = _segments(source, token, token.map[0] + 1)
            plain, offsets, citations = inline.render(segments)
            block = make_block(source, kind, plain, offsets, citations, level, len(article.blocks))
            if block is not None:
                article.blocks.append(block)
    return article
