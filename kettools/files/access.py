"""The one rule for every file kettools reads from a project.

A file is read only when its real path (every symlink followed) lies inside one of the
run's *allowed folders*: the project root (the folder of the configuration file, else
the current folder) and the paths named on the command line. This covers articles,
sidecars, bibliographies, catalog files, policies, leaflet templates (and what they
include) and stylesheets, baselines and config paths. A symlink that leads outside is
refused as `PermissionError` ("outside the project"), which every reader already turns
into a finding or a one-line error naming the file. kettools' own packaged files are
not project files and are read directly.

Commands set the allowed folders with `confine` (the CLI's `one_line_errors` resets
them when a command ends); without a call, as in library use, nothing is confined.
Folders are listed with `listdir`/`walk`, which raise on an unreadable folder instead
of skipping it silently, as `Path.glob` does.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

_allowed: tuple[Path, ...] = ()
_HERE = Path(__file__).resolve().parents[1]  # the kettools package
#: kettools' own data (packaged policies: `kettools/_schemas` in a wheel, `schemas/` in a checkout)
OWN = (_HERE, _HERE.parent / "schemas")


class OutsideProject(PermissionError):
    """A file whose real path leaves the allowed folders."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, "outside the project (symlinks followed): refused")
        self.filename = str(path)


def confine(*folders: Path) -> None:
    """Allow reading only inside `folders` (a file named there is allowed itself)."""
    global _allowed
    _allowed = tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders))


def reset() -> None:
    """Lift the confinement (the end of a command)."""
    global _allowed
    _allowed = ()


def allowed() -> tuple[Path, ...]:
    return _allowed


def check(path: Path) -> Path:
    """The real path of `path`, or OutsideProject when it leaves the allowed folders."""
    real = Path(os.path.realpath(path))
    if _allowed and not any(real.is_relative_to(a) for a in (*_allowed, *OWN)):
        raise OutsideProject(path)
    return real


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a project file; OSError (OutsideProject, too large, unreadable)."""
    real = check(path)
    with open(real, "rb") as handle:
        if max_bytes is not None and os.fstat(handle.fileno()).st_size > max_bytes:
            raise OSError(errno.EFBIG, f"file larger than max_file_bytes ({max_bytes})")
        return handle.read()


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """UTF-8 text of a project file (OSError or UnicodeDecodeError)."""
    return read_bytes(path, max_bytes).decode("utf-8")


def listdir(folder: Path) -> list[Path]:
    """The entries of a folder, sorted; OSError when it cannot be read (never skipped)."""
    check(folder)
    with os.scandir(folder) as entries:
        return sorted(folder / entry.name for entry in entries)


def walk(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, sorted, symlinked folders not entered; OSError for an
    unreadable folder."""
    for entry in listdir(folder):
        if entry.is_dir() and not entry.is_symlink():
            yield from walk(entry)
        else:
            yield entry
