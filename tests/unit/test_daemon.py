"""`kettools daemon`: a command run through it prints, exits and reads input exactly as
the same command run in its own process; the daemon refuses an unsafe socket folder and
steps aside when kettools' own files change."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kettools import packaged
from kettools.daemon import client, server

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "sources/esketamine-treatment-resistant-depression.md"

pytestmark = pytest.mark.skipif(
    not client.supported(), reason="the daemon needs Unix sockets that carry descriptors, and fork"
)


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kettools", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def served(env: dict[str, str]) -> int:
    """How many commands the daemon has run."""
    out = run("daemon", "status", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    return int(json.loads(out.stdout)["served"])


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    """A running daemon in a private folder, and the environment that reaches it."""
    folder = Path(tempfile.mkdtemp(prefix="kt-daemon-"))  # short: socket paths are limited
    base = {k: v for k, v in os.environ.items() if k != client.OFF_VARIABLE}
    base[client.DIR_VARIABLE] = str(folder / "sockets")
    started = run("daemon", "start", "--idle", "120", env=base)
    assert started.returncode == 0, started.stderr
    try:
        yield base
    finally:
        run("daemon", "stop", env=base)
        shutil.rmtree(folder, ignore_errors=True)


def local(env: dict[str, str]) -> dict[str, str]:
    return {**env, client.OFF_VARIABLE: "1"}


def test_check_through_the_daemon_is_the_same_as_in_its_own_process(
    env: dict[str, str],
) -> None:
    args = ("check", "sources", "--no-cache", "--format", "json")
    before = served(env)
    through = run(*args, env=env)
    assert served(env) == before + 1  # it did go through the daemon
    alone = run(*args, env=local(env))
    assert (through.returncode, through.stdout, through.stderr) == (
        alone.returncode,
        alone.stdout,
        alone.stderr,
    )
    assert through.returncode == 1 and '"KT101"' in through.stdout


def test_standard_input_errors_and_exit_codes_pass_through(env: dict[str, str]) -> None:
    sentences = "Ketamine may reduce suicidal thoughts.\nThis is proven to cure depression.\n"
    through = run("classify", "-", env=env, stdin=sentences)
    alone = run("classify", "-", env=local(env), stdin=sentences)
    assert through.stdout == alone.stdout and len(through.stdout.splitlines()) == 2
    missing = run("check", "no-such-folder", env=env)
    assert missing.returncode == 2
    assert missing.stderr == run("check", "no-such-folder", env=local(env)).stderr
    assert "no-such-folder" in missing.stderr


def test_a_stopped_daemon_leaves_commands_to_run_alone(env: dict[str, str]) -> None:
    assert run("daemon", "stop", env=env).returncode == 0
    assert run("daemon", "status", env=env).returncode == 1
    assert not list(Path(env[client.DIR_VARIABLE]).glob("*.sock"))
    alone = run("check", ARTICLE, "--no-cache", env=env)
    assert alone.returncode == 0 and "0 errors" in alone.stdout


def test_a_socket_folder_others_can_open_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != client.OFF_VARIABLE}
    env[client.DIR_VARIABLE] = str(folder)
    started = run("daemon", "start", env=env)
    assert started.returncode == 2
    assert started.stderr.startswith("kettools: error: ") and "mode 700" in started.stderr
    assert len(started.stderr.splitlines()) == 1
    assert client.connect(folder / "x.sock") is None


def test_the_daemon_steps_aside_when_its_files_change(tmp_path: Path) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    daemon = server.Daemon(listener, tmp_path / "d.sock")
    daemon.files = "0" * 64  # as if a file of kettools had changed since the start
    with ours, theirs, listener, theirs.makefile("r") as replies:
        client.send(theirs, client.request(["check", ARTICLE]), [0, 1, 2])
        assert daemon._answer(ours) is False  # the daemon stops ...
        assert client.receive(replies) == {"stale": True}  # ... and the client runs it
    assert daemon.served == 0


def test_the_fingerprint_changes_with_any_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    data = tmp_path / "lexicons" / "causal.yaml"
    data.write_text("groups: {}\n")
    (tmp_path / "__pycache__").mkdir()
    before = packaged.fingerprint(tmp_path)
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # not a source file
    assert packaged.fingerprint(tmp_path) == before
    data.write_text("groups: {a: [b]}\n")
    assert packaged.fingerprint(tmp_path) != before


def test_handing_a_command_over_imports_nothing_heavy() -> None:
    """The client answers before pydantic, click, markdown-it or PyYAML are imported."""
    code = (
        "import sys\n"
        "import kettools.cli, kettools.daemon.client\n"
        "heavy = {'pydantic', 'click', 'markdown_it', 'yaml', 'jsonschema_rs'}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)
