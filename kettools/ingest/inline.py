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
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


_BRACKETS = {"[": re.compile(r"\\.|[\[\]]", re.DOTALL), "(": re.compile(r"\\.|[()]", re.DOTALL)}
_RUN = {ch: re.compile(re.escape(ch) + "+") for ch in "`*_~"}


def _pairs(text: str, opener: str) -> dict[int, int]:
    """Index of the bracket closing each `opener` (`[` or `(`) in `text`; escapes skipped.

    One pass with a stack: the bracket at `i` closes at the first `j` where the count of
    openers and closers between them balances (what a scan from `i` would find), so
    looking a closer up is O(1) and a line full of unclosed brackets stays linear.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKETS[opener].finditer(text):
        ch = match.group()
        if ch == opener:
            stack.append(match.start())
        elif len(ch) == 1 and stack:
            pairs[stack.pop()] = match.start()
    return pairs


class _Renderer:
    def __init__(self, raw: str, raw_offsets: list[int]) -> None:
        self.raw = raw
        self.map = raw_offsets
        self.plain: list[str] = []
        self.offsets: list[int] = []
        self.citations: list[Citation] = []
        self._pairs: dict[str, dict[int, int]] = {}
        self._unclosed: dict[tuple[str, int], int] = {}  # (closer, end) -> none at or after

    def closing(self, open_pos: int, end: int) -> int:
        """Index of the bracket closing the one at `open_pos`, if before `end`; else -1."""
        opener = self.raw[open_pos]
        if opener not in self._pairs:
            self._pairs[opener] = _pairs(self.raw, opener)
        close = self._pairs[opener].get(open_pos, -1)
        return close if close < end else -1

    def find(self, closer: str, start: int, end: int) -> int:
        """`raw.find(closer, start, end)`, remembering failures so repeats cost nothing."""
        if self._unclosed.get((closer, end), end) <= start:
            return -1
        found = self.raw.find(closer, start, end)
        if found < 0:
            self._unclosed[(closer, end)] = start
        return found

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
            run = self.run(k, end)
            close = self.find("`" * run, k + run, end)
            if close < 0:
                self.emit(k, k + run)
                return k + run
            self.emit(k + run, close)
            return close + run
        if ch == "[" or (ch == "!" and raw.startswith("[", k + 1)):
            return self.bracket(k, end)
        if ch in "*_~":
            run = self.run(k, end)
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
            if raw.startswith("<!--", k):
                close = self.find("-->", k + 4, end)
                if close >= 0:
                    return close + 3
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

    def run(self, k: int, end: int) -> int:
        """Length of the run of the character at `k` (backticks, `*`, `_`, `~`)."""
        match = _RUN[self.raw[k]].match(self.raw, k, end)
        return match.end() - k if match else 1

    def bracket(self, k: int, end: int) -> int:
        """A citation group, a link (text kept) or an image (dropped); else a literal '['."""
        raw = self.raw
        image = raw[k] == "!"
        open_pos = k + 1 if image else k
        if not image and (group := GROUP.match(raw, open_pos, end)):
            parsed = parse_group(group.group(), self.map[group.start() : group.end()])
            if parsed is not None:
                self.citations.extend(parsed)
                return group.end()
        close = self.closing(open_pos, end)
        target = close + 1
        if close < 0 or not raw.startswith(("(", "["), target):
            self.emit(k, k + 1)
            return k + 1
        target_end = self.closing(target, end)
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
