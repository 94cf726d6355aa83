"""Build a block from its plain text and split it into sentences with exact spans."""

from __future__ import annotations

from kettools.ingest import normalise, sentences
from kettools.ingest.document import Block, BlockKind, Citation, Sentence
from kettools.ingest.source import SourceText


def make_block(
    source: SourceText,
    kind: BlockKind,
    plain: str,
    offsets: list[int],
    citations: list[Citation],
    level: int = 0,
    index: int = 0,
) -> Block | None:
    """A block with its sentences, or None when it holds no text. `plain` is matched as
    a reader sees it (`normalise.fold`); offsets keep pointing at the source."""
    plain, offsets, hidden = normalise.fold(plain, offsets)
    if not plain.strip() and not citations:
        return None
    start = offsets[0] if offsets else citations[0].group_start
    end = offsets[-1] + 1 if offsets else citations[-1].group_end
    block = Block(kind, start, end, plain, offsets, citations, level, hidden=hidden)
    for a, b in sentences.split(plain):
        s_start, s_end = offsets[a], offsets[b - 1] + 1
        block.sentences.append(
            Sentence(
                start=s_start,
                end=s_end,
                text=source.text[s_start:s_end],
                plain=plain[a:b],
                offsets=offsets[a:b],
                block=index,
            )
        )
    _attach(block)
    return block


def _attach(block: Block) -> None:
    """Each citation goes to the sentence that contains it, else to the one before it."""
    if not block.sentences:
        return
    for citation in block.citations:
        owner = block.sentences[0]
        for sentence in block.sentences:
            if sentence.start <= citation.group_start:
                owner = sentence
        owner.citations.append(citation)
