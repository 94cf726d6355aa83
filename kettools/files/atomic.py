"""Atomic writes: a temporary file in the same folder, flushed, then renamed over the target."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path


def _mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask (not 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write(
    path: Path, pieces: Iterable[bytes], before_replace: Callable[[], None] | None = None
) -> None:
    """Write the pieces to a temporary file beside `path`, flush it to disk, then rename
    it over `path`: readers see the old file or the new one, never a part.

    `before_replace` runs just before the rename; an exception from it (such as "the file
    changed since it was read") leaves `path` as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: a run that writes no file does not import it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode(path))
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    _write(path, (data,))


def write_text(path: Path, text: str, before_replace: Callable[[], None] | None = None) -> None:
    _write(path, (text.encode("utf-8"),), before_replace)


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """`write_text` of the concatenated chunks, encoded and written one at a time."""
    _write(path, (chunk.encode("utf-8") for chunk in chunks))
