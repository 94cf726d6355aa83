"""What every command shares: the run date, and turning known errors into one line, exit 2."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from kettools.engine import printable
from kettools.errors import KettoolsError
from kettools.files import access

P = ParamSpec("P")
R = TypeVar("R")


def _workers(ctx: click.Context, param: click.Parameter, value: int | None) -> int:
    return value or os.cpu_count() or 1


jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    callback=_workers,
    help="Handle the articles in N processes (default: one per core); the output is the same.",
)


def today() -> dt.date:
    """The run's date: SOURCE_DATE_EPOCH when set (reproducible runs), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            fail(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
    return dt.datetime.now(dt.UTC).date()


def fail(message: str) -> None:
    """`kettools: error: MESSAGE` on one line (control characters escaped), exit code 2."""
    click.echo(f"kettools: error: {printable(' '.join(message.split(chr(10))))}", err=True)
    sys.exit(2)


def os_error(exc: OSError) -> str:
    """One line for an OSError: the file and the reason."""
    where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
    return f"{where}{exc.strerror or exc}"


def one_line_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Known input and configuration errors become `kettools: error: ...` and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KettoolsError as exc:
            fail(str(exc))
            raise  # unreachable: fail() exits
        except OSError as exc:  # a file that cannot be read or written, a full disk
            fail(os_error(exc))
            raise
        finally:
            access.reset()

    return wrapper
