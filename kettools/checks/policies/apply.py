"""Turn policy violations into findings at the right place.

A claim violation is located at the deepest object on the error's instance path that
has a `span` (a cue, or the claim itself); its `text` is the excerpt. An article
violation is located at the front-matter line of the key on the error's path, or at
line 1 when the key is missing.
"""

from __future__ import annotations

from typing import Any

from kettools.checks.policies import Policy
from kettools.models.finding import Finding


class _Fields(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _locate(instance: dict[str, Any], path: list[str | int]) -> dict[str, Any]:
    node: Any = instance
    located = instance
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("span"), dict):
            located = node
    return located


def _finding(
    policy: Policy,
    path: str,
    span: dict[str, int],
    excerpt: str,
    fields: dict[str, Any],
    claim_id: str | None = None,
) -> Finding:
    meta = policy.meta
    return Finding(
        code=meta.code,
        name=meta.name,
        category=meta.category,
        severity=meta.severity,
        message=meta.message.format_map(_Fields(fields, excerpt=excerpt)),
        path=path,
        line=span["line"],
        column=span["column"],
        end_line=span["end_line"],
        end_column=span["end_column"],
        claim_id=claim_id,
        excerpt=excerpt,
        help=meta.help,
    )


def check_claims(policies: list[Policy], path: str, claims: list[dict[str, Any]]) -> list[Finding]:
    findings: list[Finding] = []
    for policy in policies:
        if policy.meta.target != "claim":
            continue
        for claim in claims:
            seen: set[tuple[int, int]] = set()
            for error_path, _ in policy.errors(claim):
                where = _locate(claim, error_path)
                key = (where["span"]["line"], where["span"]["column"])
                if key in seen:
                    continue
                seen.add(key)
                findings.append(
                    _finding(policy, path, where["span"], where.get("text", ""), claim, claim["id"])
                )
    return findings


def check_article(
    policies: list[Policy],
    path: str,
    record: dict[str, Any],
    key_lines: dict[str, int],
    line_length: dict[int, int],
) -> list[Finding]:
    """`line_length` gives the length of a line, so the finding covers the whole key line."""
    findings: list[Finding] = []
    for policy in policies:
        if policy.meta.target != "article":
            continue
        seen: set[int] = set()
        for error_path, _ in policy.errors(record):
            key = (
                next((str(p) for p in error_path[1:2]), "")
                if error_path[:1] == ["front_matter"]
                else ""
            )
            line = key_lines.get(key, 1)
            if line in seen:
                continue
            seen.add(line)
            span = {
                "line": line,
                "column": 1,
                "end_line": line,
                "end_column": line_length.get(line, 0) + 1,
            }
            findings.append(_finding(policy, path, span, key, record))
    return findings
