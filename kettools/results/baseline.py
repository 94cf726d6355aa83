"""Baselines: accept today's findings so that only new ones fail.

A finding's fingerprint is made of what the finding is about, never of where it is:

- its file and code;
- its own words: the excerpt, white space collapsed and case folded;
- a little context: up to three words either side of them on their line, within their
  sentence (read from the file; none when it cannot be read), so the same word in two
  sentences gives two fingerprints, and editing another sentence changes neither;
- the names its message quotes ('dean2021', a caveat's title), which tell apart
  findings that share their words;
- its rank among findings with all of the above equal in that file.

A finding about the whole article (a missing caveat, an unmarked off-label use, the
reading level) is shown at a place chosen for display, such as the first benefit claim;
its identity is its message instead, with numbers masked (a reading grade moves with
every edit). No line number, column or neighbouring claim enters a fingerprint, so
lines added above, paragraphs reordered and a typo fixed elsewhere leave it unchanged.
SARIF `partialFingerprints` use the same value.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

from kettools.errors import KettoolsError
from kettools.files import access, jsonio
from kettools.files.atomic import write_text
from kettools.ingest.source import DecodeError, SourceText
from kettools.models.finding import Finding

VERSION = 2
FINGERPRINT = "kettools/v2"  # the SARIF partialFingerprints key


@cache
def _article_level() -> frozenset[str]:
    """Codes of findings about the whole article, shown where convenient (`Rule.article_level`)."""
    from kettools.checks.rules import RULES

    return frozenset(r.code for r in RULES if r.article_level)


_QUOTED = re.compile(r"'([^']+)'")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_CONTEXT_WORDS = 3
_MAX_SOURCE_BYTES = 20_000_000


class BaselineError(KettoolsError):
    """A baseline file that cannot be used (one line naming the file)."""


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Sources:
    """The checked files' lines, read once each (None: cannot be read)."""

    def __init__(self) -> None:
        self.files: dict[str, SourceText | None] = {}

    def __call__(self, path: str) -> SourceText | None:
        if path not in self.files:
            try:
                file = Path(path)
                too_big = file.stat().st_size > _MAX_SOURCE_BYTES
                self.files[path] = None if too_big else SourceText.from_bytes(file.read_bytes())
            except (OSError, DecodeError, ValueError):
                self.files[path] = None
        return self.files[path]


def context(finding: Finding, source: SourceText | None) -> str:
    """Up to three words before and after the finding's words, within their sentence."""
    if source is None or not 1 <= finding.line <= source.line_count:
        return ""
    line = source.line_text(finding.line)
    before = _SENTENCE_END.split(line[: max(finding.column - 1, 0)])[-1].split()
    after = ""
    ends_sentence = finding.excerpt.rstrip()[-1:] in (".", "!", "?")
    if finding.end_line == finding.line and not ends_sentence:
        after = _SENTENCE_END.split(line[max(finding.end_column - 1, 0) :] + " ")[0]
    words = before[-_CONTEXT_WORDS:] + after.split()[:_CONTEXT_WORDS]
    return _words(" ".join(words))


def _key(finding: Finding, source: SourceText | None) -> str:
    parts: tuple[str, ...]
    if finding.code in _article_level():
        parts = (finding.path, finding.code, _NUMBER.sub("#", _words(finding.message)))
    else:
        named = "\x1e".join(_QUOTED.findall(finding.message))
        words = _words(finding.excerpt)
        parts = (finding.path, finding.code, words, context(finding, source), named)
    return "\x1f".join(parts)


def fingerprints(findings: list[Finding]) -> list[str]:
    """One stable fingerprint per finding, in the same order."""
    seen: Counter[str] = Counter()
    prints = []
    sources = _Sources()
    for finding in findings:
        key = _key(finding, sources(finding.path))
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        prints.append(digest[:32])
    return prints


def write(path: Path, findings: list[Finding]) -> None:
    entries = {
        fp: {"path": f.path, "code": f.code, "excerpt": f.excerpt[:120], "message": f.message}
        for fp, f in zip(fingerprints(findings), findings, strict=True)
    }
    data = {"version": VERSION, "tool": "kettools", "findings": dict(sorted(entries.items()))}
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load(path: Path) -> set[str]:
    try:
        data = jsonio.loads(access.read_text(path))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, jsonio.JsonError) as exc:
        raise BaselineError(f"{path}: not a kettools baseline ({exc})") from None
    if isinstance(data, dict) and data.get("tool") == "kettools" and data.get("version") == 1:
        raise BaselineError(
            f"{path}: a baseline of version 1, whose fingerprints moved with edits; "
            f"write it again with `kettools check --write-baseline {path} --fail-on never`"
        )
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{path}: not a kettools baseline of version {VERSION}")
    findings = data.get("findings")
    if not isinstance(findings, dict):
        raise BaselineError(f"{path}: 'findings' must be a mapping of fingerprints")
    return set(findings)


def new_findings(findings: list[Finding], baseline: set[str]) -> list[Finding]:
    """The findings whose fingerprints are not in the baseline."""
    return [f for fp, f in zip(fingerprints(findings), findings, strict=True) if fp not in baseline]
