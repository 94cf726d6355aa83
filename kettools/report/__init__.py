"""Reporters: a name-to-class registry. Each turns a CheckResult into text."""

from __future__ import annotations

from kettools.report.base import Reporter
from kettools.report.github import GithubReporter
from kettools.report.json_reporter import JsonReporter
from kettools.report.junit import JunitReporter
from kettools.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
}

__all__ = ["REPORTERS", "Reporter"]
