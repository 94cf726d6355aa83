"""Reporters: a name-to-class registry. Each turns a CheckResult into text."""

from __future__ import annotations

from kettools.report.base import Reporter
from kettools.report.github import GithubReporter
from kettools.report.json_reporter import JsonReporter
from kettools.report.junit import JunitReporter
from kettools.report.sarif import SarifReporter
from kettools.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
    "sarif": SarifReporter,
}

__all__ = ["REPORTERS", "Reporter"]
