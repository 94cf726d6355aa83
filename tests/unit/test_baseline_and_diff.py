"""Baselines survive line shifts; --diff-base reports only changed lines."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from tests.conftest import ONE_ARTICLE, one_article_project

ARTICLE = ONE_ARTICLE


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return one_article_project(tmp_path, monkeypatch)


def check(*args: str) -> tuple[int, list[tuple[int, str]]]:
    result = CliRunner().invoke(
        cli, ["check", "sources/a.md", "--select", "KT201", "--format", "json", *args]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def test_baseline_accepts_old_findings_after_lines_shift(project: Path) -> None:
    code, found = check("--write-baseline", "base.json")
    assert code == 1 and found == [(6, "KT201")]
    article = project / "sources" / "a.md"
    shifted = ARTICLE.replace("---\n\n", "---\n\nA new first paragraph.\n\nAnother one.\n\n")
    article.write_text(shifted + "\nEsketamine is a revolutionary treatment [@popova2019].\n")
    code, found = check("--baseline", "base.json")
    assert code == 1 and found == [(12, "KT201")]  # only the new one; the old moved to line 10


def test_a_corrupt_baseline_is_a_one_line_error(project: Path) -> None:
    (project / "base.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["check", "sources/a.md", "--baseline", "base.json"])
    assert result.exit_code == 2 and "base.json" in result.stderr


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_base_reports_only_changed_lines(project: Path) -> None:
    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "start")
    article = project / "sources" / "a.md"
    article.write_text(ARTICLE + "\nEsketamine is a revolutionary treatment [@popova2019].\n")
    _, found = check("--diff-base", "HEAD")
    assert found == [(8, "KT201")]
    (project / "sources" / "b.md").write_text(ARTICLE)  # untracked: every line counts
    result = CliRunner().invoke(
        cli, ["check", "sources", "--select", "KT201", "--diff-base", "HEAD", "--format", "json"]
    )
    paths = sorted(f["path"] for f in json.loads(result.stdout)["findings"])
    assert paths == ["sources/a.md", "sources/b.md"]
