"""The policy engine: metaschema checks, clear errors, project policies, safe patterns."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.checks.policies import PolicyError, builtin_dir, load_policies, load_policy
from kettools.cli.main import cli
from tests.conftest import ROOT

META = {
    "code": "KT950",
    "name": "no-dosing-claims",
    "category": "regulatory",
    "severity": "warning",
    "target": "claim",
    "message": "this {kind} claim gives a dose",
    "help": "Dosing belongs in the prescribing information.",
}


def write(folder: Path, name: str, schema: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(schema) if not isinstance(schema, str) else schema)
    return path


def test_not_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "type": "object",\n  oops\n}')
    with pytest.raises(PolicyError, match=r"bad\.json:3: invalid JSON"):
        load_policy(path)


def test_invalid_schema_is_refused_with_its_place(tmp_path: Path) -> None:
    path = write(
        tmp_path, "p.json", {"x-kettools": META, "properties": {"kind": {"type": "wrong"}}}
    )
    with pytest.raises(
        PolicyError, match=r"p\.json: not a valid JSON Schema at properties/kind/type"
    ):
        load_policy(path)


def test_missing_or_bad_annotation_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "p.json", {"x-kettools": {**META, "category": "vibes"}})
    with pytest.raises(PolicyError, match=r"p\.json: x-kettools\.category"):
        load_policy(path)


def test_backtracking_pattern_features_are_refused(tmp_path: Path) -> None:
    schema = {"x-kettools": META, "properties": {"text": {"pattern": "(?=dose)"}}}
    with pytest.raises(PolicyError, match=r"p\.json: cannot compile"):
        load_policy(write(tmp_path, "p.json", schema))


def test_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    schema = {"x-kettools": META, "properties": {"text": {"pattern": "^(a+)+$"}}}
    policy = load_policy(write(tmp_path, "p.json", schema))
    start = time.perf_counter()
    errors = policy.errors({"text": "a" * 50_000 + "!"})
    assert errors and time.perf_counter() - start < 5  # backtracking would never finish


def test_duplicate_codes_across_folders_are_refused(tmp_path: Path) -> None:
    builtin = json.loads(next(builtin_dir().glob("KT101-*.json")).read_text())
    write(tmp_path / "extra", "KT101-copy.json", builtin)
    with pytest.raises(PolicyError, match="KT101 is already used"):
        load_policies([tmp_path / "extra"])


def test_project_policies_are_added_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "sources" / "catalog", tmp_path / "sources" / "catalog")
    shutil.copy(ROOT / "sources" / "references.yaml", tmp_path / "sources" / "references.yaml")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-kettools": META,
        "not": {"properties": {"kind": {"const": "dosing"}}, "required": ["kind"]},
    }
    write(tmp_path / "editorial", "KT950-no-dosing-claims.json", schema)
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\npolicies = ['editorial']\n")
    (tmp_path / "sources" / "a.md").write_text(
        "---\ntitle: A\nbibliography: references.yaml\n---\n\n"
        "Esketamine is given at 56 mg twice weekly for four weeks [@daly2018].\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "sources/a.md", "--select", "KT950", "--format", "json"]
    )
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["message"]) == (6, "this dosing claim gives a dose")
    listed = CliRunner().invoke(cli, ["rules"]).stdout
    assert "KT950  no-dosing-claims" in listed


def test_a_broken_project_policy_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "editorial", "KT951.json", "{")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\npolicies = ['editorial']\n")
    (tmp_path / "a.md").write_text("Text.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "a.md"])
    assert result.exit_code == 2
    assert "KT951.json:1: invalid JSON" in result.stderr and "Traceback" not in result.stderr
