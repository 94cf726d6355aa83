"""The pattern cache (kettools/files/patterns.py): kept programs match as re.compile's do, and a
damaged, foreign or tampered file is ignored, never a crash."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kettools.files import patterns
from tests.conftest import ROOT

TEXT = r"(?P<dose>\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\b|(?i:esketamine|ketamine)\s+(\w+)"
FLAGS = re.IGNORECASE


@pytest.fixture()
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache file written by `keep` holding TEXT (and whatever else this process compiled)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(patterns, "WORTH", 0)
    monkeypatch.setattr(patterns, "_kept", {})
    re.compile(TEXT, FLAGS)
    patterns.keep()
    path = patterns.path()
    assert path is not None and path.is_file()
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    return path


def entries(path: Path) -> dict[tuple[str, int], re.Pattern[str]]:
    return {(e[0], e[1]): compiled for e, _, compiled in patterns._read(path)}


def parts(path: Path) -> tuple[dict[str, object], bytes]:
    data = path.read_bytes()
    end = data.index(b"\n", len(patterns._MAGIC))
    return json.loads(data[len(patterns._MAGIC) : end]), data[end + 1 :]


def write(path: Path, head: dict[str, object], body: bytes) -> None:
    path.write_bytes(patterns._MAGIC + json.dumps(head).encode() + b"\n" + body)


def test_a_kept_pattern_matches_as_re_compile_does(cache_file: Path) -> None:
    kept = entries(cache_file)[TEXT, FLAGS]
    fresh = re.compile(TEXT, FLAGS)
    assert kept is not fresh
    assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (
        fresh.pattern,
        fresh.flags,
        fresh.groups,
        fresh.groupindex,
    )
    for text in ["Take 12.5 mg daily", "KETAMINE works", "20 milligrams, then Esketamine spray"]:
        assert [m.groupdict() for m in kept.finditer(text)] == [
            m.groupdict() for m in fresh.finditer(text)
        ]
        assert [m.span(2) for m in kept.finditer(text)] == [m.span(2) for m in fresh.finditer(text)]


def test_warm_puts_kept_patterns_in_re_cache(cache_file: Path) -> None:
    re.purge()
    patterns.warm()
    assert (TEXT, FLAGS) in patterns._kept
    assert re.compile(TEXT, FLAGS).pattern == TEXT
    re.purge()


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "other python", "not a cache file", "empty", "bad json"],
)
def test_a_damaged_or_foreign_file_is_ignored(cache_file: Path, damage: str) -> None:
    head, body = parts(cache_file)
    if damage == "truncated":
        cache_file.write_bytes(cache_file.read_bytes()[:-7])
    elif damage == "flipped byte":
        write(cache_file, head, body[:-1] + bytes([body[-1] ^ 1]))
    elif damage == "other python":
        write(cache_file, {**head, "build": "3.99.0"}, body)
    elif damage == "not a cache file":
        cache_file.write_bytes(b"\x00\xff" * 100)
    elif damage == "empty":
        cache_file.write_bytes(b"")
    else:
        cache_file.write_bytes(patterns._MAGIC + b"{not json\n" + body)
    assert entries(cache_file) == {}
    patterns.warm()  # no exception


def test_a_tampered_program_is_refused_by_the_engine_and_only_it(cache_file: Path) -> None:
    head, body = parts(cache_file)
    listed = head["entries"]
    assert isinstance(listed, list)
    index = next(i for i, e in enumerate(listed) if e[0][0] == TEXT)
    _, start, length = listed[index]
    words = bytearray(body)
    for i in range(start, start + length):  # every word of its program: an opcode no engine has
        words[4 * i : 4 * i + 4] = (0xFFFF).to_bytes(4, sys.byteorder)
    body = bytes(words)
    write(cache_file, {**head, "sha256": hashlib.sha256(body).hexdigest()}, body)
    found = entries(cache_file)
    assert (TEXT, FLAGS) not in found
    assert len(found) == len(listed) - 1  # the others are still used


def test_inconsistent_group_names_are_refused(cache_file: Path) -> None:
    head, body = parts(cache_file)
    listed = head["entries"]
    assert isinstance(listed, list)
    for entry in listed:
        if entry[0][0] == TEXT:
            entry[0][4] = {"dose": 2}  # group 2 has no name
    write(cache_file, head, body)
    assert (TEXT, FLAGS) not in entries(cache_file)


def test_a_folder_others_can_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kettools"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert patterns.path() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh"))
    monkeypatch.setenv("KETTOOLS_PATTERN_CACHE", "off")
    assert patterns.path() is None


def test_check_reports_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    flawed = str(ROOT / "sources" / "ketamine-clinic-flawed.md")
    cmd = [sys.executable, "-m", "kettools", "check", flawed, "--no-cache", "--format", "json"]

    def report(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, env={**env, **extra}, capture_output=True, text=True, cwd=ROOT)

    off = report({"KETTOOLS_PATTERN_CACHE": "off"})
    first = report({})  # compiles and keeps
    assert list(tmp_path.glob("kettools/patterns-*.bin"))
    second = report({})  # reads
    assert off.returncode == first.returncode == second.returncode == 1
    assert off.stdout == first.stdout == second.stdout
    assert second.stderr == ""


@pytest.mark.skipif(hasattr(re, "_cache2"), reason="Python 3.12 and later build them at once")
def test_kept_patterns_are_built_when_first_used(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "_pending", {})
    re.purge()
    patterns.warm()
    assert (str, TEXT, FLAGS) in patterns._pending  # kept, not built
    unused = next(k for k in patterns._pending if k[1] != TEXT)
    compiled = re.compile(TEXT, FLAGS)
    assert (str, TEXT, FLAGS) not in patterns._pending  # built on first use
    assert compiled.groupindex == {"dose": 1}
    assert compiled.search("take 20 mg").group("dose") == "20"  # type: ignore[union-attr]
    # what this run did not use stays kept when the file is written again
    re.compile(r"a pattern (?:only|just) this test compiles", FLAGS)
    patterns.keep()
    assert unused[1:] in entries(cache_file)
    re.purge()


@pytest.mark.skipif(hasattr(re, "_cache2"), reason="Python 3.12 and later build them at once")
def test_a_tampered_program_is_refused_when_first_used(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head, body = parts(cache_file)
    listed = head["entries"]
    assert isinstance(listed, list)
    _, start, length = next(e for e in listed if e[0][0] == TEXT)
    words = bytearray(body)
    for i in range(start, start + length):
        words[4 * i : 4 * i + 4] = (0xFFFF).to_bytes(4, sys.byteorder)
    body = bytes(words)
    write(cache_file, {**head, "sha256": hashlib.sha256(body).hexdigest()}, body)
    monkeypatch.setattr(patterns, "_pending", {})
    monkeypatch.setattr(patterns, "_kept", {})
    re.purge()
    patterns.warm()
    assert (TEXT, FLAGS) in patterns._kept
    compiled = re.compile(TEXT, FLAGS)  # refused by the engine: compiled as usual
    assert compiled.search("take 20 mg").group("dose") == "20"  # type: ignore[union-attr]
    assert (TEXT, FLAGS) not in patterns._kept  # so the next write holds re's own program
    re.purge()


def test_only_patterns_not_kept_in_another_order_count_as_lasting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept = {("(?:alpha|beta|gamma)", 0): (None, b""), ("x", 0): (None, b"")}
    monkeypatch.setattr(patterns, "_kept", kept)
    assert patterns._lasting([("(?:gamma|alpha|beta)", 0)]) == 0  # built from a set
    assert patterns._lasting([("(?:gamma|alpha|beta)", re.I)]) == 20  # other flags
    assert patterns._lasting([("(?:delta|alpha|beta)", 0), ("y", 0)]) == 21
