"""`--format json`: one versioned object, described by schemas/findings.schema.json."""

from __future__ import annotations

import json

from kettools.engine import CheckResult
from kettools.report.base import Reporter, findings_report


class JsonReporter(Reporter):
    def render(self, result: CheckResult) -> str:
        data = findings_report(result).model_dump(mode="json")
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
