"""Pandoc citations: `[@key]`, `[@a; @b, p. 4]`, `[see @a, pp. 3-4; also -@b]`.

A group is a bracket whose `;`-separated parts each hold one `@key`. A key starts with
a letter, digit or `_` and may contain `:.#$%&-+?<>~/` inside (trailing punctuation is
not part of it), as in Pandoc. Author-in-text citations (`@key` without brackets) are
not read: on web pages they are too often e-mail addresses and handles.
"""

from __future__ import annotations

import re

from kettools.ingest.document import Citation

_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&\-+?<>~/]*[\w])?"
_PART = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*-?@(?P<key>{_KEY})(?P<rest>.*)$", re.DOTALL)
GROUP = re.compile(r"\[(?=[^\[\]]*@)[^\[\]\n]*(?:\n[^\[\]\n]+)*\]")


def parse_group(text: str, start: int) -> list[Citation] | None:
    """Parse `text` (a whole `[...]` group found at source offset `start`); None if not one."""
    inner = text[1:-1]
    citations: list[Citation] = []
    pos = 1
    for part in inner.split(";"):
        match = _PART.match(part)
        if match is None or "@" in match.group("rest"):
            return None
        if re.search(r"\w$", match.group("prefix")):  # "info@example.org": not a citation
            return None
        key_start = start + pos + match.start("key")
        locator = match.group("rest").strip().lstrip(",").strip()
        citations.append(
            Citation(
                key=match.group("key"),
                start=key_start - 1,
                end=key_start + len(match.group("key")),
                locator=locator,
                group_start=start,
                group_end=start + len(text),
            )
        )
        pos += len(part) + 1
    return citations or None


def extract(plain: str, offsets: list[int]) -> tuple[str, list[int], list[Citation]]:
    """Remove citation groups from already-plain text (text and HTML input)."""
    if "@" not in plain:
        return plain, offsets, []
    parts: list[str] = []
    kept: list[int] = []
    citations: list[Citation] = []
    pos = 0
    for match in GROUP.finditer(plain):
        parsed = parse_group(match.group(), offsets[match.start()])
        if parsed is None:
            continue
        parts.append(plain[pos : match.start()])
        kept.extend(offsets[pos : match.start()])
        citations.extend(parsed)
        pos = match.end()
    parts.append(plain[pos:])
    kept.extend(offsets[pos:])
    return "".join(parts), kept, citations
