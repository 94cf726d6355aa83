"""`--format text`: the report people read, grouped by file.

    sources/a.md: 2 errors, 1 warning
    sources/a.md:22:15: error KT201 [overstated] 'groundbreaking' overstates the evidence
       |
    22 | Ketamine is a groundbreaking treatment for depression.
       |               ^^^^^^^^^^^^^^
       = help: Use neutral words.

    1 file checked: 2 errors, 1 warning, 0 infos

Each file with findings is one block: a header with its counts, then its findings, each
with the source line and the flagged words underlined (see kettools.report.snippet). The
first line of a finding is `path:line:col: severity CODE [category] message`, which
editors and terminals turn into a link. `--quiet` prints only those lines;
`--statistics` prints a count per rule instead of the findings.

Info findings (most are the article review's criteria not met, up to 12 per article,
which the review's scorecard after the file's findings sums up) are listed by code on
the file's header unless `--show-info` (or `--fail-on info`) asks for them in full:

    sources/a.md: 1 error, 5 infos (not shown: KT311, KT316, KT317, KT318, KT320; --show-info)

`--quiet` keeps every finding, infos too, one line each; the JSON, SARIF, JUnit and
GitHub reports always carry everything (docs/decisions.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kettools.ingest.source import DecodeError, SourceText
from kettools.models.finding import Finding, Severity
from kettools.report.base import Reporter
from kettools.report.scorecard import scorecard
from kettools.report.snippet import clean, cut
from kettools.results import CheckResult, FileResult

_COLORS = {Severity.error: "31", Severity.warning: "33", Severity.info: "36"}
_MAX_SOURCE_BYTES = 20_000_000  # a larger file is reported without its lines
ACCEPT = (
    "Accept a finding on purpose with <!-- kettools-disable-next-line CODE -- reason -->; "
    "`kettools explain CODE` says more."
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts(findings: list[Finding], zeros: bool = False) -> str:
    """'2 errors, 1 warning' (with `zeros`, every severity, even at 0)."""
    found = Counter(f.severity for f in findings)
    return ", ".join(_plural(found[s], s.value) for s in Severity if zeros or found[s])


def hidden(findings: list[Finding]) -> str:
    """The codes of the info findings, in code order: `KT311, KT316 x2`."""
    found = Counter(f.code for f in findings if f.severity == Severity.info)
    return ", ".join(code if n == 1 else f"{code} x{n}" for code, n in sorted(found.items()))


def _source(path: str) -> SourceText | None:
    """The checked file as kettools read it, or None when it cannot be shown."""
    try:
        file = Path(path)
        if file.stat().st_size > _MAX_SOURCE_BYTES:
            return None
        return SourceText.from_bytes(file.read_bytes())
    except (OSError, DecodeError, ValueError):
        return None


class TextReporter(Reporter):
    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.options.color else text

    def line(self, f: Finding) -> str:
        """`path:line:col: severity CODE [category] message` on one line."""
        severity = self.paint(f.severity.value, _COLORS[f.severity])
        code = self.paint(f.code, "1")
        message = clean(" ".join(f.message.split("\n")))
        return f"{clean(f.path)}:{f.line}:{f.column}: {severity} {code} [{f.category}] {message}"

    def excerpt(self, f: Finding, source: SourceText, repeated: bool = False) -> list[str]:
        """The source line with the finding's words underlined (unless `repeated`: the
        same words as the finding before), then its help."""
        if not 1 <= f.line <= source.line_count:
            return []
        gutter = " " * len(str(f.line))
        help = [f"{gutter} {self.paint('=', '34')} help: {clean(f.help)}"] if f.help else []
        if repeated:
            return help
        text = source.line_text(f.line)
        end = f.end_column if f.end_line == f.line else None
        shown = cut(text, f.column, end)
        number = str(f.line)
        bar = self.paint("|", "34")
        marks = self.paint("^" * shown.marks, _COLORS[f.severity])
        return [
            f"{gutter} {bar}",
            f"{self.paint(number, '34')} {bar} {shown.text}".rstrip(),
            f"{gutter} {bar} {' ' * shown.pad}{marks}",
            *help,
        ]

    def file_block(self, result: FileResult) -> Iterator[str]:
        """One file's findings: a header with its counts, then each finding."""
        if not result.findings:
            return
        if self.options.quiet:
            for f in result.findings:
                yield self.line(f) + "\n"
            return
        shown = result.findings
        header = f"{clean(result.path)}: {counts(result.findings)}"
        if not self.options.infos:
            shown = [f for f in result.findings if f.severity != Severity.info]
            if len(shown) < len(result.findings):
                header += f" (not shown: {hidden(result.findings)}; --show-info)"
        lines = [self.paint(header, "1")]
        source = None if result.unreadable or not self.options.source else _source(result.path)
        where = None
        for f in shown:
            lines.append(self.line(f))
            if source is not None:
                span = (f.line, f.column, f.end_line, f.end_column)
                lines += [*self.excerpt(f, source, repeated=span == where), ""]
                where = span
        yield "\n".join(lines).rstrip("\n") + "\n\n"

    def statistics(self, result: CheckResult) -> Iterator[str]:
        """A count per rule, most frequent first."""
        found = Counter((f.code, f.name, f.severity) for f in result.findings)
        rows = sorted(found.items(), key=lambda item: (-item[1], item[0][0], item[0][2].rank))
        if not rows:
            return
        width = max(len(name) for (_, name, _), _ in rows)
        digits = max(len(str(n)) for _, n in rows)
        for (code, name, severity), n in rows:
            shown = self.paint(f"{severity.value:<7}", _COLORS[severity])
            yield (
                f"{n:>{digits}}  {self.paint(code, '1')}  {name:<{width}}  {shown}".rstrip() + "\n"
            )
        if not self.options.quiet:
            yield "\n"

    def summary(self, result: CheckResult) -> Iterator[str]:
        findings = result.findings
        if findings and not self.options.statistics:
            yield ACCEPT + "\n"
        yield f"{_plural(len(result.files), 'file')} checked: {counts(findings, zeros=True)}\n"

    def chunks(self, result: CheckResult) -> Iterator[str]:
        if self.options.statistics:
            yield from self.statistics(result)
        else:
            for file_result in result.files:
                yield from self.file_block(file_result)
                if file_result.review and not self.options.quiet:
                    yield "\n".join(scorecard(clean(file_result.path), file_result.review)) + "\n\n"
        if not self.options.quiet:
            yield from self.summary(result)

    def render(self, result: CheckResult) -> str:
        return "".join(self.chunks(result))
