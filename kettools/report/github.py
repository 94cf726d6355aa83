"""`--format github`: GitHub Actions workflow commands, errors first, within GitHub's limits.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
job). So the errors are annotated first, then the warnings, then the infos, at most
`PER_KIND` of each (9 notices, keeping one for the summary); the findings beyond that
are printed as plain log lines, and a last notice says how many were left out and where
to see them all: the SARIF upload (code scanning) or `kettools check` itself.
"""

from __future__ import annotations

from collections import Counter

from kettools.models.finding import Finding, Severity
from kettools.report.base import Reporter
from kettools.results import CheckResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
PER_KIND = 10  # annotations GitHub shows per kind and step


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def line(self, f: Finding) -> str:
        props = ",".join(
            [
                f"file={_prop(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_prop(f'{f.code} {f.name}')}",
            ]
        )
        return f"::{_LEVEL[f.severity.value]} {props}::{_data(f'[{f.category}] {f.message}')}"

    def plain(self, f: Finding) -> str:
        """A finding as a log line, not an annotation (no workflow command can start it)."""
        text = f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} [{f.category}] "
        return " ".join((text + f.message).split()).replace("::", ": :")

    def render(self, result: CheckResult) -> str:
        findings = sorted(result.findings, key=lambda f: -f.severity.rank)  # stable: errors first
        total = len(findings)
        room = Counter({s: PER_KIND for s in Severity})
        if sum(1 for f in findings if f.severity == Severity.info) >= PER_KIND or any(
            sum(1 for f in findings if f.severity == s) > PER_KIND for s in Severity
        ):
            room[Severity.info] = PER_KIND - 1  # one notice is the summary
        shown, rest = [], []
        for f in findings:
            if room[f.severity] > 0:
                room[f.severity] -= 1
                shown.append(self.line(f))
            else:
                rest.append(self.plain(f))
        lines = shown + rest
        if rest:
            lines.append(
                f"::notice title=kettools::{len(shown)} of {total} findings are annotated "
                f"(GitHub shows {PER_KIND} of each kind per step); the other {len(rest)} are "
                "listed in this log above. See them all in code scanning (upload the SARIF "
                "report: kettools check --format sarif) or run kettools check."
            )
        return "".join(line + "\n" for line in lines)
