"""`kettools init [FOLDER] --drug NAME`: set up an editor's repository (inputs/scaffold.py)."""

from __future__ import annotations

from pathlib import Path

import click

from kettools.cli.common import fail
from kettools.engine.project import display_path
from kettools.inputs import scaffold


@click.command()
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)
@click.option(
    "--drug",
    "drugs",
    multiple=True,
    metavar="NAME",
    help="Write a catalog stub for this drug (repeatable), e.g. --drug esketamine.",
)
def init(folder: Path, drugs: tuple[str, ...]) -> None:
    """Set up a repository for kettools: configuration, sources/, a bibliography to fill
    in, and a catalog stub for each --drug. An existing file is never overwritten.

    Exit codes: 0 done (files that exist are kept and listed); 2 the folder or a file
    cannot be used.
    """
    try:
        done = scaffold.init(folder, list(drugs))
    except scaffold.InitError as exc:
        fail(str(exc))
        return
    for path, what in done.steps:
        click.echo(f"{display_path(path)}: {what}")
    source = display_path(folder / "sources")
    click.echo("")
    click.echo("Next:")
    click.echo(f"  1. Write an article in {source}/ (Markdown with front matter, or .txt, .html).")
    if drugs:
        stubs = ", ".join(f"{scaffold.drug_id(d)}.yaml" for d in drugs)
        click.echo(f"  2. Fill in {source}/catalog/{stubs}: caveats, regulation, codes.")
    else:
        click.echo("  2. Name your drug to get a catalog stub: kettools init --drug NAME")
    click.echo("  3. Run: kettools check")
