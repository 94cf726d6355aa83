"""What a check run produces: the findings, records and claims of each file.

Reporters and exporters read these; they never import the engine that makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kettools.ingest.document import Article
from kettools.inputs.bibliography import Bibliography
from kettools.models.claims import ArticleRecord, ClaimRecord
from kettools.models.finding import Finding, Severity
from kettools.models.review import Review


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    record: ArticleRecord | None = None
    claims: list[ClaimRecord] = field(default_factory=list)
    unreadable: bool = False
    article: Article | None = None  # kept for exporters; not part of any report
    bibliography: Bibliography | None = None
    inputs: list[Path] = field(default_factory=list)  # other files read (the bibliography)
    review: Review | None = None  # the whole-article review (kettools.review)


@dataclass(slots=True)
class CheckResult:
    files: list[FileResult]

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def keep(self, findings: list[Finding]) -> CheckResult:
        """The same files with only the given findings (baseline and diff filtering)."""
        wanted = set(findings)
        return CheckResult(
            [
                FileResult(
                    r.path,
                    [f for f in r.findings if f in wanted],
                    r.record,
                    r.claims,
                    r.unreadable,
                    r.article,
                    r.bibliography,
                    r.inputs,
                    r.review,
                )
                for r in self.files
            ]
        )

    def exit_code(self, fail_on: str) -> int:
        if any(result.unreadable for result in self.files):
            return 2
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return 1 if any(f.severity.rank >= threshold for f in self.findings) else 0
