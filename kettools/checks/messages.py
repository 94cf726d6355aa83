"""Every code kettools can emit is a declared message: one place for `rules`, `explain` and SARIF.

A message is what a finding is an instance of: a stable code and name, a category, a
default severity, documentation (its first line is the summary; it holds a failing and a
passing example) and how to fix it. Messages are declared apart from what emits them,
as pylint declares its messages:

- a Python rule declares its message in its class attributes and docstring
  (``Rule.message()``); its ``check`` emits it;
- a JSON Schema policy declares its message in its ``x-kettools`` block;
- the messages the pipeline emits itself, while reading an article, applying
  suppressions or exporting a leaflet, are declared below (``PIPELINE``).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Literal, NamedTuple

from kettools.models.finding import Category, Finding, Severity

if TYPE_CHECKING:
    from kettools.ingest.document import Article

Emitter = Literal["check", "export"]


class Message(NamedTuple):
    code: str
    name: str
    category: Category
    severity: Severity
    help: str
    doc: str
    emitted_by: Emitter = "check"  # the command whose findings carry it

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def make(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        message: str,
        *,
        excerpt: str = "",
        claim_id: str | None = None,
        help: str | None = None,
    ) -> Finding:
        """A finding of this message: the one place a message meets a location."""
        return Finding(
            code=self.code,
            name=self.name,
            category=self.category,
            severity=self.severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            claim_id=claim_id,
            excerpt=excerpt,
            help=help or self.help,
        )

    def at(
        self,
        article: Article,
        start: int,
        end: int,
        message: str,
        *,
        claim_id: str | None = None,
        help: str | None = None,
    ) -> Finding:
        """A finding at source offsets of `article`, the excerpt being the text there."""
        span = article.span(start, end)
        return self.make(
            article.path,
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            message,
            excerpt=article.source.text[start:end],
            claim_id=claim_id,
            help=help,
        )

    def on_line(self, path: str, line: int, message: str, excerpt: str = "") -> Finding:
        """A finding about an input file, covering the excerpt from column 1 of `line`."""
        return self.make(path, line, 1, line, max(1, len(excerpt) + 1), message, excerpt=excerpt)


def _declare(
    code: str,
    name: str,
    category: Category,
    severity: Severity,
    help: str,
    doc: str,
    emitted_by: Emitter = "check",
) -> Message:
    return Message(code, name, category, severity, help, inspect.cleandoc(doc), emitted_by)


UNREADABLE_FILE = _declare(
    "KT001",
    "unreadable-file",
    "input",
    Severity.error,
    "Save the file as UTF-8 text. Binary and empty files cannot be checked.",
    """A file that cannot be read as an article: unreadable, binary, empty or not UTF-8.

    Reported when reading fails, at the line where it failed; nothing else is checked
    in that file and `check` exits with code 2.

    Failing: a `.md` file saved as Latin-1 with a byte 0xE9 on line 3, or a PNG renamed
    to `.txt`.

    Passing: any UTF-8 (or UTF-16 with a byte-order mark) text file with content.
    """,
)

BIBLIOGRAPHY_INVALID = _declare(
    "KT003",
    "bibliography-invalid",
    "input",
    Severity.error,
    "Point 'bibliography:' at a CSL YAML or JSON file inside the sources folder.",
    """The article's bibliography is missing, unreadable, invalid, or outside `sources/`.

    Reported at the front matter's `bibliography:` line. Citations in the article are
    then not resolved, so no citation findings follow from it.

    Failing: `bibliography: ../../etc/passwd`, or a references file with a duplicate id.

    Passing: `bibliography: references.yaml`, a CSL YAML list beside the article.
    """,
)

SIDECAR_INVALID = _declare(
    "KT004",
    "sidecar-invalid",
    "input",
    Severity.error,
    "Fix the sidecar at that line (`kettools schema` describes claims.schema.json), "
    "or delete it and run `kettools extract` to write a fresh one.",
    """The claims sidecar (`<slug>.claims.yaml`) is unreadable or does not match its schema.

    Reported at the sidecar's line: invalid YAML, an unknown key, a wrong type, a
    duplicate claim id, or an `article:` that names another file. The article is then
    checked without the editor's curation (reviews, accepted claims, evidence
    overrides), so findings the editor accepted may come back until the sidecar is
    fixed. `kettools extract` refuses to overwrite such a sidecar.

    Failing (`esketamine.claims.yaml`):

        article: esketamine.md
        claims:
          - id: c-0123456789
            review: {status: aproved}

    Passing:

        article: esketamine.md
        claims:
          - id: c-0123456789
            review: {status: accepted, note: A definition, not a claim.}
    """,
)

LEAFLET_READABILITY = _declare(
    "KT802",
    "leaflet-readability",
    "readability",
    Severity.warning,
    "Use shorter sentences and everyday words in the claims and caveat texts.",
    """The exported leaflet reads above the target grade for its audience.

    Reported by `kettools export` (not by `check`), on the article's first line, when the
    mean of the SMOG and Flesch-Kincaid grades of the leaflet's own prose is above the
    audience's target (config `readability.patients` 8, `general` 10, `clinicians` 16).
    The leaflet is still written; the finding gives both grades and the target.

    Failing: a leaflet for `audience: patients` whose sentences average 30 words of
    three syllables or more ("Intranasal administration necessitates supervision...").

    Passing: a leaflet for patients in short sentences of everyday words ("You take it
    as a nasal spray. A nurse stays with you for two hours.").
    """,
    emitted_by="export",
)

SUPPRESSION_WITHOUT_REASON = _declare(
    "KT901",
    "suppression-without-reason",
    "input",
    Severity.error,
    "Add ' -- ' and the reason after the codes, e.g. "
    "<!-- kettools-disable-next-line KT201 -- quoting a source -->.",
    """An inline suppression must say why the finding is accepted.

    A `kettools-disable` comment with no `-- reason` suppresses nothing and is reported,
    so that every accepted finding carries an editor's explanation. It is reported while
    suppressions are applied, and cannot itself be suppressed.

    Failing:

        <!-- kettools-disable-next-line KT201 -->
        A groundbreaking treatment, said the 2019 press release [@fda2019spravato].

    Passing:

        <!-- kettools-disable-next-line KT201 -- quoting the press release's own words -->
        A groundbreaking treatment, said the 2019 press release [@fda2019spravato].
    """,
)

SUPPRESSION_UNUSED = _declare(
    "KT902",
    "suppression-unused",
    "input",
    Severity.warning,
    "Delete the comment, or correct its code if the finding moved.",
    """An inline suppression that suppresses nothing should be removed.

    Left-over suppressions hide future problems on that line. A suppression (with a
    reason) that matched no finding is reported while suppressions are applied; it
    cannot itself be suppressed.

    Failing:

        <!-- kettools-disable-next-line KT201 -- quoting a source -->
        Esketamine is given in a certified clinic [@fda2019spravato].

    Passing:

        Esketamine is given in a certified clinic [@fda2019spravato].
    """,
)

PIPELINE: tuple[Message, ...] = (
    UNREADABLE_FILE,
    BIBLIOGRAPHY_INVALID,
    SIDECAR_INVALID,
    LEAFLET_READABILITY,
    SUPPRESSION_WITHOUT_REASON,
    SUPPRESSION_UNUSED,
)
