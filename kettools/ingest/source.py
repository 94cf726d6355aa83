"""Source text: decoding, line-ending normalisation and exact 1-based positions.

Every span in kettools points into the file as an editor sees it in an editor:
lines are split at LF, CRLF or a lone CR; columns count characters (a tab is one
column) after a UTF-8 byte-order mark is removed. Internally the text keeps its
characters but all line breaks become LF, so offsets map to the same line and
column as in the original file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kettools.errors import KettoolsError
from kettools.models.base import Span

_LINE_BREAK = re.compile(r"\r\n?")


class DecodeError(KettoolsError):
    """The bytes are not a text file kettools can read. Carries a 1-based line."""


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16: {exc.reason}") from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise DecodeError("binary file (contains NUL bytes)", data.count(b"\n", 0, nul) + 1)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DecodeError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start})", line
            ) from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        raise DecodeError("binary file (contains NUL bytes)", text.count("\n", 0, nul) + 1)
    return text


def normalise_newlines(text: str) -> str:
    return _LINE_BREAK.sub("\n", text) if "\r" in text else text


@dataclass(slots=True)
class SourceText:
    """A decoded file with LF line breaks and an index of line starts."""

    text: str
    line_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts = starts

    @classmethod
    def from_bytes(cls, data: bytes) -> SourceText:
        return cls(normalise_newlines(decode(data)))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line=line, column=column, end_line=end_line, end_column=end_column)

    def slice(self, span: Span) -> str:
        return self.text[
            self.offset(span.line, span.column) : self.offset(span.end_line, span.end_column)
        ]

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self.line_starts)
