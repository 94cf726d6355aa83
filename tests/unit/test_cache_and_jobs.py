"""The cache and --jobs never change what is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from tests.conftest import ROOT


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    for n in range(6):  # enough files for the process pool to be used with -j 2
        shutil.copy(
            tmp_path / "sources" / "ketamine-clinic-flawed.md", tmp_path / "sources" / f"copy{n}.md"
        )
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "sources", "--format", "json", *args])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_cached_results_equal_uncached_results(project: Path) -> None:
    fresh = run("--no-cache", "-j", "1")
    assert not (project / ".kettools_cache").exists()
    assert run("-j", "1") == fresh  # fills the cache
    assert any((project / ".kettools_cache").rglob("*.json"))
    assert run("-j", "1") == fresh  # served from the cache


def test_cache_is_invalidated_by_article_catalog_and_bibliography(project: Path) -> None:
    run("-j", "1")
    article = project / "sources" / "copy0.md"
    article.write_text(article.read_text() + "\nKetamine is a miracle cure [@dean2021].\n")
    assert run("-j", "1") == run("--no-cache", "-j", "1")
    caveats = project / "sources" / "catalog" / "ketamine.yaml"
    caveats.write_text(caveats.read_text().replace("Pregnancy", "Pregnancy (edited)"))
    assert run("-j", "1") == run("--no-cache", "-j", "1")
    refs = project / "sources" / "flawed-references.yaml"
    refs.write_text(refs.read_text() + "\n")
    assert run("-j", "1") == run("--no-cache", "-j", "1")


def test_corrupt_cache_entries_are_ignored_and_rebuilt(project: Path) -> None:
    fresh = run("-j", "1")
    entries = list((project / ".kettools_cache").rglob("*.json"))
    for entry in entries:
        entry.write_text("{truncated")
    assert run("-j", "1") == fresh
    assert all(e.read_text().startswith('{"findings"') for e in entries)


def test_parallel_output_is_identical_to_serial(project: Path) -> None:
    assert run("--no-cache", "-j", "2") == run("--no-cache", "-j", "1")
