"""Baselines survive the edits editors make: lines added above, paragraphs reordered, a
typo fixed elsewhere. Only what the edit itself brings is new (docs/ci.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.checks.registry import entries
from kettools.cli.main import cli
from kettools.results import baseline
from tests.conftest import ROOT

FLAWED = "ketamine-clinic-flawed.md"


@pytest.fixture()
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The flawed example article, with a baseline of all its findings written."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    found = check("--write-baseline", "base.json")
    assert len(found) > 40  # every category, KT301 ten times, KT801 with its grades
    assert check("--baseline", "base.json") == []
    return tmp_path / "sources" / FLAWED


def check(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["check", f"sources/{FLAWED}", "--format", "json", "--no-cache", *args]
    )
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def paragraphs(path: Path) -> list[str]:
    return path.read_text().split("\n\n")


def test_lines_added_above_bring_back_nothing_old(article: Path) -> None:
    text = article.read_text()
    first = "Ketamine is a groundbreaking"
    added = "Ketamine infusions ease low mood for a week in most people.\n\n"
    article.write_text(text.replace(first, added + first, 1))
    new = check("--baseline", "base.json")
    # the new sentence is now the article's first benefit claim, where KT301 and KT402
    # are shown; they are the same findings, so only the new sentence's own are new
    line = text[: text.index(first)].count("\n") + 1
    assert new and {f["line"] for f in new} == {line}, new
    assert {f["code"] for f in new} <= {"KT101", "KT202"}


def test_paragraphs_reordered_bring_back_nothing(article: Path) -> None:
    parts = paragraphs(article)
    body = [i for i, p in enumerate(parts) if p.startswith("Ketamine ")]
    assert len(body) >= 4
    a, b = body[0], body[3]  # the first benefit claim moves below three others
    parts[a], parts[b] = parts[b], parts[a]
    article.write_text("\n\n".join(parts))
    assert check("--baseline", "base.json") == []


def test_a_typo_fixed_elsewhere_brings_back_nothing(article: Path) -> None:
    text = article.read_text()
    typo = text.replace("Many people notice their mood", "Many poeple notice their mood")
    assert typo != text
    article.write_text(typo)
    check("--write-baseline", "base.json")
    article.write_text(text)  # fixed: the reading grade moves, other sentences do not
    assert check("--baseline", "base.json") == []


def test_the_first_claim_edited_keeps_the_article_level_findings(article: Path) -> None:
    text = article.read_text()
    article.write_text(text.replace("who lives with depression", "who lives with a depression"))
    new = check("--baseline", "base.json")
    # KT301 (ten missing caveats) and KT402 are shown on this sentence but are about the
    # article: not new. Its hype words keep their context (three words either side). The
    # sentence's own KT101 is new: its words changed.
    assert {f["code"] for f in new} == {"KT101"}


def test_a_finding_repeated_is_new_only_for_the_extra_one(article: Path) -> None:
    text = article.read_text()
    old = "Ketamine always works"
    extra = "Infusions always lift mood within hours, so every visit is worth it.\n\n"
    article.write_text(text.replace(old, extra + old))
    new = check("--baseline", "base.json", "--select", "KT202")
    # the same word, above the old one: the new one is reported, at its own line
    line = text[: text.index(old)].count("\n") + 1
    assert [(f["line"], f["excerpt"]) for f in new] == [(line, "always")]


def test_article_level_codes_are_declared_by_their_rules() -> None:
    known = {e.code for e in entries()}
    assert {"KT301", "KT402", "KT801", "KT311"} <= baseline._article_level() <= known


def test_an_old_baseline_says_how_to_write_a_new_one(article: Path) -> None:
    Path("old.json").write_text(json.dumps({"version": 1, "tool": "kettools", "findings": {}}))
    result = CliRunner().invoke(cli, ["check", f"sources/{FLAWED}", "--baseline", "old.json"])
    assert result.exit_code == 2
    assert "--write-baseline old.json" in result.stderr
