"""Every rule and policy with its documentation: one place for `rules`, `explain` and SARIF."""

from __future__ import annotations

from dataclasses import dataclass

from kettools import policy as policy_mod
from kettools.rules import RULES


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    kind: str  # "rule" | "policy"
    help: str = ""


def entries(policies: list[policy_mod.Policy] | None = None) -> list[Entry]:
    """Every Python rule and policy (the built-in ones unless given), sorted by code."""
    found = [
        Entry(r.code, r.name, str(r.category), str(r.severity), r.summary(), "rule", r.help)
        for r in RULES
    ]
    for p in policy_mod.load_policies() if policies is None else policies:
        summary = str(p.schema.get("title") or p.meta.message)
        meta = p.meta
        found.append(
            Entry(p.code, p.name, meta.category, meta.severity.value, summary, "policy", meta.help)
        )
    return sorted(found, key=lambda e: e.code)


def documentation(key: str) -> str | None:
    """The documentation of a rule or policy by code or name (any case), or None."""
    wanted = key.strip().lower()
    for rule in RULES:
        if wanted in (rule.code.lower(), rule.name):
            head = f"{rule.code} {rule.name} [{rule.category}, {rule.severity}]"
            return f"{head}\n\n{rule.doc()}\n\nHow to fix: {rule.help}\n"
    for p in policy_mod.load_policies():
        if wanted in (p.code.lower(), p.name):
            meta = p.meta
            head = f"{meta.code} {meta.name} [{meta.category}, {meta.severity}]"
            parts = [f"{head} (policy: {p.path.name})"]
            if p.schema.get("title"):
                parts.append(str(p.schema["title"]))
            if p.schema.get("description"):
                parts.append(str(p.schema["description"]))
            parts.append(f"Applies to: each {meta.target} record.")
            parts.append(f"How to fix: {meta.help}")
            for label in ("failing", "passing"):
                if label in meta.examples:
                    example = "\n".join("    " + line for line in meta.examples[label].splitlines())
                    parts.append(f"{label.capitalize()}:\n\n{example}")
            return "\n\n".join(parts) + "\n"
    return None
