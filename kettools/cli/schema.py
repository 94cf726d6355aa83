"""`kettools schema [--check]`: write or verify the JSON Schemas generated from the models."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kettools.checks.policies import schemas_dir
from kettools.models import schemas


@click.command()
@click.option(
    "--check", "verify", is_flag=True, help="Exit 1 if a schema file differs from the models."
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Schema folder (default: the project's schemas/).",
)
def schema(verify: bool, folder: Path | None) -> None:
    """Generate the structural JSON Schemas from the pydantic models."""
    target = folder or schemas_dir()
    if verify:
        stale = schemas.drift(target)
        for name in stale:
            click.echo(f"{target / name}: out of date; run `kettools schema`", err=True)
        sys.exit(1 if stale else 0)
    for name in schemas.write(target):
        click.echo(f"wrote {target / name}")
