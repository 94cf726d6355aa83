"""Read an article file (Markdown, text or HTML) into blocks and sentences with exact spans."""

from __future__ import annotations

from pathlib import Path

from kettools.errors import KettoolsError
from kettools.files import access
from kettools.files.yamlio import YamlError
from kettools.ingest import html, markdown, plaintext
from kettools.ingest.document import Article, Block, Citation, Sentence
from kettools.ingest.source import DecodeError, SourceText

READERS = {
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".txt": plaintext.read,
    ".html": html.read,
    ".htm": html.read,
}
SUFFIXES = tuple(READERS)


class InputError(KettoolsError):
    """A file kettools cannot read, with the 1-based line of the problem."""


def is_article(path: Path) -> bool:
    return path.suffix.lower() in READERS and not path.name.endswith(".claims.yaml")


def parse(path: str, data: bytes, suffix: str) -> Article:
    """Ingest bytes as the format named by `suffix`; raises InputError with a line."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise InputError(f"unsupported file type '{suffix}' (use .md, .txt or .html)")
    if not data.strip():
        raise InputError("empty file")
    try:
        source = SourceText.from_bytes(data)
        return reader(path, source)
    except (DecodeError, YamlError) as exc:
        raise InputError(str(exc), exc.line) from None


def read_article(path: Path, display: str | None = None) -> Article:
    try:
        data = access.read_bytes(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    return parse(display or path.as_posix(), data, path.suffix)


__all__ = [
    "SUFFIXES",
    "Article",
    "Block",
    "Citation",
    "InputError",
    "Sentence",
    "is_article",
    "parse",
    "read_article",
]
