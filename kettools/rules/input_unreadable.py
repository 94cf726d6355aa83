"""KT001: a file that cannot be read as an article."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule


class UnreadableFile(Rule):
    """A file that cannot be read as an article: unreadable, binary, empty or not UTF-8.

    The engine reports this when ingest fails, at the line where reading failed;
    nothing else is checked in that file and `check` exits with code 2.

    Failing: a `.md` file saved as Latin-1 with a byte 0xE9 on line 3, or a PNG renamed
    to `.txt`.

    Passing: any UTF-8 (or UTF-16 with a byte-order mark) text file with content.
    """

    code = "KT001"
    name = "unreadable-file"
    category = "input"
    severity = Severity.error
    help = "Save the file as UTF-8 text. Binary and empty files cannot be checked."

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # reported by the engine when ingest fails
