"""`kettools lsp`: run the language server on standard input and output."""

from __future__ import annotations

import logging

import click

from kettools.cli.common import today


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Speak over standard input and output (the default).")
@click.option(
    "--debounce",
    type=click.IntRange(min=0, max=10_000),
    default=300,
    show_default=True,
    help="Check this many milliseconds after the last change.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the server's log here (default: standard error, which editors keep).",
)
def lsp(stdio: bool, debounce: int, log_file: str | None) -> None:
    """Run the language server: findings, hover and code actions in your editor.

    Editors start it themselves (docs/editors.md). It checks Markdown, plain-text and
    HTML articles as you type, with the project's config, catalog, bibliography and
    sidecars, and picks up changes to them without a restart.
    """
    today()  # a bad SOURCE_DATE_EPOCH stops here, with its one-line message
    logging.basicConfig(filename=log_file, level=logging.WARNING)
    from kettools.lsp.server import build

    build(today, debounce / 1000).start_io()
