"""`kettools classify`: analyse one sentence per input line, print one JSON object per line.

Every input line gives exactly one output line, in order; a line is never re-split,
and an empty line gives an object too (not a claim, reason "empty").
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from kettools.inputs.catalog import CatalogError, load_catalog
from kettools.inputs.config import ConfigError, load_config
from kettools.language.analysis import Analyzer, SentenceAnalysis
from kettools.models.catalog import Catalog


def to_json(text: str, result: SentenceAnalysis) -> dict[str, Any]:
    """The wire form of one analysed sentence."""
    return {
        "text": text,
        "is_claim": result.is_claim,
        "kind": result.kind.value,
        "strength": result.strength.value,
        "certainty": result.certainty.value,
        "cues": [
            {"kind": c.kind.value, "text": c.text, "start": c.start, "end": c.end}
            for c in result.cues
        ],
        "subject": {
            "intervention": result.intervention,
            "conditions": list(result.conditions),
            "population": result.population,
        },
        "reasons": list(result.reasons),
    }


def _fail(message: str) -> None:
    click.echo(f"kettools classify: {message}", err=True)
    sys.exit(2)


def _catalog(folder: Path | None) -> Catalog | None:
    if folder is None:
        try:  # the project's catalog (`catalog` in [tool.kettools]), when it exists
            folder = load_config(Path.cwd()).catalog_dir
        except ConfigError as exc:
            _fail(str(exc))
            return None  # pragma: no cover
        if not folder.is_dir():
            return None
    elif not folder.is_dir():
        _fail(f"{folder}: catalog folder not found")
    try:
        return load_catalog(folder)
    except CatalogError as exc:
        _fail(str(exc))
    return None  # pragma: no cover


def _lines(stream: IO[str]) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


@click.command("classify")
@click.argument("file", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Catalog folder for subject links [default: the configured catalog, if it exists].",
)
def classify(file: str, catalog_dir: Path | None) -> None:
    """Classify sentences: one per line of FILE (default: standard input)."""
    analyzer = Analyzer(_catalog(catalog_dir))
    out = sys.stdout
    try:
        if file == "-":
            stream: IO[str] = sys.stdin
            _run(analyzer, stream, out)
        else:
            with open(file, encoding="utf-8") as handle:
                _run(analyzer, handle, out)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _fail(f"{file}: cannot read: {reason}")


def _run(analyzer: Analyzer, stream: IO[str], out: IO[str]) -> None:
    for text in _lines(stream):
        record = to_json(text, analyzer.analyze(text))
        out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
