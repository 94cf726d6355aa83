"""Lines changed since a git ref, for `check --diff-base REF`.

Changed lines come from `git diff --unified=0 REF` (the working tree against REF);
files git does not track yet count as changed everywhere. Paths are relative to the
current folder, as findings show them.
"""

from __future__ import annotations

import re
import subprocess

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
_FILE = re.compile(r"^\+\+\+ (?:b/)?(.+)$", re.MULTILINE)
ALL_LINES = frozenset({-1})  # marker: every line of the file changed


class DiffError(ValueError):
    """git is missing, this is not a repository, or the ref is unknown."""


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[0]
        raise DiffError(f"git {args[0]}: {message}")
    return done.stdout


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
        lines = changed.setdefault(target.group(1), set())
        for hunk in _HUNK.finditer(section):
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            lines.update(range(start, start + count))
    result = {path: frozenset(lines) for path, lines in changed.items()}
    for path in _git("ls-files", "--others", "--exclude-standard").splitlines():
        result[path] = ALL_LINES
    return result


def touches(lines: frozenset[int], first: int, last: int) -> bool:
    return lines is ALL_LINES or any(first <= n <= last for n in lines)
