"""Golden output of `kettools check --format json` on the example sources."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from tests.conftest import ROOT


def test_check_sources_golden(data_regression, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", "sources", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    data["tool"]["version"] = "<version>"
    data_regression.check(data)
