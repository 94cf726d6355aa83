"""`--format json`: one versioned object, described by schemas/findings.schema.json."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from pydantic_core import PydanticSerializationError, to_json

from kettools.report.base import Reporter, findings_report
from kettools.results import CheckResult

_FINDINGS = '"findings": []'


class JsonReporter(Reporter):
    def render(self, result: CheckResult) -> str:
        return "".join(self.chunks(result))

    def chunks(self, result: CheckResult) -> Iterator[str]:
        """`json.dumps(report, indent=2)` one finding at a time: the same bytes, without
        a dict per finding and the whole text in memory at once (10,000 articles give
        about 360,000 findings)."""
        report = findings_report(result)
        if not report.findings:
            yield _dumps_head(report.model_dump(mode="json")) + "\n"
            return
        head = report.model_dump(mode="json", exclude={"findings"})
        head["findings"] = []
        text = _dumps_head(head)
        before, after = text.rsplit(_FINDINGS, 1)  # findings is the last field
        yield before + '"findings": [\n'
        last = len(report.findings) - 1
        for i, finding in enumerate(report.findings):
            item = _dumps(finding.to_dict())
            # strings hold no raw newline (JSON escapes it), so every line is indented
            yield "    " + item.replace("\n", "\n    ") + (",\n" if i < last else "\n")
        yield "  ]" + after + "\n"


def _dumps(finding: dict[str, object]) -> str:
    """`json.dumps(finding, indent=2, ensure_ascii=False)`, written by pydantic-core: the
    same text for strings and integers (all a finding holds) in a sixth of the time, which
    was most of a run from the cache. A lone surrogate, which UTF-8 cannot carry, takes
    the standard library's way."""
    try:
        return to_json(finding, indent=2).decode()
    except PydanticSerializationError:
        return json.dumps(finding, indent=2, ensure_ascii=False)


#: A number pydantic-core writes otherwise than `json.dumps`: one with an exponent or
#: below 1e-4 (1e-07 and 1e-05 are written 1e-7 and 0.00001), as it stands in the text
#: (after a key or at the start of an array's line; a string holds no raw newline).
_OTHER_NUMBER = re.compile(r'(?:": |\n *)-?(?:\d[\d.]*[eE]|0\.0000)')


def _dumps_head(report: dict[str, object]) -> str:
    """`json.dumps(report, indent=2, ensure_ascii=False)` for the report without its
    findings (the files and their reviews: 1.8 MB for 400 articles), written by
    pydantic-core. The two write the same text but for floats with an exponent or below
    1e-4 (1.6 million random floats compared); text holding such a number, or a lone
    surrogate, takes the standard library's way."""
    try:
        text = to_json(report, indent=2, inf_nan_mode="constants").decode()
    except PydanticSerializationError:
        return json.dumps(report, indent=2, ensure_ascii=False)
    if _OTHER_NUMBER.search(text):
        return json.dumps(report, indent=2, ensure_ascii=False)
    return text
