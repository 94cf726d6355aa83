"""Inline suppressions, each with a mandatory reason.

    <!-- kettools-disable-next-line KT201 -- quoting the press release on purpose -->
    <!-- kettools-disable overstated, KT101 -- a historical quotation -->
    ...
    <!-- kettools-enable overstated, KT101 -->

A selector is a code, a rule name or a category. `disable-next-line` covers the next
non-blank line after the comment. `disable` covers every line after it up to the
matching `enable` (or the end of the file). A suppression without a reason is a KT901
finding, one that suppresses nothing a KT902 finding; neither can itself be suppressed.
"""

from __future__ import annotations

import re

from kettools.ingest.source import SourceText
from kettools.models.finding import Finding

_COMMENT = re.compile(
    r"<!--\s*kettools-(?P<verb>disable-next-line|disable|enable)\b(?P<body>.*?)-->", re.DOTALL
)
_REASON = re.compile(r"\s--\s*(?P<reason>.*)$", re.DOTALL)


class Suppression:
    """One suppression comment: what it accepts, why, where it is and what it covers."""

    __slots__ = ("end", "first_line", "last_line", "reason", "selectors", "start", "used", "verb")

    def __init__(self, verb: str, selectors: list[str], reason: str, start: int, end: int) -> None:
        self.verb = verb
        self.selectors = selectors
        self.reason = reason
        self.start = start  # source offsets of the comment
        self.end = end
        self.first_line = 0  # lines covered, inclusive
        self.last_line = 0
        self.used = False

    def covers(self, finding: Finding) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        return any(s in (finding.code, finding.name, finding.category) for s in self.selectors)


def parse(source: SourceText) -> list[Suppression]:
    """Every suppression comment in the file, with the lines it covers."""
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    for match in _COMMENT.finditer(source.text):
        body = match.group("body")
        reason_match = _REASON.search(body)
        reason = reason_match.group("reason").strip() if reason_match else ""
        head = body[: reason_match.start()] if reason_match else body
        selectors = [s for s in re.split(r"[\s,|]+", head.strip()) if s]
        item = Suppression(match.group("verb"), selectors, reason, match.start(), match.end())
        end_line = source.position(match.end())[0]
        if item.verb == "disable-next-line":
            item.first_line = item.last_line = _next_filled_line(source, end_line)
            found.append(item)
        elif item.verb == "disable":
            item.first_line, item.last_line = end_line + 1, source.line_count
            open_ranges.append(item)
            found.append(item)
        else:  # enable closes the open ranges it names (all of them when it names none)
            start_line = source.position(match.start())[0]
            for opened in open_ranges:
                if not selectors or set(opened.selectors) & set(selectors):
                    opened.last_line = min(opened.last_line, start_line)
            open_ranges = [o for o in open_ranges if o.last_line == source.line_count]
    return found


def _next_filled_line(source: SourceText, line: int) -> int:
    for candidate in range(line + 1, source.line_count + 1):
        if source.line_text(candidate).strip():
            return candidate
    return line + 1


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Findings left after the suppressions that have a reason."""
    kept = []
    for finding in findings:
        hit = next((s for s in suppressions if s.reason and s.covers(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            hit.used = True
    return kept
