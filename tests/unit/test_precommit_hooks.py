"""The pre-commit hooks exist, and their entries are real commands with real options."""

from __future__ import annotations

import shlex

from click.testing import CliRunner

from kettools.cli.main import cli
from kettools.files import yamlio
from tests.conftest import ROOT


def test_hooks_are_declared_and_their_commands_run() -> None:
    hooks = {h["id"]: h for h in yamlio.load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"kettools-check", "kettools-extract-check"}
    for hook in hooks.values():
        program, *args = shlex.split(hook["entry"])
        assert program == "kettools" and hook["language"] == "python"
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, result.output
