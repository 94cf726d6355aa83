"""`kettools export [PATHS] --to jsonld,fhir,pdf,html --out DIR`."""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import click

from kettools import __version__, engine
from kettools.cli.common import fail, jobs_option, one_line_errors, today
from kettools.export import (
    EXPORTERS,
    Exporter,
    ExportError,
    ExportInput,
    ExportOptions,
    exporter,
)
from kettools.files.atomic import write_bytes
from kettools.inputs.config import Config, load_config
from kettools.report.text import TextReporter


def _formats(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown or not names:
        raise click.BadParameter(f"choose from {', '.join(EXPORTERS)}; got {value!r}")
    return names


@functools.cache
def _exporters(formats: tuple[str, ...], options: ExportOptions) -> dict[str, Exporter]:
    """The exporters, made once per process."""
    return {name: exporter(name, options) for name in formats}


def _safe(name: str) -> str:
    """A folder name from a file name: letters, digits, '.', '_' and '-' kept, anything
    else '-'; no leading '.' or '-' (so never '..' or hidden); 'article' if nothing is left."""
    kept = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
    return kept.lstrip(".-") or "article"


def folder_for(shown: str, config: Config) -> Path:
    """Where an article's exports go, relative to the export folder: its path relative to
    the sources folder (else the project root, else its own folder) without the suffix,
    each part made `_safe`. `sources/a.md` -> `a`, `sources/nhs/a.md` -> `nhs/a`."""
    path = Path(os.path.abspath(shown))
    for base in (config.sources_dir, config.root.resolve(), path.parent):
        for candidate in (path, path.resolve()):
            if candidate.is_relative_to(base):
                parts = candidate.relative_to(base).with_suffix("").parts
                return Path(*(_safe(part) for part in parts))
    return Path(_safe(path.stem))  # pragma: no cover - path.parent always holds path


def folders(files: list[tuple[Path, str]], config: Config, out_dir: Path) -> dict[str, Path]:
    """The export folder of each article; UsageError when two articles of the run would
    write the same folder, or one would write outside `out_dir` (through a symlink)."""
    found: dict[str, Path] = {}
    owner: dict[Path, str] = {}
    out = out_dir.resolve()
    for _, shown in files:
        folder = out_dir / folder_for(shown, config)
        if folder in owner:
            raise engine.UsageError(
                f"{shown} and {owner[folder]} would both export to "
                f"{engine.display_path(folder)}/: rename one"
            )
        if not folder.resolve().is_relative_to(out):
            raise engine.UsageError(
                f"{engine.display_path(folder)} leads outside {out_dir}: refused"
            )
        owner[folder] = shown
        found[shown] = folder
    return found


_Done = tuple[str, list[tuple[str, bool]]]  # (status, lines as (text, to stderr))


@dataclass(frozen=True)
class _Job:
    """Export one checked article; run where it was checked (a worker process, or here)."""

    formats: tuple[str, ...]
    options: ExportOptions
    folders: dict[str, Path]  # display path -> export folder
    allow_errors: bool
    explain: bool = False

    def __call__(self, project: engine.Project, result: engine.FileResult) -> _Done:
        """(status, lines to print as (text, to stderr)); status is "exported", "refused",
        "unreadable" or "failed" (an exporter error: the run stops with exit code 2)."""
        show = TextReporter().line
        if result.unreadable:
            return "unreadable", [(show(f), True) for f in result.findings]
        slug = Path(result.path).stem
        item = ExportInput.from_result(
            result, slug, project.catalog, project.config, project.today, __version__
        )
        if not item.validated and not self.allow_errors:
            errors = sum(1 for f in item.findings if f.severity.value == "error")
            why = f"{errors} error-level findings (fix them, or pass --allow-errors)"
            return "refused", [(f"{result.path}: refused: {why}", True)]
        note = "" if item.validated else " (NOT VALIDATED: exported with --allow-errors)"
        lines: list[tuple[str, bool]] = []
        for name, exp in _exporters(self.formats, self.options).items():
            try:
                output = exp.export(item)
            except ExportError as exc:
                return "failed", [*lines, (f"kettools: error: {result.path}: {name}: {exc}", True)]
            target = self.folders[result.path] / exp.filename
            try:
                write_bytes(target, output.data)
            except OSError as exc:
                shown = engine.display_path(target)
                error = f"kettools: error: {shown}: cannot write: {exc.strerror or exc}"
                return "failed", [*lines, (error, True)]
            lines.append((f"wrote {engine.display_path(target)}{note}", False))
            lines += [(f"  {line}", False) for line in output.notes]
            lines += [(show(finding), True) for finding in output.findings]
        if self.explain:
            lines += _explain(item, result.path)
        return "exported", lines


def _explain(item: ExportInput, path: str) -> list[tuple[str, bool]]:
    """The leaflet's sentences that are left out, each with its place and reason."""
    from kettools.export.leaflet.content import article_drug
    from kettools.export.leaflet.place import place

    placement = place(item, article_drug(item))
    out = placement.left_out()
    lines = [
        (
            f"{path}: leaflet: {len(placement.sentences) - len(out)} sentences placed, "
            f"{len(out)} left out",
            False,
        )
    ]
    for p in out:
        lines.append((f"{path}:{p.line}:{p.column}: left out: {p.reason}: {p.text}", False))
    return lines


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
    "--explain",
    is_flag=True,
    help="List the article's sentences the leaflet leaves out, each with its reason.",
)
@jobs_option
@one_line_errors
def export(
    paths: tuple[Path, ...],
    to: str,
    out: Path | None,
    allow_errors: bool,
    page_size: str | None,
    embed_data: bool,
    explain: bool,
    jobs: int,
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
    config = load_config(start, named=paths)
    out_dir = out or config.root / "exports"
    run_date = today()
    project = engine.Project.load(config, run_date)
    files = engine.targets(list(paths) or [config.sources_dir], config)
    where = folders(files, config, out_dir)
    job = _Job(tuple(formats), ExportOptions(page_size, embed_data), where, allow_errors, explain)
    _exporters(job.formats, job.options)  # a bad template or stylesheet stops here, once
    # checked and exported one article at a time (in --jobs processes), reported in order:
    # memory stays flat however many articles there are
    done = engine.results(project, files, work=job, jobs=jobs)
    counts: Counter[str] = Counter()
    with (
        closing(done),  # stops the worker processes on any exit
        click.progressbar(
            done,
            length=len(files),
            label="exporting",
            file=sys.stderr,
            hidden=len(files) < 20 or not sys.stderr.isatty(),
        ) as progress,
    ):
        for status, lines in progress:
            for text, err in lines:
                click.echo(text, err=err)
            if status == "failed":
                sys.exit(2)
            counts[status] += 1
    sys.exit(2 if counts["unreadable"] else 1 if counts["refused"] else 0)
