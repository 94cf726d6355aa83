"""`kettools check [PATHS]`: parse options, build the engine's inputs, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kettools import engine
from kettools.cli.common import fail, jobs_option, one_line_errors, today
from kettools.cli.progress import Progress, use_color
from kettools.engine import gitdiff
from kettools.engine.cache import FOLDER
from kettools.files.atomic import write_chunks
from kettools.inputs.config import Config, find_config_file, load_config
from kettools.report import REPORTERS
from kettools.report.base import ReportOptions
from kettools.results import baseline as baseline_mod


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Exit 1 when a finding is at or above this severity (default: error).",
)
@click.option("--select", multiple=True, help="Only these codes, names or categories (repeatable).")
@click.option("--ignore", multiple=True, help="Leave out these codes, names or categories.")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report (auto: on a terminal, unless NO_COLOR is set or FORCE_COLOR).",
)
@click.option("--quiet", "-q", is_flag=True, help="Text report: only the findings, one line each.")
@click.option(
    "--statistics", is_flag=True, help="Text report: a count per rule instead of the findings."
)
@click.option(
    "--show-info",
    is_flag=True,
    help="Text report: show info findings in full (by default each file lists them by code "
    "on one line, and the review's scorecard sums up its criteria not met; also with "
    "--fail-on info).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every current finding to this baseline file, then report as usual.",
)
@click.option(
    "--diff-base",
    metavar="REF",
    default=None,
    help="Report only findings on lines changed since this git ref.",
)
@jobs_option
@click.option("--no-cache", is_flag=True, help="Do not read or write .kettools_cache/.")
@one_line_errors
def check(
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output: Path | None,
    color: str,
    quiet: bool,
    statistics: bool,
    show_info: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    diff_base: str | None,
    jobs: int,
    no_cache: bool,
) -> None:
    """Check articles (default: the configured sources folder) and report findings.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage,
    configuration or unreadable input.
    """
    start = paths[0] if paths else Path.cwd()
    config = load_config(
        start,
        {"fail_on": fail_on, "select": list(select), "ignore": list(ignore)},
        named=[*paths, *(p for p in (baseline,) if p is not None)],
    )
    if statistics and fmt != "text":
        fail("--statistics works with --format text only")
    if not paths:
        _need_sources(config)
    targets = list(paths) or [config.sources_dir]
    cache = None if no_cache else config.root / FOLDER
    progress = Progress(enabled=not quiet)
    try:
        result = engine.check(
            targets, config, today(), detail=False, jobs=jobs, cache=cache, progress=progress
        )
    finally:
        progress.close()
    if write_baseline is not None:
        baseline_mod.write(write_baseline, result.findings)
    if baseline is not None:
        result = result.keep(
            baseline_mod.new_findings(result.findings, baseline_mod.load(baseline))
        )
    if diff_base is not None:
        changed = gitdiff.changed_lines(diff_base)
        result = result.keep(
            [
                f
                for f in result.findings
                if gitdiff.touches(changed.get(f.path, frozenset()), f.line, f.end_line)
            ]
        )
    if not result.files:
        where = ", ".join(engine.display_path(t) for t in targets)
        click.echo(f"kettools: no articles in {where} (.md, .txt or .html files)", err=True)
    colored = use_color(color, sys.stdout) and (output is None or color == "always")
    infos = show_info or config.fail_on == "info"
    options = ReportOptions(color=colored, quiet=quiet, statistics=statistics, infos=infos)
    chunks = REPORTERS[fmt](options).chunks(result)
    if output is not None:
        write_chunks(output, chunks)
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False, color=colored)
    sys.exit(result.exit_code(config.fail_on))


def _need_sources(config: Config) -> None:
    """A bare `kettools check` where there is no sources folder: say what to do."""
    if config.sources_dir.is_dir():
        return
    where = engine.display_path(config.sources_dir)
    found = find_config_file(Path.cwd())
    origin = f"`sources` in {engine.display_path(found)}" if found else "the default"
    fail(
        f"nothing to check: the sources folder '{where}' ({origin}) does not exist. "
        "Run `kettools init` to set up this repository, name the files or folders to check "
        "(`kettools check articles/`), or set `sources` in [tool.kettools]."
    )
