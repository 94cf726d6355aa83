"""`kettools extract [PATHS]`: write or update each article's claims sidecar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kettools import engine
from kettools.claims import sidecar
from kettools.cli.common import one_line_errors, today
from kettools.config import load_config
from kettools.ingest import InputError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if a sidecar is missing or out of date.")
@one_line_errors
def extract(paths: tuple[Path, ...], check_only: bool) -> None:
    """Write `<slug>.claims.yaml` beside each article (default: the configured sources folder).

    Editors curate the sidecar: `review` (status, note, by, date, evidence), `caveats`
    and comments are kept on every run; the other fields are refreshed from the article;
    a claim whose sentence is gone is marked `stale: true`, never deleted. A sidecar
    that is invalid is reported with its line and left untouched.

    Exit codes: 0 done (or, with --check, every sidecar current); 1 with --check, a
    sidecar missing or out of date; 2 usage, configuration, unreadable article or
    invalid sidecar.
    """
    start = paths[0] if paths else Path.cwd()
    config = load_config(start, {})
    targets = list(paths) or [config.sources_dir]
    project = engine.Project.load(config, today())
    errors = outdated = 0
    for path in engine.discover(targets, config):
        shown = engine.display_path(path)
        side = engine.display_path(sidecar.sidecar_path(path))
        try:
            claims = engine.read_claims(project, path, shown).claims
            if check_only:
                old, new = sidecar.status(path, claims, config.max_file_bytes)
                if old != new:
                    outdated += 1
                    click.echo(f"{side}: out of date" + (" (missing)" if old is None else ""))
            else:
                done = sidecar.update(path, claims, config.max_file_bytes)
                if done != "unchanged":
                    click.echo(f"{side}: {done} ({len(claims)} claims)")
        except InputError as exc:
            errors += 1
            click.echo(f"kettools: error: {shown}:{exc.line}: {exc}", err=True)
        except sidecar.SidecarError as exc:
            errors += 1
            click.echo(f"kettools: error: {side}:{exc.line}: {exc.reason} (left unchanged)",
                       err=True)
        except OSError as exc:
            errors += 1
            click.echo(f"kettools: error: {side}: cannot write: {exc.strerror or exc}", err=True)
    sys.exit(2 if errors else 1 if outdated else 0)
