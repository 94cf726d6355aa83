"""A progress bar on standard error, and whether to colour: what a terminal user sees.

The bar is drawn only when standard error is a terminal and the run is long: it
appears after `DELAY` seconds, so a quick run (or one served from the cache) prints
nothing extra, and it is erased before the report is written.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 1.0  # seconds before the bar appears
_EVERY = 0.1  # seconds between redraws
_BAR = 30  # characters of bar


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color always|never` wins; else NO_COLOR (set and not empty) turns colour off,
    FORCE_COLOR (set and not empty) turns it on, and a terminal decides."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


class Progress:
    """`progress(done, total)`: redraws `checking [####    ] 12/400` on `stream`."""

    def __init__(
        self, stream: TextIO | None = None, label: str = "checking", *, enabled: bool = True
    ) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.enabled = enabled and self.stream.isatty()
        self.start = time.monotonic()
        self.drawn = 0.0  # when it was last drawn (0: never)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < DELAY or (now - self.drawn < _EVERY and done < total):
            return
        full = _BAR * done // max(total, 1)
        bar = "#" * full + " " * (_BAR - full)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = now

    def close(self) -> None:
        """Erase the bar, so the report starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
