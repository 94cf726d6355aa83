"""`kettools rules` and `kettools explain`: what each rule and policy checks."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass

import click

from kettools import policy as policy_mod
from kettools.cli.common import one_line_errors
from kettools.rules import RULES


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    kind: str  # "rule" | "policy"


def entries() -> list[Entry]:
    """Every Python rule and built-in policy, sorted by code."""
    found = [
        Entry(r.code, r.name, str(r.category), str(r.severity), r.summary(), "rule") for r in RULES
    ]
    for p in policy_mod.load_policies():
        summary = str(p.schema.get("title") or p.meta.message)
        found.append(
            Entry(p.code, p.name, str(p.meta.category), str(p.meta.severity), summary, "policy")
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


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@one_line_errors
def rules(fmt: str) -> None:
    """List every rule and policy: code, name, category, severity and summary."""
    found = entries()
    if fmt == "json":
        click.echo(json.dumps([asdict(e) for e in found], indent=2))
        return
    width = max(len(e.name) for e in found)
    for e in found:
        click.echo(f"{e.code}  {e.name:<{width}}  {e.category:<15}  {e.severity:<7}  {e.summary}")


@click.command("explain")
@click.argument("code_or_name")
@one_line_errors
def explain(code_or_name: str) -> None:
    """Print the documentation and examples of a rule or policy (by code or name)."""
    text = documentation(code_or_name)
    if text is None:
        click.echo(
            f"kettools: error: no rule or policy '{code_or_name}' (see `kettools rules`)", err=True
        )
        sys.exit(2)
    click.echo(text, nl=False)
