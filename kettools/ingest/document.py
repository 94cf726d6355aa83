"""The ingested article: blocks and sentences with exact offsets into the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from kettools.ingest.source import SourceText
from kettools.models.base import Span

BlockKind = Literal["heading", "paragraph", "list_item", "quote"]
Format = Literal["markdown", "text", "html"]


class Citation(NamedTuple):
    """One key inside a Pandoc citation group such as `[@a; @b, p. 4]`."""

    key: str
    start: int  # offset of '@' in the source
    end: int  # offset after the key
    locator: str = ""
    group_start: int = 0  # offset of '[' of the whole group
    group_end: int = 0  # offset after ']'


@dataclass(slots=True)
class Sentence:
    start: int  # offset of the first character in the source
    end: int  # offset after the last character
    text: str  # the exact source slice
    plain: str  # rendered text: markup and citations removed
    offsets: list[int]  # source offset of each character of `plain`
    citations: list[Citation] = field(default_factory=list)
    block: int = 0  # index of the block it belongs to


@dataclass(slots=True)
class Block:
    kind: BlockKind
    start: int
    end: int
    plain: str
    offsets: list[int]
    citations: list[Citation] = field(default_factory=list)
    level: int = 0  # heading level, or list depth
    sentences: list[Sentence] = field(default_factory=list)
    hidden: list[tuple[int, str]] = field(default_factory=list)  # see ingest.normalise.fold


@dataclass(slots=True)
class Article:
    path: str
    format: Format
    source: SourceText
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    has_front_matter: bool = False
    blocks: list[Block] = field(default_factory=list)
    unchecked: list[int] = field(default_factory=list)  # 1-based lines ingest could not read

    @property
    def sentences(self) -> list[Sentence]:
        return [s for block in self.blocks for s in block.sentences]

    @property
    def citations(self) -> list[Citation]:
        return [c for block in self.blocks for c in block.citations]

    def span(self, start: int, end: int) -> Span:
        return self.source.span(start, end)

    @property
    def title(self) -> str | None:
        title = self.front_matter.get("title")
        if isinstance(title, str):
            return title
        for block in self.blocks:
            if block.kind == "heading" and block.level <= 1:
                return block.plain
        return None
