"""`kettools export [PATHS] --to jsonld,fhir,pdf,html --out DIR`."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from pathlib import Path

import click

from kettools import __version__, engine
from kettools.atomic import write_bytes
from kettools.cli.common import fail, one_line_errors, today
from kettools.config import load_config
from kettools.export import EXPORTERS, ExportError, ExportInput, ExportOptions, exporter
from kettools.report.text import TextReporter


def _formats(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown or not names:
        raise click.BadParameter(f"choose from {', '.join(EXPORTERS)}; got {value!r}")
    return names


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--to", "to", default=",".join(EXPORTERS), show_default=True, help="Comma-separated formats."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: exports/ in the project).",
)
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Export articles with error-level findings too; the output says it was not validated.",
)
@click.option(
    "--page-size",
    type=click.Choice(["a4", "letter"]),
    default=None,
    help="Leaflet page size (default: leaflet_page_size in the config, else a4).",
)
@click.option(
    "--embed-data",
    is_flag=True,
    help="PDF leaflet as PDF/A-3b with the JSON-LD and FHIR exports attached.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Check articles in N processes (default: one per CPU); the output is the same.",
)
@one_line_errors
def export(
    paths: tuple[Path, ...],
    to: str,
    out: Path | None,
    allow_errors: bool,
    page_size: str | None,
    embed_data: bool,
    jobs: int | None,
) -> None:
    """Export checked articles as JSON-LD, FHIR bundles and patient leaflets (HTML, PDF).

    An article with error-level findings is refused unless --allow-errors is given.
    Exit codes: 0 all exported; 1 an article was refused; 2 usage, configuration or
    unreadable input.
    """
    try:
        formats = _formats(to)
    except click.BadParameter as exc:
        fail(f"--to: {exc.message}")
    start = paths[0] if paths else Path.cwd()
    config = load_config(start)
    out_dir = out or config.root / "exports"
    run_date = today()
    project = engine.Project.load(config, run_date)
    files = engine.targets(list(paths) or [config.sources_dir], config)
    # one article at a time, in order: memory stays flat however many are exported
    results = engine.results(project, files, jobs=jobs or os.cpu_count() or 1)
    options = ExportOptions(page_size=page_size, embed_data=embed_data)
    exporters = {name: exporter(name, options) for name in formats}
    show = TextReporter().line
    refused = unreadable = 0
    with (
        closing(results),  # stops the worker processes on any exit
        click.progressbar(
            results,
            length=len(files),
            label="exporting",
            file=sys.stderr,
            hidden=len(files) < 20 or not sys.stderr.isatty(),
        ) as progress,
    ):
        for file_result in progress:
            if file_result.unreadable:
                for finding in file_result.findings:
                    click.echo(show(finding), err=True)
                unreadable += 1
                continue
            slug = Path(file_result.path).stem
            item = ExportInput.from_result(
                file_result, slug, project.catalog, config, run_date, __version__
            )
            if not item.validated and not allow_errors:
                errors = sum(1 for f in item.findings if f.severity.value == "error")
                click.echo(
                    f"{file_result.path}: refused: {errors} error-level findings "
                    "(fix them, or pass --allow-errors)",
                    err=True,
                )
                refused += 1
                continue
            note = "" if item.validated else " (NOT VALIDATED: exported with --allow-errors)"
            for name, exp in exporters.items():
                try:
                    output = exp.export(item)
                except ExportError as exc:
                    fail(f"{file_result.path}: {name}: {exc}")
                target = out_dir / slug / exp.filename
                write_bytes(target, output.data)
                click.echo(f"wrote {engine.display_path(target)}{note}")
                for line in output.notes:
                    click.echo(f"  {line}")
                for finding in output.findings:
                    click.echo(show(finding), err=True)
    sys.exit(2 if unreadable else 1 if refused else 0)
