"""The `kettools` command line; `main` is the entry point (`kettools.cli.main`)."""

from __future__ import annotations


def main() -> None:
    from kettools.cli.main import main as run

    run()
