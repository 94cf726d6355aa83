"""Build `ExportInput`s from the project's own `sources/`, as `kettools export` does."""

from __future__ import annotations

import functools
from pathlib import Path

from kettools import __version__, engine
from kettools.cli.common import today
from kettools.export import ExportInput
from kettools.inputs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
ACCURATE = "esketamine-treatment-resistant-depression"
FLAWED = "ketamine-clinic-flawed"


@functools.cache
def _inputs(epoch: str) -> dict[str, ExportInput]:
    config = load_config(ROOT / "sources")
    run_date = today()
    project = engine.Project.load(config, run_date)
    result = engine.check([config.sources_dir], config, run_date, project)
    out = {}
    for file_result in result.files:
        if file_result.unreadable:
            continue
        slug = Path(file_result.path).stem
        out[slug] = ExportInput.from_result(
            file_result, slug, project.catalog, config, run_date, __version__
        )
    return out


def export_input(slug: str = ACCURATE) -> ExportInput:
    """The checked article `sources/<slug>.md` (SOURCE_DATE_EPOCH is fixed by conftest)."""
    import os

    return _inputs(os.environ.get("SOURCE_DATE_EPOCH", ""))[slug]


HOSTILE_DOI = '10.1176/a b#c?d%e<f>"g\u00fc'  # space, #, ?, %, <, >, " and a non-ASCII letter


def with_doi(item: ExportInput, key: str, doi: str) -> ExportInput:
    """The same input with reference `key` given another DOI."""
    from dataclasses import replace

    assert item.bibliography is not None
    refs = item.bibliography.references
    changed = {**refs, key: refs[key].model_copy(update={"DOI": doi})}
    return replace(item, bibliography=replace(item.bibliography, references=changed))
