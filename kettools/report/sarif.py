"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

`tool.driver.rules` lists every rule and policy with its help: `help.text` (how to fix
it) and `help.markdown` (its whole page, docs/rules/KTnnn.md, which code scanning shows
with the alert). kettools is not published at a fixed address, so `helpUri` is given
only when `KETTOOLS_RULES_URL` names where the pages of the kettools in use are, e.g.
`https://github.com/OWNER/kettools/blob/COMMIT/docs/rules/` (the GitHub Action sets it);
each result has `ruleId`, `ruleIndex`, `level`, a `region` (columns in Unicode code
points) and `partialFingerprints` that survive line shifts (see kettools.results.baseline).
"""

from __future__ import annotations

import json
import os

from kettools import __version__
from kettools.checks.docgen import rule_help
from kettools.checks.registry import Entry, entries
from kettools.engine.project import UsageError
from kettools.models.finding import Finding
from kettools.report.base import Reporter
from kettools.results import CheckResult
from kettools.results.baseline import FINGERPRINT, fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_URL = "KETTOOLS_RULES_URL"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def rules_url() -> str | None:
    """The base address of the rule pages (KETTOOLS_RULES_URL), ending in '/', or None."""
    base = os.environ.get(RULES_URL, "").strip()
    if not base:
        return None
    if not base.startswith(("https://", "http://")) or any(c.isspace() for c in base):
        raise UsageError(f"{RULES_URL} must be an http(s) address, not {base!r}")
    return base if base.endswith("/") else base + "/"


def _rule(entry: Entry, base: str | None) -> dict[str, object]:
    rule: dict[str, object] = {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": f"{entry.summary} Run `kettools explain {entry.code}`."},
        "help": {"text": entry.help or entry.summary, "markdown": rule_help(entry)},
        "defaultConfiguration": {"level": _LEVEL[entry.severity]},
        "properties": {"tags": [entry.category], "kind": entry.kind},
    }
    if base is not None:
        rule["helpUri"] = f"{base}{entry.code}.md"
    return rule


def _result(f: Finding, index: int, fingerprint: str) -> dict[str, object]:
    region: dict[str, object] = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
    }
    if f.excerpt:
        region["snippet"] = {"text": f.excerpt}
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f"[{f.category}] {f.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {"category": f.category, "help": f.help}
        | ({"claimId": f.claim_id} if f.claim_id else {}),
    }


class SarifReporter(Reporter):
    def render(self, result: CheckResult) -> str:
        base = rules_url()
        known = {e.code: e for e in entries()}
        findings = result.findings
        for f in findings:  # project policies the built-in list does not know
            if f.code not in known:
                known[f.code] = Entry(
                    f.code, f.name, f.category, f.severity.value, f.message, "policy", f.help
                )
        rules = sorted(known.values(), key=lambda e: e.code)
        index = {e.code: i for i, e in enumerate(rules)}
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "kettools",
                            "version": __version__,
                            "rules": [_rule(e, base) for e in rules],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": [
                        _result(f, index[f.code], fp)
                        for f, fp in zip(findings, fingerprints(findings), strict=True)
                    ],
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
