"""What the language server says about a checked article, in kettools' own positions.

Positions here are those of a finding: 1-based lines, columns counting characters
(code points). The server converts them to the client's units (`server.py`).

- `hover`: the documentation of each rule whose finding covers the position
  (`kettools explain`), and for a claim sentence its kind, strength, certainty, cues
  and review status.
- `accept`: the edit that accepts a finding on purpose: a suppression comment on its
  own line above the finding, `<!-- kettools-disable-next-line KT201 --  -->`, whose
  reason is left for the editor to write. Until it is written the suppression
  suppresses nothing and is itself a KT901 finding, so an unexplained acceptance never
  goes unnoticed.
- `review`: the article review's scorecard (`kettools.report.scorecard`): the rating
  and the criteria not met, shown as a code lens on the first line; its command shows
  why each one is not met.
- `fixes`: edits that change nothing an editor meant, so they are safe to apply
  without reading them: removing a suppression that suppresses nothing (KT902).
  The other findings are judgements about wording and evidence; they are accepted or
  rewritten by the editor, never changed by a tool.
"""

from __future__ import annotations

from dataclasses import dataclass

from kettools.checks.registry import documentation
from kettools.checks.suppress import parse as parse_suppressions
from kettools.ingest.document import Article
from kettools.ingest.source import SourceText
from kettools.models.claims import ClaimRecord
from kettools.models.finding import Finding
from kettools.report.scorecard import headline, unmet
from kettools.results import FileResult

#: Findings about suppressions cannot themselves be suppressed (kettools/checks/suppress.py).
UNSUPPRESSABLE = frozenset({"KT901", "KT902"})


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) with `text`."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True, slots=True)
class Action:
    title: str
    finding: Finding
    edits: tuple[Edit, ...]
    preferred: bool = False
    reason_at: tuple[int, int] | None = None  # where the editor types the reason, if asked


def covers(line: int, column: int, end_line: int, end_column: int, at: tuple[int, int]) -> bool:
    """Whether the position `at` (line, column) is inside the range, its ends included."""
    return (line, column) <= at <= (end_line, end_column)


def _claim_text(claim: ClaimRecord) -> str:
    parts = [
        f"**Claim** {claim.id}: {claim.kind.value}, strength **{claim.strength.value}**, "
        f"certainty **{claim.certainty.value}**"
    ]
    if claim.cues:
        cues = "; ".join(f"{c.kind.value} \u201c{c.text}\u201d" for c in claim.cues)
        parts.append(f"Cues: {cues}")
    subject = claim.subject
    if subject.intervention or subject.conditions:
        about = ", ".join([subject.intervention or "", *subject.conditions]).strip(", ")
        parts.append(f"About: {about} (population: {subject.population})")
    if claim.citations:
        parts.append("Cites: " + ", ".join(claim.citations))
    parts.append(f"Review: {claim.review.status.value}")
    return "\n\n".join(parts)


def _explanation(code: str) -> str:
    """The rule's documentation without its examples (`kettools explain` has them)."""
    doc = documentation(code)
    if doc is None:
        return ""
    return doc.split("\n\nFailing")[0].split("\n\nPassing")[0].strip()


def hover(result: FileResult, at: tuple[int, int], explained: int = 1) -> str | None:
    """Markdown for the position `at`, or None when nothing is there: the findings that
    cover it, narrowest first (the first `explained` rules with their explanation, the
    others in one line each), then the claim sentence's analysis."""
    here = [f for f in result.findings if covers(f.line, f.column, f.end_line, f.end_column, at)]
    here.sort(key=lambda f: (f.end_line - f.line, f.end_column - f.column, f.code))
    by_code: dict[str, list[Finding]] = {}
    for f in here:
        by_code.setdefault(f.code, []).append(f)
    parts: list[str] = []
    for i, (code, found) in enumerate(by_code.items()):
        f = found[0]
        more = f" (and {len(found) - 1} more like it)" if len(found) > 1 else ""
        if i < explained:
            parts.append(
                f"**{code}** {f.name}: {f.message}{more}\n\n"
                f"```text\n{_explanation(code) or f.help}\n```"
            )
        else:
            parts.append(f"**{code}** {f.name}: {f.message}{more}")
    for claim in result.claims:
        s = claim.span
        if covers(s.line, s.column, s.end_line, s.end_column, at):
            parts.append(_claim_text(claim))
            break
    return "\n\n---\n\n".join(parts) or None


def _indent(line_text: str) -> str:
    return line_text[: len(line_text) - len(line_text.lstrip(" \t"))]


def accept(finding: Finding, article: Article) -> Action | None:
    """Suppress the finding with a comment whose reason the editor writes: a
    `disable-next-line` comment above the finding's line when that line starts its
    paragraph, else `disable` and `enable` comments around the paragraph (a comment
    line inside a Markdown paragraph would split it). None for what cannot be
    suppressed: findings about suppressions or inputs, and findings in front matter."""
    if finding.code in UNSUPPRESSABLE or finding.category == "input":
        return None
    source = article.source
    offset = source.offset(finding.line, finding.column)
    block = next((b for b in article.blocks if b.start <= offset < max(b.end, b.start + 1)), None)
    if block is None:
        return None  # front matter, or outside the text kettools reads
    first = source.position(block.start)[0]
    indent = _indent(source.line_text(first))
    if first == finding.line:
        head = f"{indent}<!-- kettools-disable-next-line {finding.code} -- "
        edits: tuple[Edit, ...] = (Edit(first, 1, first, 1, f"{head} -->\n"),)
    else:
        head = f"{indent}<!-- kettools-disable {finding.code} -- "
        last = source.position(max(block.start, block.end - 1))[0]
        after = len(source.line_text(last)) + 1
        end = f"\n{indent}<!-- kettools-enable {finding.code} -->"
        edits = (Edit(first, 1, first, 1, f"{head} -->\n"), Edit(last, after, last, after, end))
    return Action(
        f"Accept {finding.code} here (write the reason in the comment)",
        finding,
        edits,
        reason_at=(first, len(head) + 1),
    )


def fixes(finding: Finding, source: SourceText) -> list[Action]:
    """Edits safe to apply as they are (see the module's documentation)."""
    if finding.code != "KT902":
        return []
    for item in parse_suppressions(source):
        (line, column), (end_line, end_column) = (
            source.position(item.start),
            source.position(item.end),
        )
        if (line, column) != (finding.line, finding.column):
            continue
        whole = (
            source.line_text(line)[: column - 1].strip() == ""
            and source.line_text(end_line)[end_column - 1 :].strip() == ""
        )
        edit = (
            Edit(line, 1, end_line + 1, 1, "")
            if whole
            else Edit(line, column, end_line, end_column, "")
        )
        return [Action("Remove the unused suppression", finding, (edit,), preferred=True)]
    return []


def actions(result: FileResult, first: int, last: int) -> list[Action]:
    """Code actions for the findings on lines `first` to `last`: fixes first, then accepts."""
    article = result.article
    if article is None:
        return []
    found = [f for f in result.findings if f.line <= last and f.end_line >= first]
    done: list[Action] = []
    for f in found:
        done += fixes(f, article.source)
    for f in found:
        action = accept(f, article)
        if action is not None:
            done.append(action)
    return done


def review(result: FileResult) -> tuple[str, str] | None:
    """(the lens's title, the message its command shows) for a reviewed article:
    `kettools review 2.9/5 (4 of 7 applicable criteria met); not met: costs, harms` and
    each criterion not met with the reason kettools gives."""
    if result.review is None:
        return None
    title = f"kettools {headline(result.review)}"
    missing = unmet(result.review)
    if not missing:
        return title, f"{title}."
    title += "; not met: " + ", ".join(key for key, _ in missing)
    reasons = "; ".join(f"{key}: {c.why.rstrip('.')}" for key, c in missing)
    return title, f"kettools {headline(result.review)}. Not met: {reasons}."
