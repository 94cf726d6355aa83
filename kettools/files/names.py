"""File names as kettools prints them: on one line, whatever bytes the name holds."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path


def display_path(path: Path) -> str:
    """A path as reports show it: relative to the current folder when inside it, and
    `printable`."""
    try:  # the path as named (a symlink shows as itself), else as resolved
        shown = Path(os.path.abspath(path)).relative_to(os.getcwd()).as_posix()
    except (ValueError, OSError):
        try:
            shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            shown = path.as_posix()
    return printable(shown)


_HIDDEN = frozenset(("Cc", "Cs", "Cf", "Zl", "Zp"))


def printable(text: str) -> str:
    """`text` with control, format and line-separator characters escaped (`\\n`,
    `\\x1b`, `\\u202e`) and bytes of a file name that are not UTF-8 as `\\xff`: a
    hostile file name prints on one line as itself and cannot write a line of its own
    (such as `::error` in a CI log) or reorder what follows it."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif unicodedata.category(char) in _HIDDEN:
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)
