"""Pandoc citations: `[@key]`, `[@a; @b, p. 4]`, `[see @a, pp. 3-4; also -@b]`.

A group is a bracket whose `;`-separated parts each hold one `@key`. A key starts with
a letter, digit or `_` and may contain `:.#$%&-+?<>~/` inside (trailing punctuation is
not part of it), as in Pandoc. Author-in-text citations (`@key` without brackets) are
not read: on web pages they are too often e-mail addresses and handles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kettools.ingest.document import Citation

_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&\-+?<>~/]*[\w])?"
_PART = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*-?@(?P<key>{_KEY})(?P<rest>.*)$", re.DOTALL)
GROUP = re.compile(r"\[(?=[^\[\]]*@)[^\[\]\n]*(?:\n[^\[\]\n]+)*\]")


def parse_group(text: str, offsets: Sequence[int]) -> list[Citation] | None:
    """Parse `text`, a whole `[...]` group; `offsets[i]` is the source offset of `text[i]`
    (entities and markup may make them non-contiguous). None if it is not a citation group."""
    citations: list[Citation] = []
    pos = 1
    for part in text[1:-1].split(";"):
        match = _PART.match(part)
        if match is None or "@" in match.group("rest"):
            return None
        at = match.start("key") - 1  # the '@'
        before = part[at - 1] if at > 0 else " "
        if before == "-":  # "-@key" suppresses the author; look before the '-'
            before = part[at - 2] if at > 1 else " "
        if not before.isspace():  # "info@example.org": an address, not a citation
            return None
        key = match.group("key")
        first = pos + at  # index of '@' in text
        citations.append(
            Citation(
                key=key,
                start=offsets[first],
                end=offsets[first + len(key)] + 1,
                locator=match.group("rest").strip().lstrip(",").strip(),
                group_start=offsets[0],
                group_end=offsets[len(text) - 1] + 1,
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
        parsed = parse_group(match.group(), offsets[match.start() : match.end()])
        if parsed is None:
            continue
        parts.append(plain[pos : match.start()])
        kept.extend(offsets[pos : match.start()])
        citations.extend(parsed)
        pos = match.end()
    parts.append(plain[pos:])
    kept.extend(offsets[pos:])
    return "".join(parts), kept, citations
