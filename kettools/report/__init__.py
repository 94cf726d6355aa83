"""Reporters: a name-to-class registry. Each turns a CheckResult into text.

A reporter's module is imported when its name is looked up: a `check` that prints text
does not import the XML writer of the JUnit report or the SARIF reporter."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from kettools.report.base import Reporter

_WHERE = {
    "text": "kettools.report.text:TextReporter",
    "json": "kettools.report.json_reporter:JsonReporter",
    "github": "kettools.report.github:GithubReporter",
    "junit": "kettools.report.junit:JunitReporter",
    "sarif": "kettools.report.sarif:SarifReporter",
}


class _Reporters(Mapping[str, type[Reporter]]):
    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _WHERE[name].partition(":")
        reporter: type[Reporter] = getattr(importlib.import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


REPORTERS: Mapping[str, type[Reporter]] = _Reporters()

__all__ = ["REPORTERS", "Reporter"]
