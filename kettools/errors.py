"""The one base class of the problems an editor can fix: a bad file, option or setting.

A command reports any `KettoolsError` as one line, `kettools: error: ...` naming the
file (and its line, where known), and exits with code 2: never a traceback. Each part of
kettools raises its own subclass (ConfigError, CatalogError, YamlError, ...), so callers
can still tell them apart.
"""

from __future__ import annotations


class KettoolsError(ValueError):
    """A problem with an input or an option, reported as one line. `line` is the 1-based
    line of the file where it went wrong (1 for the whole file, or an option)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line
