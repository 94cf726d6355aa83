"""Every code is declared once and documented, every rule is registered, and every message
that `check` emits has data-driven cases."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from kettools.checks import messages
from kettools.checks import policies as policy_mod
from kettools.checks.registry import declared
from kettools.checks.rules import RULES, Rule
from kettools.files import yamlio

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "rules" / "cases"
RULES_DIR = ROOT / "kettools" / "rules"


def case_file(code: str, name: str) -> Path:
    return CASES / f"{code}-{name}.yaml"


def all_entries() -> list[tuple[str, str]]:
    """Every code `check` can emit: the rules', the pipeline's and the policies'."""
    return [(m.code, m.name) for m, _ in declared() if m.emitted_by == "check"] + [
        (p.code, p.name) for p in policy_mod.load_policies()
    ]


def all_codes() -> list[str]:
    return sorted([m.code for m, _ in declared()] + [p.code for p in policy_mod.load_policies()])


def test_codes_and_names_are_unique() -> None:
    entries = [(m.code, m.name) for m, _ in declared()]
    entries += [(p.code, p.name) for p in policy_mod.load_policies()]
    codes = [c for c, _ in entries]
    names = [n for _, n in entries]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("message", [m for m, _ in declared()], ids=lambda m: m.code)
def test_message_is_documented(message: messages.Message) -> None:
    assert message.summary, f"{message.code}: no summary line"
    assert "Failing" in message.doc and "Passing" in message.doc, f"{message.code}: no examples"
    assert message.help


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_declares_its_message_in_its_docstring(rule: type[Rule]) -> None:
    assert issubclass(rule, Rule)
    assert rule.message().doc == inspect.getdoc(rule)
    assert rule.message().code == rule.code and rule.message().severity == rule.severity


@pytest.mark.parametrize(("code", "name"), all_entries(), ids=[c for c, _ in all_entries()])
def test_has_failing_and_passing_cases(code: str, name: str) -> None:
    path = case_file(code, name)
    assert path.is_file(), f"{code}: no case file {path.name}"
    cases = yamlio.load(path.read_text(encoding="utf-8"))
    assert any(not c["expect"] for c in cases), f"{path.name}: no passing case"
    assert any(c["expect"] for c in cases), f"{path.name}: no failing case"
    assert all(e[2] == code for c in cases for e in c["expect"]), f"{path.name}: foreign codes"


def test_every_rule_module_is_registered() -> None:
    registered = {r.__module__.rsplit(".", 1)[-1] for r in RULES}
    for path in sorted(RULES_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defines = [
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id == "Rule" for b in node.bases)
        ]
        if defines and path.stem != "base":
            assert path.stem in registered, f"{path.name} defines {defines} but is not in RULES"


def test_every_case_file_names_a_known_rule_or_policy() -> None:
    known = {f"{c}-{n}" for c, n in all_entries()}
    for path in CASES.glob("*.yaml"):
        assert path.stem in known, f"{path.name} matches no rule or policy"


def test_rules_and_explain_commands() -> None:
    import json

    from click.testing import CliRunner

    from kettools.cli.rules_cmd import explain, rules

    runner = CliRunner()
    listed = json.loads(runner.invoke(rules, ["--format", "json"]).output)
    assert [e["code"] for e in listed] == all_codes()
    assert "KT102  vague-attribution" in runner.invoke(rules, []).output
    shown = runner.invoke(explain, ["spun-text"])
    assert shown.exit_code == 0 and "Failing" in shown.output and "Passing" in shown.output
    assert "Failing" in runner.invoke(explain, ["kt201"]).output
    exported = runner.invoke(explain, ["KT802"])
    assert exported.exit_code == 0 and "kettools export" in exported.output, exported.output
    unknown = runner.invoke(explain, ["KT999"])
    assert unknown.exit_code == 2 and "no rule or policy 'KT999'" in unknown.output
