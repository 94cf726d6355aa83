"""The reference pages are generated from the models and rules, and a test fails when
they drift: docs/reference/, docs/rules/, and the key table of docs/configuration.md."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kettools.checks import docgen
from kettools.checks.registry import entries
from kettools.cli.main import cli
from kettools.inputs.config import Config
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_generated_pages_are_current() -> None:
    stale = docgen.drift(DOCS)
    assert stale == [], f"run `python -m kettools.checks.docgen`: {stale}"


def test_every_field_an_editor_writes_has_a_meaning() -> None:
    assert docgen.undocumented() == []


def test_every_rule_and_policy_has_a_page_listed_in_the_index() -> None:
    index = (DOCS / "rules" / "README.md").read_text()
    for entry in entries():
        page = DOCS / "rules" / f"{entry.code}.md"
        assert page.is_file(), entry.code
        assert f"]({entry.code}.md)" in index
        assert "Failing" in page.read_text() or entry.kind == "policy", entry.code


def test_a_field_added_to_a_model_shows_as_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(docgen.NOTES, "FrontMatter.title", "Another meaning.")
    assert "reference/front-matter.md" in docgen.drift(DOCS)


def test_the_configuration_table_lists_exactly_the_configuration_keys() -> None:
    text = (DOCS / "configuration.md").read_text()
    table = re.findall(r"^\| `([a-z_]+)` \| `?([^|]*?)`? \|", text, re.MULTILINE)
    keys = [key for key, _ in table]
    fields = [name for name in Config.model_fields if name != "root"]
    assert sorted(keys) == sorted(fields)
    defaults = Config()
    for key, shown in table:  # a default written as a plain value must be the model's
        value = getattr(defaults, key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            assert shown.strip('"') == str(value), key


def test_sarif_help_is_the_rule_page_and_help_uri_follows_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("KETTOOLS_RULES_URL", raising=False)
    run = CliRunner().invoke(cli, ["check", "sources", "--format", "sarif", "--no-cache"])
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        page = (DOCS / "rules" / f"{rule['id']}.md").read_text()
        assert rule["help"]["markdown"] in page
        assert "helpUri" not in rule  # no address is known: none is invented
    base = "https://example.org/owner/kettools/blob/0123abc/docs/rules"
    run = CliRunner().invoke(
        cli,
        ["check", "sources", "--format", "sarif", "--no-cache"],
        env={"KETTOOLS_RULES_URL": base},
    )
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["helpUri"] == f"{base}/{r['id']}.md" for r in rules)
    out = CliRunner().invoke(cli, ["explain", "KT201"], env={"KETTOOLS_RULES_URL": base}).stdout
    assert out.rstrip().endswith(f"Page: {base}/KT201.md")
