"""Baselines: accept today's findings so that only new ones fail.

A finding's fingerprint is a hash of its file, code, claim id (derived from the claim's
normalised sentence) and its excerpt with white space collapsed and case folded, plus
its rank among findings with the same key in that file. None of these is a line
number, so a fingerprint survives lines added or removed above the finding. SARIF
`partialFingerprints` use the same value.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from kettools import access, jsonio
from kettools.atomic import write_text
from kettools.models.finding import Finding

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used (one line naming the file)."""


def _key(finding: Finding) -> str:
    excerpt = " ".join(finding.excerpt.split()).casefold()
    return "\x1f".join((finding.path, finding.code, finding.claim_id or "", excerpt))


def fingerprints(findings: list[Finding]) -> list[str]:
    """One stable fingerprint per finding, in the same order."""
    seen: Counter[str] = Counter()
    prints = []
    for finding in findings:
        key = _key(finding)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        prints.append(digest[:32])
    return prints


def write(path: Path, findings: list[Finding]) -> None:
    entries = {
        fp: {"path": f.path, "code": f.code, "excerpt": f.excerpt[:120]}
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
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{path}: not a kettools baseline of version {VERSION}")
    findings = data.get("findings")
    if not isinstance(findings, dict):
        raise BaselineError(f"{path}: 'findings' must be a mapping of fingerprints")
    return set(findings)


def new_findings(findings: list[Finding], baseline: set[str]) -> list[Finding]:
    """The findings whose fingerprints are not in the baseline."""
    return [f for fp, f in zip(fingerprints(findings), findings, strict=True) if fp not in baseline]
