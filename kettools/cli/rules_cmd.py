"""`kettools rules` and `kettools explain`: what each rule and policy checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kettools.checks import policies as policy_mod
from kettools.checks.registry import documentation, entries
from kettools.cli.common import one_line_errors
from kettools.inputs.config import load_config
from kettools.report.sarif import rules_url


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@one_line_errors
def rules(fmt: str) -> None:
    """List every rule and policy: code, name, category, severity and summary.

    Policies from the project's configured `policies` folders are listed too.
    """
    config = load_config(Path.cwd())
    found = entries(policy_mod.load_configured(config.root, config.policies))
    if fmt == "json":
        click.echo(json.dumps([e._asdict() for e in found], indent=2))
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
    page = f"{text.split(' ', 1)[0]}.md"
    base = rules_url()
    click.echo(f"\nPage: {base}{page}" if base else f"\nPage: docs/rules/{page} in kettools.")
