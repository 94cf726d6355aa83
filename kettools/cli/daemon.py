"""`kettools daemon start|stop|status`: the optional warm process for instant answers."""

from __future__ import annotations

import json
import os
import sys

import click

from kettools.daemon import server
from kettools.daemon.client import DaemonError, ask, socket_path, supported


@click.group()
def daemon() -> None:
    """Keep kettools loaded, so that `kettools check FILE` answers at once (pre-commit).

    While a daemon runs, every kettools command of this user (from this installation)
    runs in a fresh fork of it, on the caller's terminal, folder and environment: the
    output and exit code are the same. It exits when kettools' own files change, when
    stopped, or after --idle seconds without a command. KETTOOLS_NO_DAEMON=1 bypasses it.
    """


@daemon.command()
@click.option(
    "--idle",
    type=click.FloatRange(min=1),
    default=server.IDLE_SECONDS,
    show_default=True,
    help="Exit after this many seconds without a command.",
)
@click.option("--foreground", is_flag=True, help="Serve in this process instead of detaching.")
def start(idle: float, foreground: bool) -> None:
    """Start the daemon for this installation of kettools."""
    if not supported():
        click.echo("kettools: error: the daemon needs fork and Unix sockets", err=True)
        sys.exit(2)
    path = socket_path()
    try:
        listener = server.listen(path)
    except (DaemonError, OSError) as exc:
        click.echo(f"kettools: error: {exc}", err=True)
        sys.exit(2)
    warm = server.Daemon(listener, path, idle)
    if not foreground:
        ready, told = os.pipe()
        if os.fork():  # returns once the daemon is warm, so the next command is quick
            os.close(told)
            with os.fdopen(ready, "rb") as pipe:
                if pipe.read() != b"1":
                    click.echo("kettools: error: the daemon stopped while starting", err=True)
                    sys.exit(2)
            click.echo(f"kettools daemon: started, socket {path}")
            return
        os.close(ready)
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    server.warm_up()
    if not foreground:
        os.write(told, b"1")
        os.close(told)
    warm.serve()
    if not foreground:
        os._exit(0)


@daemon.command()
def stop() -> None:
    """Stop the daemon (exit code 1 when none is running)."""
    if not ask(socket_path(), {"stop": True}):
        click.echo("kettools daemon: not running")
        sys.exit(1)
    click.echo("kettools daemon: stopped")


@daemon.command()
def status() -> None:
    """Print the daemon's state as JSON (exit code 1 when none is running)."""
    state = ask(socket_path(), {"status": True})
    if not state:
        click.echo("kettools daemon: not running")
        sys.exit(1)
    click.echo(json.dumps(state, indent=2))
