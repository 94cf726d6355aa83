"""`.html` pages exported from a CMS.

Scripts, styles, navigation, headers, footers, forms and other chrome are dropped.
Headings, paragraphs, list items, quotes, captions and table cells become blocks, with
every character mapped to its source offset (entities map to their `&`; runs of white
space collapse to one space mapped to the first).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from kettools.ingest import citations
from kettools.ingest.blocks import make_block
from kettools.ingest.document import Article, BlockKind
from kettools.ingest.source import SourceText

SKIP = frozenset(
    """script style nav header footer aside noscript template form iframe svg button select
    textarea object embed canvas head title""".split()
)
BLOCKS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li blockquote div td th dd dt figcaption caption pre section
    article main body html ul ol dl table tr figure address""".split()
)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Reader(HTMLParser):
    def __init__(self, source: SourceText, article: Article) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.article = article
        self.stack: list[str] = []
        self.skip_depth = 0
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.title = ""

    # positions -----------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.source.line_starts[line - 1] + column

    def _add(self, text: str, offset: int, step: bool = True) -> None:
        for i, ch in enumerate(text):
            if ch.isspace():
                if not self.chars or self.chars[-1] == " ":
                    continue
                ch = " "
            self.chars.append(ch)
            self.offsets.append(offset + i if step else offset)

    # blocks ---------------------------------------------------------------
    def _kind(self) -> tuple[BlockKind, int]:
        for tag in reversed(self.stack):
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                return "heading", int(tag[1])
            if tag == "blockquote":
                return "quote", 0
            if tag == "li":
                return "list_item", self.stack.count("ul") + self.stack.count("ol")
        return "paragraph", 0

    def flush(self) -> None:
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        if self.chars:
            plain, kept, cited = citations.extract("".join(self.chars), self.offsets)
            kind, level = self._kind()
            block = make_block(
                self.source, kind, plain, kept, cited, level, len(self.article.blocks)
            )
            if block is not None:
                self.article.blocks.append(block)
        self.chars, self.offsets = [], []

    # parser events ---------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self._add(" ", self._here())
            return
        if self.skip_depth or tag in SKIP:
            self.skip_depth += tag in SKIP or self.skip_depth > 0
            self.stack.append(tag)
            return
        if tag in BLOCKS:
            self.flush()
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack[-1]
            if self.skip_depth:
                self.skip_depth -= 1
            elif top in BLOCKS:
                self.flush()  # before popping, so the block knows its kind
            self.stack.pop()
            if top == tag:
                break

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """'<![' with no name after it ('<![@'): Python 3.11's parser raises AssertionError;
        HTML5 reads it as a bogus comment, up to the next '>' (dropped, as a comment is)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._add(data, self._here())

    def _reference(self, raw: str) -> None:
        if not self.skip_depth:
            decoded = html.unescape(raw)
            self._add(decoded, self._here(), step=decoded == raw)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def read(path: str, source: SourceText) -> Article:
    article = Article(path=path, format="html", source=source)
    reader = _Reader(source, article)
    reader.feed(source.text)
    if reader.rawdata.startswith("<"):
        # A tag, comment or declaration still open at the end of the file. HTML5 drops it;
        # the standard library's close() would rescan the rest once per '<' (quadratic).
        reader.rawdata = ""
    reader.close()
    reader.flush()
    return article
