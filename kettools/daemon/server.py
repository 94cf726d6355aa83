"""`kettools daemon`: a process that has imported kettools once and runs each command in
a fresh fork of itself, so that `kettools check FILE` answers without paying for the
imports and the lexicon compilation again.

Each request is one connection on a Unix socket in a folder only this user can open (and
the peer's user id is checked where the system tells it). The fork takes the client's
standard streams (passed as file descriptors), folder, environment, umask and arguments,
runs the ordinary command line, and reports the exit code. Nothing of one command
survives into the next: every command runs in its own process, and reads the project's
config, catalog and policies itself. The daemon only keeps what depends on kettools
alone (imported modules, compiled lexicons), and exits when one of kettools' own files
changes (the client then runs the command itself), when stopped, or after
`idle` seconds without a request.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any

from kettools import __version__, packaged
from kettools.daemon.client import DaemonError, check_folder, connect, send

IDLE_SECONDS = 3600


def warm_up() -> None:
    """Import what commands need and compile the lexicons, once, before any fork."""
    from kettools.claims import lexicon
    from kettools.cli import check, classify, extract, main  # noqa: F401
    from kettools.report import REPORTERS  # noqa: F401

    for name in lexicon.NAMES:
        lexicon.load(name)


def prepare_folder(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    check_folder(path)


def listen(path: Path) -> socket.socket:
    """A listening socket at `path`; refuses when a daemon already answers there."""
    prepare_folder(path.parent)
    running = connect(path)
    if running is not None:
        running.close()
        raise DaemonError(f"a daemon is already running at {path}")
    path.unlink(missing_ok=True)  # left by a daemon that died
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(16)
    return server


def _peer_uid(conn: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return None  # the folder's mode still keeps other users out
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", creds)[1])


class Daemon:
    def __init__(self, server: socket.socket, path: Path, idle: float = IDLE_SECONDS) -> None:
        self.server = server
        self.path = path
        self.idle = idle
        self.started = time.time()
        self.served = 0
        self.files = packaged.fingerprint()

    def serve(self) -> None:
        """Answer requests until stopped, stale or idle; then remove the socket."""
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forks are reaped by the system
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.server.settimeout(self.idle)
        try:
            while True:
                try:
                    conn, _ = self.server.accept()
                except TimeoutError:
                    return
                with conn:
                    try:
                        if not self._answer(conn):
                            return
                    except OSError:  # the client hung up: it is its own loss
                        continue
        finally:
            self.server.close()
            self.path.unlink(missing_ok=True)

    def _answer(self, conn: socket.socket) -> bool:
        """Handle one connection; False when the daemon should stop."""
        conn.settimeout(10)
        if _peer_uid(conn) not in (None, os.getuid()):
            return True
        message, fds = _read_request(conn)
        try:
            if message.get("stop"):
                send(conn, {"stopped": True})
                return False
            if message.get("status"):
                send(conn, self.status())
                return True
            if packaged.fingerprint() != self.files:
                send(conn, {"stale": True})
                return False
            if len(fds) != 3 or not isinstance(message.get("argv"), list):
                return True
            self.served += 1
            if os.fork() == 0:  # the fork runs the command and never returns
                self.server.close()
                _run(conn, message, fds)
            return True
        finally:
            _close(fds)

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "version": __version__,
            "socket": str(self.path),
            "up_seconds": round(time.time() - self.started),
            "served": self.served,
        }


def _read_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """The request line and the descriptors sent with it ({} when unreadable)."""
    try:
        data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
        chunks = [data]
        while data and not data.endswith(b"\n") and len(chunks) < 256:
            data = conn.recv(1 << 16)
            chunks.append(data)
    except OSError:
        return {}, []
    try:
        message = json.loads(b"".join(chunks))
    except ValueError:
        message = None
    return (message if isinstance(message, dict) else {}), fds


def _close(fds: list[int]) -> None:
    for fd in fds:
        os.close(fd)


def _run(conn: socket.socket, message: dict[str, Any], fds: list[int]) -> None:
    """In the fork: become the client's process and run its command line."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(message["cwd"])
        os.environ.clear()
        os.environ.update(message["env"])
        time.tzset()  # local time follows the client's TZ
        os.umask(message["umask"])
        sys.stdin, sys.stdout, sys.stderr = _streams(message["encodings"])
        sys.argv = ["kettools", *message["argv"]]
        send(conn, {"pid": os.getpid()})
        from kettools.cli.main import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
    except BaseException:  # reported on the client's stderr, as a run of its own would
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):
                stream.flush()
        try:
            send(conn, {"exit": code})
        finally:
            os._exit(0)


def _streams(encodings: list[list[str | None]]) -> tuple[Any, Any, Any]:
    """Text streams on descriptors 0-2 with the client's encodings; line-buffered on a
    terminal, as Python's own are."""
    made = []
    for fd, (encoding, errors) in enumerate(encodings):
        made.append(
            io.TextIOWrapper(
                open(fd, "rb" if fd == 0 else "wb", closefd=False),  # noqa: SIM115 - kept for the run
                encoding=encoding or "utf-8",
                errors=errors or "strict",
                line_buffering=fd > 0 and os.isatty(fd),
                write_through=fd == 2,
            )
        )
    return made[0], made[1], made[2]
