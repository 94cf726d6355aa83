"""`--format junit`: JUnit XML, one test case per checked file, a failure per finding."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from kettools.report.base import Reporter
from kettools.results import CheckResult

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot carry control characters; show them as \\xNN."""
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class JunitReporter(Reporter):
    def render(self, result: CheckResult) -> str:
        failures = sum(1 for r in result.files if r.findings)
        suite = ET.Element(
            "testsuite",
            name="kettools",
            tests=str(len(result.files)),
            failures=str(failures),
            errors="0",
            skipped="0",
        )
        for file_result in result.files:
            case = ET.SubElement(
                suite, "testcase", classname="kettools.check", name=_clean(file_result.path)
            )
            for f in file_result.findings:
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=f.code,
                    message=_clean(f"{f.code} [{f.category}] {f.message}"),
                )
                failure.text = _clean(
                    f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {f.message}\n"
                    f"excerpt: {f.excerpt}\nhelp: {f.help}"
                )
        ET.indent(suite)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suite, encoding="unicode")
            + "\n"
        )
