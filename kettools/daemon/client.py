"""Hand a command to a running `kettools daemon`, when there is one.

Only the standard library is imported here: the point is to answer before Python has
imported pydantic, click or markdown-it. The daemon (`server.py`) runs the command in a
fresh fork of a process that has imported them already, on this process's own standard
streams (passed over the socket), in its folder, with its environment and umask, so the
output, the files written and the exit code are those of a run in this process.

Nothing happens without a daemon: `forward` returns None and the command runs here.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import stat
import sys
from pathlib import Path
from typing import Any

import kettools

#: Set to anything but "" or "0" to never use a daemon.
OFF_VARIABLE = "KETTOOLS_NO_DAEMON"
#: The folder that holds the sockets (default: $XDG_RUNTIME_DIR, else /tmp, + kettools-<uid>).
DIR_VARIABLE = "KETTOOLS_DAEMON_DIR"
#: Commands never handed over: the daemon's own.
LOCAL_COMMANDS = frozenset({"daemon"})


class DaemonError(OSError):
    """The daemon's folder is unsafe or the daemon answered something unexpected."""


def folder() -> Path:
    """The private folder of this user's daemon sockets."""
    chosen = os.environ.get(DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_RUNTIME_DIR") or "/tmp"
    return Path(base) / f"kettools-{os.getuid()}"


def socket_path() -> Path:
    """One socket per installed kettools: its folder, version and interpreter."""
    build = f"{Path(kettools.__file__).parent}\0{kettools.__version__}\0{sys.executable}"
    return folder() / f"{hashlib.sha256(build.encode()).hexdigest()[:16]}.sock"


def check_folder(path: Path) -> None:
    """The folder must be this user's and closed to others: anyone who can write there
    could stand in for the daemon."""
    info = path.lstat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077 or not stat.S_ISDIR(info.st_mode):
        raise DaemonError(f"{path}: must be a folder owned by you with mode 700")


def supported() -> bool:
    """Whether this system has what the daemon needs: fork, and Unix sockets that carry
    file descriptors (not Windows)."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def connect(path: Path) -> socket.socket | None:
    """A connection to the daemon at `path`, or None when none is listening."""
    if not supported():
        return None
    try:
        check_folder(path.parent)
    except OSError:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return sock


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """One message: a JSON line (with the file descriptors, if any, on its first byte)."""
    data = (json.dumps(message) + "\n").encode()
    sent = socket.send_fds(sock, [data], fds) if fds else 0
    if sent < len(data):
        sock.sendall(data[sent:])


def receive(stream: Any) -> dict[str, Any]:
    """The next JSON line from a socket's file object; {} when the peer hung up."""
    line = stream.readline()
    if not line:
        return {}
    message = json.loads(line)
    if not isinstance(message, dict):
        raise DaemonError("the daemon sent something that is not a message")
    return message


def ask(path: Path, message: dict[str, Any]) -> dict[str, Any]:
    """Send `message` to the daemon at `path` and return its answer; {} when none answers."""
    sock = connect(path)
    if sock is None:
        return {}
    with sock, sock.makefile("r", encoding="utf-8") as replies:
        send(sock, message)
        return receive(replies)


def request(argv: list[str]) -> dict[str, Any]:
    """What the daemon needs to run `kettools argv` as this process would."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return {
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": _umask(),
        "encodings": [[getattr(s, "encoding", None), getattr(s, "errors", None)] for s in streams],
    }


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def forward(argv: list[str]) -> int | None:
    """Run `kettools argv` in the daemon and return its exit code; None when there is no
    daemon to run it (or it is switched off), and the caller runs it itself."""
    if os.environ.get(OFF_VARIABLE, "") not in ("", "0") or (argv and argv[0] in LOCAL_COMMANDS):
        return None
    sock = connect(socket_path())
    if sock is None:
        return None
    with sock, sock.makefile("r", encoding="utf-8") as replies:
        send(sock, request(argv), [0, 1, 2])
        started = receive(replies)
        if "pid" not in started:  # a stale daemon (kettools changed): it is going away
            return None
        try:
            finished = receive(replies)
        except KeyboardInterrupt:
            os.kill(started["pid"], signal.SIGINT)
            finished = receive(replies)
    code = finished.get("exit")
    if not isinstance(code, int):
        raise DaemonError("the daemon stopped before the command finished")
    return code
