from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on one date, so review-age findings do not change over time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22


@pytest.fixture(autouse=True)
def _own_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """kettools' pattern cache (kettools/files/patterns.py) goes to the test session's folder,
    not the user's ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(autouse=True)
def _unconfined() -> Iterator[None]:
    """`load_config` confines reads to a project (kettools.files.access); each test starts free."""
    from kettools.files import access

    access.reset()
    yield
    access.reset()


def shared_path(*parts: str) -> Path:
    """A path in ../shared; the test is skipped when ../shared is not there (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is only present in CI)")
    return path


def language_figures(shared: Path | None) -> dict[str, Any]:
    """What `python benchmarks/language.py --json` prints: the figures the floors check.
    Run as a program (tests never import benchmarks/); with `shared` None, the project's
    own sentence sets only."""
    args = [sys.executable, str(ROOT / "benchmarks" / "language.py"), "--json"]
    args += ["--shared", str(shared if shared is not None else ROOT / "no-shared-data")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=600)
    figures: dict[str, Any] = json.loads(run.stdout)
    return figures


ONE_ARTICLE = """---
title: T
bibliography: references.yaml
---

Esketamine is a groundbreaking treatment [@popova2019].
"""


def one_article_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the example catalog and references and one article, `sources/a.md`
    (ONE_ARTICLE); it becomes the current folder."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    shutil.copy(ROOT / "sources" / "references.yaml", sources / "references.yaml")
    (sources / "a.md").write_text(ONE_ARTICLE)
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path
