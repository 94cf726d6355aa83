"""Data-driven rule and policy cases: tests/rules/cases/<code>-<name>.yaml.

Each file holds a list of cases `{name, text, expect: [[line, column, code], ...]}` and
optionally `file` (the article's name, default `article.md`) and `files` (extra files
written next to it, name -> text). The article is written into a temporary `sources/`
folder holding a copy of the project's catalog and bibliographies, then checked with
only the file's code selected; the sorted [line, column, code] lists must be equal.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from kettools import engine
from kettools.files import yamlio
from kettools.inputs.config import Config

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
TODAY = dt.date(2026, 11, 22)


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("KT*.yaml")):
        for case in yamlio.load(path.read_text(encoding="utf-8")):
            found.append((path.stem, case))
    return found


ALL = load_cases()


@pytest.mark.parametrize(("stem", "case"), ALL, ids=[f"{s}:{c['name']}" for s, c in ALL])
def test_case(stem: str, case: dict[str, Any], tmp_path: Path) -> None:
    code = stem.split("-", 1)[0]
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    for name in ("references.yaml", "flawed-references.yaml"):
        shutil.copy(ROOT / "sources" / name, sources / name)
    for name, text in (case.get("files") or {}).items():
        (sources / name).write_text(text, encoding="utf-8")
    article = sources / case.get("file", "article.md")
    article.write_text(case["text"], encoding="utf-8")
    config = Config.model_validate({"root": tmp_path, "select": [code]})
    result = engine.check([article], config, TODAY)
    got = sorted([f.line, f.column, f.code] for f in result.findings)
    assert got == sorted(case["expect"]), "\n".join(
        f"{f.line}:{f.column} {f.code} {f.message}" for f in result.findings
    )
