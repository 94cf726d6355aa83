"""The `kettools` command line.

`main` is the entry point. It hands the command to a running daemon (`kettools daemon
start`) when there is one, before anything heavy is imported; else it runs it here
(`kettools.cli.main`).
"""

from __future__ import annotations

import sys


def main() -> None:
    from kettools.daemon.client import DaemonError, forward

    try:
        code = forward(sys.argv[1:])
    except DaemonError as exc:
        print(f"kettools: error: {exc}", file=sys.stderr)
        sys.exit(2)
    if code is not None:
        sys.exit(code)
    from kettools.cli.main import main as run_here

    run_here()
