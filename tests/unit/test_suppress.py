"""Inline suppressions: what they cover, and that suppressed findings really disappear."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kettools import engine
from kettools.checks.suppress import parse
from kettools.ingest.source import SourceText
from kettools.inputs.config import Config
from tests.conftest import ROOT


def test_next_line_skips_blank_lines_and_ranges_end_at_enable() -> None:
    text = (
        "<!-- kettools-disable-next-line KT201, KT202 -- quoted -->\n\nLine three.\n"
        "<!-- kettools-disable overstated -- advert -->\nfive\nsix\n"
        "<!-- kettools-enable overstated -->\neight\n"
    )
    first, second = parse(SourceText(text))
    assert (first.selectors, first.reason, first.first_line, first.last_line) == (
        ["KT201", "KT202"],
        "quoted",
        3,
        3,
    )
    assert (second.selectors, second.first_line, second.last_line) == (["overstated"], 5, 7)


def test_range_without_enable_runs_to_the_end() -> None:
    (item,) = parse(SourceText("a\n<!-- kettools-disable KT101 -- legacy -->\nb\nc\n"))
    assert (item.first_line, item.last_line) == (3, 5)


def _check(tmp_path: Path, body: str) -> list[tuple[int, str]]:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    shutil.copy(ROOT / "sources" / "references.yaml", sources / "references.yaml")
    article = sources / "a.md"
    article.write_text("---\ntitle: T\nbibliography: references.yaml\n---\n\n" + body)
    config = Config.model_validate(
        {"root": tmp_path, "select": ["overstated", "input"], "ignore": ["KT315", "KT322"]}
    )
    result = engine.check([article], config, dt.date(2026, 11, 22))
    return [(f.line, f.code) for f in result.findings]


def test_suppressed_finding_is_gone_and_others_stay(tmp_path: Path) -> None:
    body = (
        "<!-- kettools-disable-next-line KT201 -- quoting the 2019 press release -->\n"
        "Esketamine is a groundbreaking treatment [@popova2019].\n\n"
        "Esketamine is a revolutionary treatment [@popova2019].\n"
    )
    assert _check(tmp_path, body) == [(9, "KT201")]
