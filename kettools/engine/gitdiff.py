"""Lines changed since a git ref, for `check --diff-base REF`.

Changed lines come from `git diff --unified=0 REF` (the working tree against REF);
files git does not track yet count as changed everywhere. Paths are relative to the
current folder and `printable`, as findings show them: names git quotes (non-ASCII,
control characters: `"caf\\303\\251.md"`) are unquoted, and the tab git puts after a
name with a space is dropped.
"""

from __future__ import annotations

import re

from kettools.errors import KettoolsError
from kettools.files.names import printable

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
_FILE = re.compile(r"^\+\+\+ (.+)$", re.MULTILINE)
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
_QUOTED = re.compile(r"\\([0-7]{3}|.)")
ALL_LINES = frozenset({-1})  # marker: every line of the file changed


class DiffError(KettoolsError):
    """git is missing, this is not a repository, or the ref is unknown."""


def _git(*args: str) -> str:
    import subprocess  # here: a check without --diff-base does not pay for it

    try:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[0]
        raise DiffError(f"git {args[0]}: {message}")
    return done.stdout


def unquote(name: str) -> str:
    """A name as git prints it in a patch header, as kettools prints it."""
    name = name.removesuffix("\t")
    if len(name) >= 2 and name[0] == name[-1] == '"':

        def byte(match: re.Match[str]) -> str:
            code = match.group(1)
            value = int(code, 8) if len(code) == 3 else _ESCAPES.get(code, ord(code))
            return chr(value)  # one byte, as a latin-1 character

        raw = _QUOTED.sub(byte, name[1:-1]).encode("latin-1", "surrogateescape")
        name = raw.decode("utf-8", "surrogateescape")
    return printable(name.removeprefix("b/"))


def changed_lines(ref: str) -> dict[str, frozenset[int]]:
    """Path -> changed line numbers (ALL_LINES for untracked files)."""
    if ref.startswith("-"):
        raise DiffError(f"not a git ref: {ref!r}")
    diff = _git("diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", ref, "--")
    changed: dict[str, set[int]] = {}
    for section in re.split(r"^diff --git ", diff, flags=re.MULTILINE)[1:]:
        target = _FILE.search(section)
        if target is None or target.group(1) == "/dev/null":
            continue
        lines = changed.setdefault(unquote(target.group(1)), set())
        for hunk in _HUNK.finditer(section):
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            lines.update(range(start, start + count))
    result = {path: frozenset(lines) for path, lines in changed.items()}
    for path in _git("ls-files", "-z", "--others", "--exclude-standard").split("\0"):
        if path:
            result[printable(path)] = ALL_LINES
    return result


def touches(lines: frozenset[int], first: int, last: int) -> bool:
    return lines is ALL_LINES or any(first <= n <= last for n in lines)
