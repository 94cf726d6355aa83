"""Every declared message and policy with its documentation: one place for `rules`, `explain`
and SARIF."""

from __future__ import annotations

from typing import NamedTuple

from kettools.checks import messages
from kettools.checks import policies as policy_mod
from kettools.checks.rules import RULES


class Entry(NamedTuple):
    code: str
    name: str
    category: str
    severity: str
    summary: str
    kind: str  # "rule" | "policy" | "pipeline"
    help: str = ""


def declared() -> list[tuple[messages.Message, str]]:
    """Every message that is not a policy, with its kind: the rules', then the pipeline's."""
    return [(r.message(), "rule") for r in RULES] + [(m, "pipeline") for m in messages.PIPELINE]


def entries(policies: list[policy_mod.Policy] | None = None) -> list[Entry]:
    """Every declared message and policy (the built-in ones unless given), sorted by code."""
    found = [
        Entry(m.code, m.name, str(m.category), str(m.severity), m.summary, kind, m.help)
        for m, kind in declared()
    ]
    for p in policy_mod.load_policies() if policies is None else policies:
        summary = str(p.schema.get("title") or p.meta.message)
        meta = p.meta
        found.append(
            Entry(p.code, p.name, meta.category, meta.severity.value, summary, "policy", meta.help)
        )
    return sorted(found, key=lambda e: e.code)


def documentation(key: str) -> str | None:
    """The documentation of a message or policy by code or name (any case), or None."""
    wanted = key.strip().lower()
    for m, _ in declared():
        if wanted in (m.code.lower(), m.name):
            head = f"{m.code} {m.name} [{m.category}, {m.severity}]"
            if m.emitted_by != "check":
                head += f" (emitted by `kettools {m.emitted_by}`)"
            return f"{head}\n\n{m.doc}\n\nHow to fix: {m.help}\n"
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
