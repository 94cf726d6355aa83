"""The structural schemas in schemas/ match the pydantic models, and policies are valid."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner

from kettools.checks.policies import builtin_dir, load_policies
from kettools.cli.main import cli
from kettools.models.schemas import MODELS


def test_schema_check_passes_on_the_committed_schemas() -> None:
    result = CliRunner().invoke(cli, ["schema", "--check"])
    assert result.exit_code == 0, result.output


def test_schema_check_fails_when_a_schema_drifts(tmp_path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["schema", "--check", "--dir", str(tmp_path)]).exit_code == 0
    target = tmp_path / "findings.schema.json"
    data = json.loads(target.read_text())
    data["properties"]["version"]["const"] = 2
    target.write_text(json.dumps(data))
    result = runner.invoke(cli, ["schema", "--check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "findings.schema.json" in result.output


def test_every_generated_schema_is_valid_draft_2020_12(tmp_path) -> None:
    CliRunner().invoke(cli, ["schema", "--dir", str(tmp_path)])
    for name in MODELS:
        jsonschema.Draft202012Validator.check_schema(json.loads((tmp_path / name).read_text()))


def test_builtin_policies_load_with_unique_codes() -> None:
    policies = load_policies()
    assert len(policies) == len(list(builtin_dir().glob("*.json")))
    codes = [p.code for p in policies]
    assert len(codes) == len(set(codes))
    for policy in policies:
        assert policy.path.name.startswith(policy.code + "-" + policy.name)
        assert {"failing", "passing"} <= set(policy.meta.examples)
