"""action.yml, and the CI and pre-commit snippets of the docs, are valid and name only
real commands, options and hooks; every doc installs kettools the way it can be."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from kettools.files import yamlio
from tests.conftest import ROOT

ACTION = yamlio.load((ROOT / "action.yml").read_text())


def options_of(command: str) -> set[str]:
    out = CliRunner().invoke(cli, [command, "--help"]).stdout
    return set(re.findall(r"(--[a-z][a-z-]*)", out))


def kettools_commands(script: str) -> list[list[str]]:
    found = []
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("kettools "):
            found.append(shlex.split(line.replace('"', "")))
    return found


def test_the_action_is_a_composite_action_that_uploads_before_it_fails() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    names = [s.get("name") or s.get("uses", "") for s in steps]
    upload = next(i for i, s in enumerate(steps) if "upload-sarif" in s.get("uses", ""))
    failing = next(i for i, s in enumerate(steps) if '--fail-on "$KT_FAIL_ON"' in s.get("run", ""))
    assert upload < failing, names
    assert 'pip install --quiet "$GITHUB_ACTION_PATH"' in steps[1]["run"]
    for step in steps:  # inputs reach scripts through env only, never spliced into them
        assert "${{" not in step.get("run", ""), step


def test_the_action_runs_real_options() -> None:
    known = options_of("check")
    used = [c for s in ACTION["runs"]["steps"] for c in kettools_commands(s.get("run", ""))]
    assert len(used) == 2
    for command in used:
        assert command[1] == "check"
        assert {w for w in command if w.startswith("--")} <= known, command
    inputs = set(ACTION["inputs"])
    referenced = set(re.findall(r"inputs\.([a-z-]+)", (ROOT / "action.yml").read_text()))
    assert referenced == inputs


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)


def test_the_workflow_and_pre_commit_examples_are_valid() -> None:
    text = (ROOT / "docs" / "ci.md").read_text()
    blocks = [yamlio.load(b) for b in yaml_blocks(text)]
    pre_commit = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    hooks = {h["id"] for h in yamlio.load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    repo = pre_commit["repos"][0]
    assert {h["id"] for h in repo["hooks"]} <= hooks
    assert re.fullmatch(r"[0-9a-f]{40}", str(repo["rev"]))  # a commit hash: it exists
    for hook in repo["hooks"]:  # `files` replaces the hook's own pattern: articles only
        pattern = re.compile(hook.get("files", ""))
        assert pattern.search("sources/a.md") and pattern.search("sources/team/b.html")
        assert not pattern.search("sources/references.yaml")
        assert not pattern.search("sources/catalog/drug.yaml")
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["check"]["steps"]
    action = next(s for s in steps if "kettools@" in s.get("uses", ""))
    assert set(action["with"]) <= set(ACTION["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
    plain = [b for b in yaml_blocks(text) if "setup-python" in b and "kettools check" in b]
    known = options_of("check")
    for command in kettools_commands(plain[0].replace("run: ", "")):
        assert {w for w in command if w.startswith("--")} <= known


@pytest.mark.parametrize(
    "doc", ["README.md", *(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]
)
def test_no_doc_says_to_install_kettools_from_pypi(doc: str) -> None:
    text = (ROOT / doc).read_text()
    for line in text.splitlines():
        if re.search(r"pip install [\"']?kettools\b", line):
            assert "not on PyPI" in line, f"{doc}: {line}"
