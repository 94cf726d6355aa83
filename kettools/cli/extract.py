"""`kettools extract [PATHS]`: write or update each article's claims sidecar."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from kettools import engine
from kettools.claims import sidecar
from kettools.cli.common import jobs_option, one_line_errors, today
from kettools.ingest import InputError
from kettools.inputs.config import load_config
from kettools.models.claims import ClaimRecord

Read = tuple[Path, list[ClaimRecord] | str]  # (article, its claims or its error)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if a sidecar is missing or out of date.",
)
@jobs_option
@one_line_errors
def extract(paths: tuple[Path, ...], check_only: bool, jobs: int) -> None:
    """Write `<slug>.claims.yaml` beside each article (default: the configured sources folder).

    Editors curate the sidecar: `review` (status, note, by, date, evidence), `caveats`
    and comments are kept on every run; the other fields are refreshed from the article;
    a claim whose sentence is gone is marked `stale: true`, never deleted. A sidecar
    that is invalid is reported with its line and left untouched. With `--jobs N`
    articles are read in N processes; messages come in article order, as with one.

    Exit codes: 0 done (or, with --check, every sidecar current); 1 with --check, a
    sidecar missing or out of date; 2 usage, configuration, unreadable article or
    invalid sidecar.
    """
    start = paths[0] if paths else Path.cwd()
    config = load_config(start, {}, named=paths)
    targets = list(paths) or [config.sources_dir]
    project = engine.Project.load(config, today())
    files = engine.targets(targets, config)
    sync = Sync(check_only, config.max_file_bytes)
    errors = outdated = 0
    for outcome, message in engine.results(project, files, work=sync, jobs=jobs, step=_read):
        errors += outcome == "error"
        outdated += outcome == "outdated"
        if message:
            click.echo(message, err=outcome == "error")
    sys.exit(2 if errors else 1 if outdated else 0)


def _read(project: engine.Project, path: Path, shown: str) -> Read:
    try:
        return path, engine.read_claims(project, path, shown).claims
    except InputError as exc:
        return path, f"kettools: error: {shown}:{exc.line}: {exc}"


@dataclass(frozen=True, slots=True)
class Sync:
    """Bring one article's sidecar up to date (or, with `check_only`, compare it):
    ("error" | "outdated" | "", the line to print)."""

    check_only: bool
    max_bytes: int

    def __call__(self, project: engine.Project, read: Read) -> tuple[str, str]:
        path, claims = read
        if isinstance(claims, str):
            return "error", claims
        side = engine.display_path(sidecar.sidecar_path(path))
        try:
            if self.check_only:
                old, new = sidecar.status(path, claims, self.max_bytes)
                if old == new:
                    return "", ""
                return "outdated", f"{side}: out of date" + (" (missing)" if old is None else "")
            done = sidecar.update(path, claims, self.max_bytes)
            return "", "" if done == "unchanged" else f"{side}: {done} ({len(claims)} claims)"
        except sidecar.SidecarError as exc:
            return "error", f"kettools: error: {side}:{exc.line}: {exc.reason} (left unchanged)"
        except OSError as exc:
            return "error", f"kettools: error: {side}: cannot write: {exc.strerror or exc}"
