"""The source line under a finding, with its words underlined, as ruff and rustc show it.

A long line (a `.txt` paragraph is one line) is cut to a window around the flagged
words, at word boundaries where it can be, and marked `…` where it was cut. Columns
count characters, as findings do; the underline is placed by display width, so wide
(CJK) characters, combining marks and tabs line up on a terminal. Control and format
characters (escape sequences, bidi and zero-width marks) are shown as `�`: text from an
article never drives the terminal.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

WIDTH = 100  # characters of source text shown at most
_LEAD = 24  # characters of context kept before the flagged words in a cut line
_SNAP = 12  # how far a cut may move to land on a space


def _shown(char: str) -> str:
    if char == "\t":
        return " "
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
        return "\ufffd"
    return char


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def clean(text: str) -> str:
    """Text safe to print on a terminal: control and format characters replaced."""
    if text.isprintable():  # no control, format, surrogate or private-use character, no tab
        return text
    return "".join(_shown(c) for c in text)


def _columns(text: str) -> int:
    """The display width of `text` (an ASCII character takes one column)."""
    return len(text) if text.isascii() else sum(_width(c) for c in text)


class Snippet(NamedTuple):
    text: str  # the (possibly cut) line, safe to print
    pad: int  # display columns before the underline
    marks: int  # display columns underlined (at least 1)


def _snap_start(line: str, start: int, limit: int) -> int:
    """Move a cut forward to just after a space, if one is near and before `limit`."""
    space = line.find(" ", start, min(start + _SNAP, limit))
    return space + 1 if space >= 0 else start


def _snap_end(line: str, end: int, floor: int) -> int:
    """Move a cut back to a space, if one is near and after `floor`."""
    space = line.rfind(" ", max(end - _SNAP, floor), end)
    return space if space > floor else end


def cut(line: str, column: int, end_column: int | None, width: int = WIDTH) -> Snippet:
    """The part of `line` to show for a span from `column` (1-based) to `end_column`
    (exclusive; None: to the end of the line)."""
    start = min(max(column - 1, 0), len(line))
    end = len(line) if end_column is None else min(max(end_column - 1, start), len(line))
    lo, hi = 0, len(line)
    if len(line) > width:
        lo = max(0, start - _LEAD) if end - start <= width - _LEAD else max(0, start - 8)
        hi = min(len(line), lo + width)
        if hi == len(line):
            lo = max(0, hi - width)
        if lo > 0:
            lo = _snap_start(line, lo, start)
        if hi < len(line):
            hi = _snap_end(line, hi, end if end < hi else start)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(line) else ""
    text = head + clean(line[lo:hi]) + tail
    pad = len(head) + _columns(line[lo:start])
    marks = _columns(line[start : min(end, hi)])
    return Snippet(text, pad, max(marks, 1))
