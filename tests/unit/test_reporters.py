"""Reporters: golden output on a fixed result, and valid output for hostile messages."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kettools.models.finding import Finding, Severity
from kettools.report import REPORTERS
from kettools.results import CheckResult, FileResult
from tests.conftest import ROOT


def finding(**changes: object) -> Finding:
    base = dict(
        code="KT201",
        name="hype-term",
        category="overstated",
        severity=Severity.error,
        message="'groundbreaking' overstates the evidence",
        path="sources/x.md",
        line=3,
        column=40,
        end_line=3,
        end_column=54,
        claim_id="c-1a2b3c4d5e",
        excerpt="groundbreaking",
        help="Use neutral words.",
    )
    base.update(changes)
    return Finding.model_validate(base)


RESULT = CheckResult(
    [
        FileResult(
            "sources/x.md",
            [
                finding(),
                finding(
                    code="KT606",
                    name="review-due",
                    category="metadata",
                    severity=Severity.warning,
                    message="the planned next review date has passed",
                    line=1,
                    column=1,
                    end_line=1,
                    end_column=4,
                    claim_id=None,
                    excerpt="next_review",
                ),
            ],
        ),
        FileResult("sources/y.md", []),
    ]
)


# line 3, columns 40-54: 'groundbreaking', where RESULT's first finding points
SOURCE = "---\ntitle: X\nThe press release of a firm, called it groundbreaking today.\n"


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_reporter_golden(
    name: str, file_regression, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "x.md").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)  # the text report shows the source lines
    text = REPORTERS[name]().render(RESULT)
    text = text.replace(
        '"version": "' + __import__("kettools").__version__, '"version": "<version>'
    )
    file_regression.check(text, basename=f"report_{name}", extension=".txt")


SARIF = jsonschema.Draft4Validator(
    json.loads((ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json").read_text()),
    format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
)


def test_sarif_on_the_example_sources_is_valid_and_tracks_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner

    from kettools.cli.main import cli

    monkeypatch.chdir(ROOT)
    out = CliRunner().invoke(cli, ["check", "sources", "--format", "sarif"]).stdout
    log = json.loads(out)
    SARIF.validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] and r["help"]["markdown"] for r in rules)
    results = run["results"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    prints = [r["partialFingerprints"]["kettools/v2"] for r in results]
    assert len(set(prints)) == len(prints)


HOSTILE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=80, deadline=None)
@given(HOSTILE, HOSTILE, HOSTILE)
def test_any_finding_serialises_to_valid_json_and_xml(
    message: str, excerpt: str, path: str
) -> None:
    result = CheckResult(
        [FileResult(path or "p", [finding(message=message, excerpt=excerpt, path=path or "p")])]
    )
    data = json.loads(REPORTERS["json"]().render(result))
    assert data["findings"][0]["message"] == message
    ET.fromstring(REPORTERS["junit"]().render(result).split("\n", 1)[1])
    SARIF.validate(json.loads(REPORTERS["sarif"]().render(result)))
    github = REPORTERS["github"]().render(result)
    assert github.count("\n") == 1  # one annotation, never split by a newline in a message


def test_text_report_colours_only_when_asked() -> None:
    from kettools.report.base import ReportOptions

    plain = REPORTERS["text"]().render(RESULT)
    coloured = REPORTERS["text"](ReportOptions(color=True)).render(RESULT)
    assert "\x1b[" not in plain and "\x1b[31m" in coloured
    assert plain.splitlines()[1] == (
        "sources/x.md:3:40: error KT201 [overstated] 'groundbreaking' overstates the evidence"
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HOSTILE, HOSTILE), max_size=4))
def test_json_report_streamed_in_chunks_is_json_dumps_of_the_report(
    items: list[tuple[str, str]],
) -> None:
    from kettools.report.base import findings_report

    result = CheckResult(
        [FileResult("p", [finding(message=m or "m", excerpt=e) for m, e in items])]
    )
    whole = json.dumps(
        findings_report(result).model_dump(mode="json"), indent=2, ensure_ascii=False
    )
    chunks = list(REPORTERS["json"]().chunks(result))
    assert "".join(chunks) == whole + "\n"
    assert REPORTERS["json"]().render(result) == whole + "\n"
    assert len(chunks) == (len(items) + 2 if items else 1)


def test_json_report_of_a_lone_surrogate_is_still_json_dumps() -> None:
    """pydantic-core cannot write one (UTF-8 cannot carry it); the reporter falls back."""
    from kettools.report.base import findings_report

    result = CheckResult([FileResult("p", [finding(message="bad \ud800 text", excerpt="\udcff")])])
    whole = json.dumps(
        findings_report(result).model_dump(mode="json"), indent=2, ensure_ascii=False
    )
    assert REPORTERS["json"]().render(result) == whole + "\n"
