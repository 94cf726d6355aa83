"""`kettools check`: exit codes, bad input, and the JSON wire format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from tests.conftest import ROOT

GOOD = ROOT / "sources" / "esketamine-treatment-resistant-depression.md"
FLAWED = ROOT / "sources" / "ketamine-clinic-flawed.md"
FINDINGS_SCHEMA = json.loads((ROOT / "schemas" / "findings.schema.json").read_text())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project (config, catalog, references) to add bad files to."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_accurate_article_passes_with_exit_0() -> None:
    code, out, _ = run(str(GOOD))
    assert code == 0, out
    assert "0 errors" in out


def test_flawed_article_fails_with_exit_1() -> None:
    code, out, _ = run(str(FLAWED))
    assert code == 1
    assert "error KT" in out


def test_fail_on_never_exits_0_and_still_reports() -> None:
    code, out, _ = run(str(FLAWED), "--fail-on", "never")
    assert code == 0
    assert "error KT" in out


def test_fail_on_warning_counts_warnings(project: Path) -> None:
    (project / "sources" / "w.md").write_text(
        "---\ntitle: W\nnext_review: 2020-01-01\n---\n\nPlain words here.\n"
    )
    code, out, _ = run("sources/w.md", "--select", "KT606")
    assert code == 0, out
    code, out, _ = run("sources/w.md", "--select", "KT606", "--fail-on", "warning")
    assert code == 1, out


def test_text_format_lines(project: Path) -> None:
    _, out, _ = run("sources/ketamine-clinic-flawed.md")
    assert out.splitlines()[0].startswith("sources/ketamine-clinic-flawed.md: ")  # the file's block
    first = out.splitlines()[1]
    path, line, col, rest = first.split(":", 3)
    assert path == "sources/ketamine-clinic-flawed.md"
    assert int(line) >= 1 and int(col) >= 1
    assert rest.startswith(" error KT") or rest.startswith(" warning KT")
    assert out.splitlines()[-1].startswith("1 file checked:")


def test_json_output_validates_against_the_schema() -> None:
    _, out, _ = run(str(GOOD), str(FLAWED), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, FINDINGS_SCHEMA)
    assert data["version"] == 2 and data["summary"]["files"] == 2
    assert len(data["files"]) == 2
    assert data["files"][0]["path"].endswith(GOOD.name)
    assert data["files"][0]["review"]["rating"] > data["files"][1]["review"]["rating"]
    assert data["summary"]["error"] == sum(f["severity"] == "error" for f in data["findings"])
    categories = {f["category"] for f in data["findings"]}
    assert {"unsupported", "overstated", "metadata", "content-hygiene", "input"} <= categories


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", 3),
        ("latin1.md", b"# Title\n\nCaf\xe9 au lait.\n", 3),
        ("empty.md", b"", 1),
        ("spaces.txt", b"   \n\n  ", 1),
        ("badyaml.md", b"---\ntitle: [unclosed\nother: x\n---\n\nText.\n", 3),
        ("unclosed.md", b"---\ntitle: x\n\nText.\n", 1),
        ("listfm.md", b"---\n- a\n- b\n---\n\nText.\n", 2),
        ("nul.txt", b"Some text\x00more\n", 1),
        ("baddate.md", b"---\ntitle: T\npublished: 2026-13-01\n---\n\nText.\n", 2),
    ],
)
def test_bad_input_is_one_finding_and_exit_2(
    project: Path, name: str, data: bytes, line: int
) -> None:
    (project / "sources" / name).write_bytes(data)
    code, out, err = run(f"sources/{name}", "--format", "json")
    assert code == 2
    assert "Traceback" not in out + err
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "KT001" and finding["category"] == "input"
    assert finding["path"] == f"sources/{name}" and finding["line"] == line


def test_unknown_front_matter_key_is_an_input_finding_at_its_line(project: Path) -> None:
    (project / "sources" / "typo.md").write_text(
        "---\ntitle: T\nlast_reveiwed: 2026-01-01\n---\n\nText.\n"
    )
    code, out, _ = run("sources/typo.md", "--select", "input", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert (finding["code"], finding["line"]) == ("KT002", 3)
    assert code == 1


def test_missing_path_is_a_one_line_error(project: Path) -> None:
    code, _, err = run("nope/")
    assert code == 2
    assert err.strip().count("\n") == 0 and "nope" in err and "Traceback" not in err


def test_unknown_config_key_names_file_and_key(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.kettools]\nfail_onn = 'error'\n")
    code, _, err = run("sources")
    assert code == 2
    assert "pyproject.toml" in err and "fail_onn" in err


def test_broken_catalog_is_a_one_line_error_with_file_and_line(project: Path) -> None:
    (project / "sources" / "catalog" / "broken.yaml").write_text("drug:\n  id: x\n  name: [\n")
    code, _, err = run("sources")
    assert code == 2
    assert "broken.yaml:" in err and "Traceback" not in err


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("kettools, version ")


def test_output_writes_the_report_to_a_file(project: Path) -> None:
    code, out, _ = run(
        "sources/ketamine-clinic-flawed.md", "--format", "json", "--output", "r.json"
    )
    assert code == 1 and out == ""
    assert json.loads((project / "r.json").read_text())["summary"]["files"] == 1


def test_color_always_and_never(project: Path) -> None:
    _, always, _ = run("sources/ketamine-clinic-flawed.md", "--color", "always")
    _, never, _ = run("sources/ketamine-clinic-flawed.md", "--color", "never")
    assert "\x1b[31merror\x1b[0m" in always and "\x1b[" not in never


def test_severity_overrides_from_config(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.kettools]\nseverity = { overstated = 'info', KT101 = 'warning' }\n"
    )
    code, out, _ = run(
        "sources/ketamine-clinic-flawed.md",
        "--format",
        "json",
        "--select",
        "overstated",
        "--select",
        "KT101",
    )
    found = json.loads(out)["findings"]
    assert found and all(
        f["severity"] == ("warning" if f["code"] == "KT101" else "info") for f in found
    )
    assert code == 0  # nothing at error level is left


def test_select_and_ignore_take_codes_names_and_categories(project: Path) -> None:
    _, out, _ = run(
        "sources/ketamine-clinic-flawed.md",
        "--format",
        "json",
        "--select",
        "overstated",
        "--ignore",
        "hype-term",
        "--ignore",
        "KT202",
    )
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert codes and codes <= {"KT203", "KT204", "KT205", "KT315", "KT322"}


def test_a_yaml_merge_key_in_front_matter_is_read(project: Path) -> None:
    (project / "sources" / "merge.md").write_text(
        "---\n<<: {title: T, audience: x}\n---\n\nText.\n"
    )
    code, out, err = run("sources/merge.md", "--select", "input", "--format", "json")
    assert "Traceback" not in err and code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "KT002" and "audience" in finding["message"]
