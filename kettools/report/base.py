"""The reporter interface: every reporter starts from `Finding.to_dict`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from kettools import __version__
from kettools.models.finding import FileReport, FindingsReport, Severity, Summary, ToolInfo
from kettools.results import CheckResult


class ReportOptions(NamedTuple):
    color: bool = False
    quiet: bool = False  # text: only the one-line findings, nothing else
    statistics: bool = False  # text: a count per rule instead of the findings
    source: bool = True  # text: show the source line under each finding
    infos: bool = False  # text: show info findings in full (else one line per file lists them)


class Reporter:
    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    def render(self, result: CheckResult) -> str:
        raise NotImplementedError

    def chunks(self, result: CheckResult) -> Iterator[str]:
        """The report in pieces that concatenate to `render(result)`: a large report is
        written as it is made, never held whole in memory."""
        yield self.render(result)


def findings_report(result: CheckResult) -> FindingsReport:
    """The versioned wire format (schemas/findings.schema.json)."""
    return FindingsReport(
        tool=ToolInfo(version=__version__),
        summary=Summary(
            files=len(result.files),
            error=result.count(Severity.error),
            warning=result.count(Severity.warning),
            info=result.count(Severity.info),
        ),
        files=[FileReport(path=r.path, review=r.review) for r in result.files],
        findings=result.findings,
    )
