"""Render inline Markdown to plain text, keeping the source offset of every character.

Input is a list of source segments (one per line of a block, container markers already
removed). Soft line breaks become a space mapped to the line end. Emphasis markers,
code backticks, link targets, images, inline HTML and citation groups are dropped;
link text and entities are kept. Citations are returned with their source offsets.
"""

from __future__ import annotations

import html
import re

from kettools.ingest.citations import GROUP, parse_group
from kettools.ingest.document import Citation

_SPECIAL = re.compile(r"[\\`!\[*_~<&]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _closing(text: str, open_pos: int, opener: str, closer: str) -> int:
    """Index of the bracket closing the one at `open_pos`, or -1."""
    depth = 0
    i = open_pos
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


class _Renderer:
    def __init__(self, raw: str, raw_offsets: list[int]) -> None:
        self.raw = raw
        self.map = raw_offsets
        self.plain: list[str] = []
        self.offsets: list[int] = []
        self.citations: list[Citation] = []

    def emit(self, i: int, j: int) -> None:
        self.plain.append(self.raw[i:j])
        self.offsets.extend(self.map[i:j])

    def render(self, i: int, end: int) -> None:
        raw = self.raw
        while i < end:
            match = _SPECIAL.search(raw, i, end)
            if match is None:
                self.emit(i, end)
                return
            k = match.start()
            self.emit(i, k)
            i = self.special(k, end)

    def special(self, k: int, end: int) -> int:
        raw, ch = self.raw, self.raw[k]
        if ch == "\\" and k + 1 < end and raw[k + 1] in _ESCAPABLE:
            self.emit(k + 1, k + 2)
            return k + 2
        if ch == "`":
            run = len(raw[k:end]) - len(raw[k:end].lstrip("`"))
            close = raw.find("`" * run, k + run, end)
            if close < 0:
                self.emit(k, k + run)
                return k + run
            self.emit(k + run, close)
            return close + run
        if ch == "[" or (ch == "!" and raw.startswith("[", k + 1)):
            return self.bracket(k, end)
        if ch in "*_~":
            run = len(raw[k:end]) - len(raw[k:end].lstrip(ch))
            before = raw[k - 1] if k > 0 else " "
            after = raw[k + run] if k + run < end else " "
            keep = (before.isspace() and after.isspace()) or (
                ch == "_" and before.isalnum() and after.isalnum()
            )
            if ch == "~" and run == 1:
                keep = True
            if keep:
                self.emit(k, k + run)
            return k + run
        if ch == "<":
            auto = _AUTOLINK.match(raw, k, end)
            if auto:
                self.emit(auto.start(1), auto.end(1))
                return auto.end()
            tag = _TAG.match(raw, k, end)
            if tag:
                return tag.end()
        if ch == "&":
            entity = _ENTITY.match(raw, k, end)
            if entity:
                decoded = html.unescape(entity.group())
                self.plain.append(decoded)
                self.offsets.extend([self.map[k]] * len(decoded))
                return entity.end()
        self.emit(k, k + 1)
        return k + 1

    def bracket(self, k: int, end: int) -> int:
        """A citation group, a link (text kept) or an image (dropped); else a literal '['."""
        raw = self.raw
        image = raw[k] == "!"
        open_pos = k + 1 if image else k
        if not image and (group := GROUP.match(raw, open_pos, end)):
            parsed = parse_group(group.group(), self.map[open_pos])
            if parsed is not None:
                self.citations.extend(parsed)
                return group.end()
        close = _closing(raw[:end], open_pos, "[", "]")
        target = close + 1
        if close < 0 or not raw.startswith(("(", "["), target):
            self.emit(k, k + 1)
            return k + 1
        closer = ")" if raw[target] == "(" else "]"
        target_end = _closing(raw[:end], target, raw[target], closer)
        if target_end < 0:
            self.emit(k, k + 1)
            return k + 1
        if not image:
            self.render(open_pos + 1, close)
        return target_end + 1


def render(segments: list[tuple[int, str]]) -> tuple[str, list[int], list[Citation]]:
    """Render segments `(source_offset, text)` of one block; returns plain, offsets, citations."""
    parts: list[str] = []
    offsets: list[int] = []
    for n, (offset, text) in enumerate(segments):
        if n:
            parts.append(" ")
            prev_offset, prev_text = segments[n - 1]
            offsets.append(prev_offset + len(prev_text))
        parts.append(text)
        offsets.extend(range(offset, offset + len(text)))
    raw = "".join(parts)
    renderer = _Renderer(raw, offsets)
    renderer.render(0, len(raw))
    return "".join(renderer.plain), renderer.offsets, renderer.citations
