"""The JSON report's head (files and reviews) written by pydantic-core is the text
`json.dumps(indent=2, ensure_ascii=False)` writes, numbers it writes otherwise included."""

from __future__ import annotations

import json
import random

import pytest

from kettools.report.json_reporter import _dumps_head


@pytest.mark.parametrize(
    "report",
    [
        {"score": 1e-05, "nested": [0.5, {"tiny": 1e-7}], "big": 1e22},
        {"nan": float("nan"), "inf": [float("inf"), -float("inf")], "zero": -0.0},
        {"text": 'a key: 1e5 "x": 1e-9\n', "none": None, "yes": True, "list": [], "map": {}},
        {"text": "\u00e9 \u2028 \x7f \x1f \ud800"},  # a lone surrogate: the standard library's way
        {"files": [{"path": "sources/article-00001.md", "rating": 2.9, "score": 0.599}]},
    ],
)
def test_head_is_json_dumps(report: dict[str, object]) -> None:
    assert _dumps_head(report) == json.dumps(report, indent=2, ensure_ascii=False)


def test_random_floats_are_written_as_json_dumps_writes_them() -> None:
    rng = random.Random(25)
    values = [rng.random() * 10 ** rng.uniform(-12, 20) for _ in range(2000)]
    report = {"values": values, "rounded": [round(v, 3) for v in values]}
    assert _dumps_head(report) == json.dumps(report, indent=2, ensure_ascii=False)
