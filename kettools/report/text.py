"""`--format text`: `path:line:col: severity CODE [category] message`, then a summary."""

from __future__ import annotations

from kettools.engine import CheckResult
from kettools.models.finding import Finding, Severity
from kettools.report.base import Reporter
from kettools.report.scorecard import scorecards

_COLORS = {Severity.error: "31", Severity.warning: "33", Severity.info: "36"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextReporter(Reporter):
    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.options.color else text

    def line(self, f: Finding) -> str:
        severity = self.paint(f.severity.value, _COLORS[f.severity])
        code = self.paint(f.code, "1")
        text = f"{f.path}:{f.line}:{f.column}: {severity} {code} [{f.category}] {f.message}"
        return " ".join(text.split("\n"))

    def render(self, result: CheckResult) -> str:
        lines = [self.line(f) for f in result.findings] + scorecards(result)
        counts = ", ".join(_plural(result.count(s), s.value) for s in Severity)
        lines.append(f"{_plural(len(result.files), 'file')} checked: {counts}")
        return "\n".join(lines) + "\n"
