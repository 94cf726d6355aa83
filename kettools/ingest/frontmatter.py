"""Split YAML front matter from a Markdown article and load it safely, with key lines."""

from __future__ import annotations

import re
from typing import Any

from kettools.files.yamlio import YamlError, load_with_lines

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split(text: str) -> tuple[str | None, int]:
    """The front matter text (None if absent) and the offset where the body starts."""
    opening = _OPEN.match(text)
    if opening is None:
        return None, 0
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise YamlError("front matter is not closed: add a line '---' after it", 1)
    end = closing.end() + 1 if closing.end() < len(text) else closing.end()
    return text[opening.end() : closing.start()], end


def load(front: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping and the 1-based file line of each top-level key (front matter starts on 2)."""
    data, lines = load_with_lines(front, first_line=2)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise YamlError("front matter must be a mapping of keys to values", 2)
    return data, lines
