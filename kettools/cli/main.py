"""The `kettools` command: a click group; each command lives in its own module."""

from __future__ import annotations

import io
import sys

import click

from kettools import __version__
from kettools.cli.check import check
from kettools.cli.classify import classify
from kettools.cli.export import export
from kettools.cli.extract import extract
from kettools.cli.rules_cmd import explain, rules
from kettools.cli.schema import schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kettools")
def cli() -> None:
    """Check health articles the way a careful medical editor would, and export what passes."""


cli.add_command(check)
cli.add_command(schema)
cli.add_command(export)
cli.add_command(classify)
cli.add_command(extract)
cli.add_command(rules)
cli.add_command(explain)


def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # a stray lone surrogate prints as \udxxx
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    cli(prog_name="kettools")
