"""`kettools export`: articles checked in --jobs processes give the same files and messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from tests.conftest import ROOT

GOOD = "esketamine-treatment-resistant-depression"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example project with three more copies of the accurate article (five articles,
    enough for two worker processes)."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    for n in range(3):
        shutil.copy(tmp_path / "sources" / f"{GOOD}.md", tmp_path / "sources" / f"copy-{n}.md")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("formats", ["jsonld,fhir", "html"])
def test_jobs_give_the_same_exports_and_messages(project: Path, formats: str) -> None:
    runs = {}
    for jobs in ("1", "2"):
        out = project / f"out-{jobs}"
        result = CliRunner().invoke(
            cli, ["export", "sources", "--to", formats, "--jobs", jobs, "--out", str(out)]
        )
        assert result.exit_code == 1, result.output  # the flawed article is refused
        runs[jobs] = (tree(out), result.stdout.replace(f"out-{jobs}", "out"), result.stderr)
    assert runs["1"] == runs["2"]
    files, stdout, stderr = runs["1"]
    assert "ketamine-clinic-flawed.md: refused" in stderr
    assert {name.split("/")[0] for name in files} == {GOOD, "copy-0", "copy-1", "copy-2"}
    assert stdout.count("wrote ") == len(files)
