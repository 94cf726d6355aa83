"""Regular expressions compiled once per machine instead of once per process.

A one-file `kettools check` compiles about 250 regular expressions: the lexicons'
(a few hundred kilobytes of alternations), the rules' and the libraries' (PyYAML,
markdown-it). Python parses and compiles a pattern in Python code, and this was the
largest cost of a run after the imports. The engine's program for a pattern (a list
of integers) and its group names are what that work produces.

`warm()`, called first thing by the command line, reads the programs kept by earlier
runs and puts the compiled patterns in the `re` module's own cache, so that every
`re.compile` of the same text and flags, ours or a library's, finds it there. On
Python 3.11 a pattern is built from its program when `re` first looks it up (a check
uses about 550 of the 800 or more patterns that the commands keep), elsewhere at once.
`keep()`, at exit, adds the patterns this run compiled that were not kept yet. Nothing
else changes: the code keeps calling `re.compile`.

Trust, as with the results cache (docs/decisions.md): the file is in the user's own
cache folder (`$XDG_CACHE_HOME`, else `~/.cache`, then `kettools/patterns-<python>.bin`,
the folder made with mode 700 and refused when others can write to it;
`KETTOOLS_PATTERN_CACHE=off` turns it off). It is used only when its header names this
Python and this regular-expression engine, the digest of its programs matches, and
each entry's group names and numbers agree and its program passes the engine's own
validator; an entry that fails is left out, a file that fails is ignored and
rewritten, never a crash. An entry is keyed on the pattern's full text and flags, and
built by the compiler `re.compile` uses, so it cannot change what a pattern matches.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import contextlib
import functools
import hashlib
import json
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from kettools.files.state import private

_MAGIC = b"kettools-patterns 1\n"
_VARIABLE = "KETTOOLS_PATTERN_CACHE"
#: At most this many patterns are kept. A one-file check compiles about 600 (the lexicons,
#: the rules, the review's word lists, the libraries'), more than the 512 the `re` module
#: caches by default, so `warm` lets its cache hold them all: otherwise the lexicons,
#: compiled first, were pushed out by later patterns and compiled again on every run.
LIMIT = 1500
_TYPE = "I" if _sre.CODESIZE == 4 else "H"
#: The file is written again only when the new patterns hold this many characters
#: (compiling takes about 1.4 us of CPU per character: 5,000 are about 7 ms). A few
#: patterns are built from sets, whose order changes with every process (tokenize's,
#: markdown-it's: about 1,000 characters); they would otherwise rewrite the file on every
#: run. Counting characters, instead of timing their compilation as before, spares each
#: run the 2 ms of compiling them once more only to find them not worth keeping.
WORTH = 5000
#: Fewer characters are written when none of them is such a pattern in another order
#: (`_lasting`): the patterns a newer kettools adds (or that a kind of article reaches)
#: are compiled in every run otherwise, when they come to less than WORTH (the review's
#: cues added 2,400 characters, 3 ms of every run, that no write ever kept).
LASTING = 1000

#: A pattern's program as the file holds it: bytes, or a view of the file's bytes.
Program = bytes | memoryview

#: The entries `warm` read, with their programs: (text, flags) -> (entry, program bytes).
_kept: dict[tuple[str, int], tuple[Any, Program]] = {}


def _build() -> str:
    return f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}"


def path() -> Path | None:
    """The cache file, or None when turned off or its folder is not the user's own."""
    if os.environ.get(_VARIABLE, "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "kettools"
    if not _private(folder):
        return None
    tag = hashlib.sha256(_build().encode()).hexdigest()[:16]
    return folder / f"patterns-{tag}.bin"


_private = functools.cache(private)  # once per folder and process


def _cache() -> dict[Any, Any] | None:
    """The `re` module's cache of compiled patterns, where this Python has one."""
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def _compiled(entry: Any, code: list[int]) -> re.Pattern[str] | None:
    """The pattern of one entry, or None unless every check passes."""
    text, flags, all_flags, groups, groupindex, indexgroup = entry
    if not (
        isinstance(text, str)
        and isinstance(flags, int)
        and isinstance(all_flags, int)
        and isinstance(groups, int)
        and isinstance(groupindex, dict)
        and isinstance(indexgroup, list)
        and len(indexgroup) == groups + 1
        and sum(1 for g in indexgroup if g is not None) == len(groupindex)
        and all(
            isinstance(n, int) and 0 < n <= groups and indexgroup[n] == name
            for name, n in groupindex.items()
        )
    ):
        return None
    try:  # RuntimeError: the engine's validator refused the program
        compiled: re.Pattern[str] = _sre.compile(
            text, all_flags, code, groups, groupindex, tuple(indexgroup)
        )
    except (RuntimeError, TypeError, ValueError, OverflowError):
        return None
    return compiled


def _entries(file: Path) -> list[tuple[Any, Program]]:
    """(entry, program bytes) of every well-formed entry of the file, not yet checked by
    the engine (`_compiled` does that); [] if the file is invalid."""
    try:
        data = file.read_bytes()
        if not data.startswith(_MAGIC):
            return []
        head_end = data.index(b"\n", len(_MAGIC))
        head = json.loads(data[len(_MAGIC) : head_end])
        body = memoryview(data)[head_end + 1 :]  # the programs are views of it, not copies
        if head["build"] != _build() or head["sha256"] != hashlib.sha256(body).hexdigest():
            return []
        size = _sre.CODESIZE
        found: list[tuple[Any, Program]] = []
        for entry, start, length in head["entries"]:
            if not (isinstance(start, int) and isinstance(length, int) and min(start, length) >= 0):
                continue
            if (start + length) * size > len(body) or len(entry) != 6:
                continue
            found.append((entry, body[start * size : (start + length) * size]))
        return found
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return []


def _build_one(entry: Any, code: Program) -> re.Pattern[str] | None:
    program = array(_TYPE)
    program.frombytes(code)
    return _compiled(entry, program.tolist())


def _read(file: Path) -> list[tuple[Any, Program, re.Pattern[str]]]:
    """(entry, program bytes, compiled pattern) of every valid entry of the file; [] if
    the file is invalid."""
    found = []
    for entry, code in _entries(file):
        compiled = _build_one(entry, code)
        if compiled is not None:
            found.append((entry, code, compiled))
    return found


class _Lazy(dict):  # type: ignore[type-arg]
    """The `re` module's cache, where a kept pattern is built from its program the first
    time `re` looks it up: a check uses about 550 of the patterns other commands kept too."""

    def __missing__(self, key: Any) -> re.Pattern[str]:
        found = _pending.pop(key, None)
        compiled = _build_one(*found) if found is not None else None
        if compiled is None:  # not kept, or refused: `re` compiles it as usual
            if found is not None:
                _kept.pop(key[1:], None)  # and `keep` writes the program `re` makes
            raise KeyError(key)
        self[key] = compiled
        return compiled


#: Kept patterns not built yet, as `re`'s cache keys them: (str, text, flags) -> parts.
_pending: dict[tuple[Any, str, int], tuple[Any, Program]] = {}


def warm() -> None:
    """Put the kept patterns in the `re` module's cache (see the module's documentation):
    where `re` looks patterns up by indexing its cache (Python 3.11), each is built when
    first looked up; elsewhere all are built now."""
    cache = _cache()
    file = path()
    if cache is None or file is None:
        return
    re._MAXCACHE = max(re._MAXCACHE, LIMIT + 100)  # type: ignore[attr-defined]
    lazy = not hasattr(re, "_cache2")  # 3.12 looks up _cache2, then pops from _cache
    if lazy and type(cache) is dict:
        cache = re._cache = _Lazy(cache)  # type: ignore[attr-defined]
    for entry, code in _entries(file):
        text, flags = entry[0], entry[1]
        if not (isinstance(text, str) and isinstance(flags, int)):
            continue
        if lazy:
            _pending[str, text, flags] = (entry, code)
        else:
            compiled = _build_one(entry, code)
            if compiled is None:
                continue
            cache[str, text, flags] = compiled
        _kept[text, flags] = (entry, code)


def _parts(text: str, flags: int) -> tuple[Any, bytes] | None:
    """What `re._compiler.compile` hands the engine, as an entry and its program."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(text, flags)
        code: list[int] = _compiler._code(parsed, flags)
        groupindex: dict[str, int] = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        entry = [text, flags, flags | parsed.state.flags, parsed.state.groups - 1]
        return [*entry, groupindex, indexgroup], array(_TYPE, code).tobytes()
    except Exception:  # another Python's internals, or a pattern only bytes can hold
        return None


def _lasting(missing: list[tuple[str, int]]) -> int:
    """The characters of the `missing` patterns that are not a kept pattern with its
    characters in another order (a pattern built from a set, see WORTH)."""
    shapes: dict[tuple[int, int], list[str]] = {}
    for text, flags in _kept:
        shapes.setdefault((len(text), flags), []).append(text)
    return sum(
        len(text)
        for text, flags in missing
        if not any(sorted(other) == sorted(text) for other in shapes.get((len(text), flags), ()))
    )


def keep() -> None:
    """Write the file again when this run compiled patterns it does not hold (at exit)."""
    from kettools.files.atomic import write_bytes

    cache = _cache()
    file = path()
    if cache is None or file is None:
        return
    unused = [(text, flags) for _, text, flags in _pending]  # kept, not used by this run
    used = [
        (key[1], key[2])
        for key in list(cache)
        if isinstance(key, tuple) and len(key) == 3 and key[0] is str and isinstance(key[2], int)
    ]
    wanted = [*unused, *used][-LIMIT:]  # the unused first: LIMIT leaves them out first
    missing = [k for k in wanted if k not in _kept]
    size = sum(len(text) for text, _ in missing)
    if size < WORTH and (size < LASTING or _lasting(missing) < LASTING):
        return  # nothing new, or only patterns that differ in every process (see WORTH)
    new = {k: _parts(*k) for k in missing}
    entries: list[Any] = []
    programs: list[Program] = []
    start = 0
    for text, flags in wanted:
        parts = _kept.get((text, flags)) or new.get((text, flags))
        if parts is None:
            continue
        entry, code = parts
        entries.append([entry, start, len(code) // _sre.CODESIZE])
        programs.append(code)
        start += len(code) // _sre.CODESIZE
    body = b"".join(programs)
    head = {"build": _build(), "sha256": hashlib.sha256(body).hexdigest(), "entries": entries}
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_bytes(file, _MAGIC + json.dumps(head).encode() + b"\n" + body)
