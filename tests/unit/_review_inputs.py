"""An article of our own words for the review's tests: written to a file and read as
`kettools check` reads it."""

from __future__ import annotations

from pathlib import Path

from kettools.ingest import read_article
from kettools.ingest.document import Article
from kettools.review.criteria import Reading
from kettools.review.judge import read


def written(tmp_path: Path, text: str, name: str = "a.md") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_article(path, name)


def reading(tmp_path: Path, text: str) -> Reading:
    """What the review's judges read in that article."""
    return read(written(tmp_path, text))
