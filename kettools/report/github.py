"""`--format github`: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from kettools.engine import CheckResult
from kettools.models.finding import Finding
from kettools.report.base import Reporter

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


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

    def render(self, result: CheckResult) -> str:
        return "".join(self.line(f) + "\n" for f in result.findings)
