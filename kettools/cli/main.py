"""The `kettools` command: a click group; each command lives in its own module."""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys

import click

from kettools import __version__

# command name -> "module:attribute"; a command's module is imported only when it runs,
# so `kettools check` does not pay for the export, extract or classify imports.
COMMANDS = {
    "check": "kettools.cli.check:check",
    "extract": "kettools.cli.extract:extract",
    "classify": "kettools.cli.classify:classify",
    "export": "kettools.cli.export:export",
    "rules": "kettools.cli.rules_cmd:rules",
    "explain": "kettools.cli.rules_cmd:explain",
    "schema": "kettools.cli.schema:schema",
    "init": "kettools.cli.init:init",
    "lsp": "kettools.cli.lsp:lsp",
}


#: Set by the entry point (`kettools.cli:main`), which turns the collector off while
#: importing: it is turned on once the command's module is imported, everything made so
#: far frozen out of its sight (it lives as long as the process).
_collect_after_import = False


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        if _collect_after_import:
            gc.freeze()
            gc.enable()
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kettools")
def cli() -> None:
    """Check health articles the way a careful medical editor would, and export what passes."""


def main(*, collect_after_import: bool = False) -> None:
    """Run the command line (for the entry point, `kettools.cli:main`, which turns the
    collector off while importing and asks to turn it on with `collect_after_import`)."""
    global _collect_after_import
    _collect_after_import = collect_after_import
    # Checking allocates many short-lived objects and few cycles. With Python's default
    # thresholds (700, 10, 10) the collector took 1.1-1.2 s of a 15-17 s run over 1,000
    # articles; with these, 0.08-0.10 s (docs/performance.md).
    gc.set_threshold(10_000, 10, 10)
    for stream in (sys.stdout, sys.stderr):  # a stray lone surrogate prints as \udxxx
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        os.getcwd()
    except OSError as exc:  # the current folder was deleted: every relative path is void
        reason = exc.strerror
        print(f"kettools: error: the current folder cannot be used: {reason}", file=sys.stderr)
        sys.exit(2)
    cli(prog_name="kettools")
