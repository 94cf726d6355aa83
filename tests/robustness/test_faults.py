"""Faults: a run killed mid-write leaves every file whole; concurrent extracts lose
nothing; a corrupted cache is ignored and rebuilt."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kettools.claims import sidecar
from tests.robustness.conftest import assert_clean, kettools

WRITER = """
import sys
from pathlib import Path
from kettools.files.atomic import write_bytes
write_bytes(Path(sys.argv[1]), b"n" * 300_000_000)
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_killed_atomic_write_leaves_the_old_file_whole(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "bundle.json"
    old = b"o" * 1000
    target.write_bytes(old)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    data = target.read_bytes()
    assert data == old or data == b"n" * 300_000_000
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert all(n.startswith(".bundle.json.") and n.endswith(".tmp") for n in leftovers)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(".tmp")
    }


@pytest.mark.slow
def test_killed_export_leaves_every_export_whole(example: Path) -> None:
    args = ("export", "--to", "jsonld,fhir,html", "--out", "out")
    assert kettools(*args, cwd=example).code == 0
    before = _snapshot(example / "out")
    article = example / "sources" / "good.md"
    article.write_text(article.read_text().replace("modest", "small"))
    assert kettools(*args[:-1], "new", cwd=example).code == 0
    after = _snapshot(example / "new")
    assert before != after
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "kettools", *args],
            cwd=example,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _snapshot(example / "out")
        assert set(now) == set(before)
        for name, data in now.items():
            assert data in (before[name], after[name]), (delay, name)
    # leftover temporary files are not articles, and later runs work
    (example / "sources" / ".good.md.x1y2.tmp").write_text("partial \x00")
    run = kettools("check", "--format", "json", cwd=example)
    assert_clean(run, error_lines=0)
    assert json.loads(run.stdout)["summary"]["files"] == 1
    assert kettools(*args, cwd=example).code == 0
    assert _snapshot(example / "out") == after


@pytest.mark.slow
def test_concurrent_extracts_keep_the_editors_note(example: Path) -> None:
    assert kettools("extract", cwd=example).code == 0
    side = example / "sources" / "good.claims.yaml"
    text = side.read_text()
    assert "\n      status: draft\n" in text
    text = text.replace(
        "\n      status: draft\n", "\n      status: draft\n      note: kept-note-7f3a\n", 1
    )
    side.write_text("# editor's comment, kept\n" + text)
    article = example / "sources" / "good.md"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}
    for n in range(3):
        article.write_text(
            article.read_text() + f"\nIn a trial of {40 + n} people, ketamine helped [@daly2018].\n"
        )
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "kettools", "extract"],
                cwd=example,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0 and "Traceback" not in err, err
        loaded = sidecar.load(side, 20_000_000, "good.md")
        assert loaded is not None
        assert "kept-note-7f3a" in loaded.text and "# editor's comment, kept" in loaded.text
        assert any(f"trial of {40 + n} people" in c.text for c in loaded.sidecar.claims)
    assert not list(side.parent.glob("*.lock"))


def test_corrupted_cache_is_ignored_and_rebuilt(example: Path) -> None:
    first = kettools("check", "--format", "json", cwd=example)
    entries = list((example / ".kettools_cache").rglob("*.json"))
    assert entries
    for n, entry in enumerate(entries):
        entry.write_bytes([b"", b"{", b'{"findings": 3}', b"\xff\x00"][n % 4])
    again = kettools("check", "--format", "json", cwd=example)
    assert_clean(again, error_lines=0)
    assert again.stdout == first.stdout and again.code == first.code
    assert all(json.loads(e.read_text())["findings"] is not None for e in entries)


# ---- an editor saving while extract works (compare-and-swap) ----------------------------


def _fresh_claims(project_dir: Path) -> list[object]:
    import datetime as dt

    from kettools import engine
    from kettools.inputs.config import load_config

    config = load_config(project_dir)
    project = engine.Project.load(config, dt.date(2026, 11, 22))
    return list(engine.read_claims(project, project_dir / "sources" / "good.md").claims)


def _editor_saves(side: Path, n: int) -> None:
    side.write_text(side.read_text() + f"# editor-{n}\n")


def test_an_editors_save_during_extract_is_merged_never_overwritten(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kettools("extract", cwd=example).code == 0
    side = example / "sources" / "good.claims.yaml"
    article = example / "sources" / "good.md"
    article.write_text(
        article.read_text() + "\nIn a trial of 41 people, ketamine helped [@daly2018].\n"
    )
    fresh = _fresh_claims(example)
    real = sidecar.render
    saves = [1]

    def render(*args: object) -> str:  # the editor saves while extract merges
        out = real(*args)  # type: ignore[arg-type]
        if saves:
            _editor_saves(side, saves.pop())
        return out

    monkeypatch.setattr(sidecar, "render", render)
    assert sidecar.update(article, fresh, 20_000_000) == "updated"  # type: ignore[arg-type]
    text = side.read_text()
    assert "editor-1" in text and "trial of 41 people" in text


def test_an_editor_saving_on_every_attempt_wins_and_extract_reports_it(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kettools("extract", cwd=example).code == 0
    side = example / "sources" / "good.claims.yaml"
    article = example / "sources" / "good.md"
    article.write_text(
        article.read_text() + "\nIn a trial of 42 people, ketamine helped [@daly2018].\n"
    )
    fresh = _fresh_claims(example)
    real = sidecar.render
    count = [0]

    def render(*args: object) -> str:
        out = real(*args)  # type: ignore[arg-type]
        count[0] += 1
        _editor_saves(side, count[0])
        return out

    monkeypatch.setattr(sidecar, "render", render)
    with pytest.raises(sidecar.SidecarError, match="changed while extract ran"):
        sidecar.update(article, fresh, 20_000_000)  # type: ignore[arg-type]
    text = side.read_text()
    assert f"editor-{sidecar.ATTEMPTS}" in text and "trial of 42 people" not in text


# ---- the cache: every input in the key, entries checked ---------------------------------


def _codes(run: object) -> list[str]:
    return sorted(f["code"] for f in json.loads(run.stdout)["findings"])  # type: ignore[attr-defined]


def test_cache_sees_a_changed_bibliography_of_any_name(example: Path) -> None:
    article = example / "sources" / "good.md"
    refs = example / "sources" / "refs.csl"
    refs.write_text((example / "sources" / "references.yaml").read_text())
    article.write_text(article.read_text().replace("references.yaml", "refs.csl"))
    first = kettools("check", "--format", "json", cwd=example)
    assert "KT302" not in first.stdout and first.code == 0
    refs.write_text("- {id: other, type: book, title: Other}\n")  # every citation now unresolved
    again = kettools("check", "--format", "json", cwd=example)
    fresh = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert again.stdout == fresh.stdout and again.code == fresh.code
    assert _codes(again) != _codes(first)


def test_forged_and_deeply_nested_cache_entries_are_ignored(example: Path) -> None:
    article = example / "sources" / "good.md"
    article.write_text(article.read_text() + "\nThis miracle cure works for everyone.\n")
    first = kettools("check", "--format", "json", cwd=example)
    assert first.code == 1
    (entry,) = list((example / ".kettools_cache").rglob("*.json"))
    data = json.loads(entry.read_text())
    data["findings"] = []  # a pull request hiding every finding
    entry.write_text(json.dumps(data))
    again = kettools("check", "--format", "json", cwd=example)
    assert_clean(again, max_code=1, error_lines=0)
    assert again.stdout == first.stdout and again.code == 1
    entry.write_text("[" * 100_000 + "]" * 100_000)
    for _ in range(2):  # the bad entry crashes neither this run nor the next
        again = kettools("check", "--format", "json", cwd=example)
        assert_clean(again, max_code=1, error_lines=0)
        assert again.stdout == first.stdout


# ---- kill -9 of a parallel run: its workers go too -------------------------------------


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are running (zombies left to init not counted)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killing_a_parallel_extract_stops_its_workers(example: Path) -> None:
    text = (example / "sources" / "good.md").read_text()
    for n in range(60):
        (example / "sources" / f"copy{n:02}.md").write_text(text + f"\nIn {n} people it helped.\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "KETTOOLS_NO_DAEMON": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kettools", "extract", "--jobs", "2"],
        cwd=example,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_alive_in_group(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # until both workers run
    assert len(_alive_in_group(proc.pid)) >= 3, "the workers never started"
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _alive_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive_in_group(proc.pid)
    for pid in left:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert left == []
    for side in (example / "sources").glob("*.claims.yaml"):  # what was written is whole
        assert sidecar.load(side, 20_000_000) is not None


def test_a_cache_folder_leading_outside_the_project_is_not_used(example: Path) -> None:
    outside = example.parent / f"outside-{example.name}"
    outside.mkdir()
    (example / ".kettools_cache").symlink_to(outside)
    run = kettools("check", "--format", "json", cwd=example)
    assert_clean(run, error_lines=0)
    assert list(outside.iterdir()) == []


def test_runs_starting_at_once_share_one_whole_cache_key(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = (
        "from kettools.engine.cache import secret; key = secret(); print(key.hex() if key else '')"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    keys = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert len(keys) == 1 and len(keys.pop()) == 64
    key = tmp_path / "kettools" / "cache.key"
    assert key.stat().st_mode & 0o777 == 0o600
    # no temporary key file is left behind (`state/` is the loaded-state cache)
    assert [p.name for p in key.parent.iterdir() if p.name != "state"] == ["cache.key"]
