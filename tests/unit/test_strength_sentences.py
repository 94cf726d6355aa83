"""Claim strength on the sentences written for this project (tests/data/strength/).

They ship with the repository, so unlike tests/unit/test_shared_data.py these run in
every clone. The figures are what `benchmarks/language.py --json` prints (run as a
program), and each floor is that figure rounded down: a change that loses
sentences fails here. The blind sets were never read for tuning
(tests/data/strength/README.md).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests.conftest import ROOT, language_figures

OWN_SETS = ROOT / "tests" / "data" / "strength"
CLASSES = ("none", "correlational", "conditional_causal", "direct_causal")

FLOORS = {
    "tune-a": 0.98,
    "tune-c": 0.98,
    "tune-e": 0.95,
    "tune-g": 0.97,
    "tune-h": 0.96,
    "tune-m": 0.97,
    "tune-n": 0.98,
    "tune-r": 0.98,
    "tune-t": 0.99,
    "tune-v": 0.95,
    "tune-w": 0.94,
    "blind-b": 0.97,
    "blind-d": 0.87,
    "blind-f": 0.86,
    "blind-k": 0.97,
    "blind-q": 0.95,
    "blind-u": 0.96,
    "blind-x": 0.89,
}


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    own: dict[str, Any] = language_figures(None)["own_sets"]
    return own


def test_every_set_is_balanced_and_well_formed() -> None:
    assert sorted(p.stem for p in OWN_SETS.glob("*.jsonl")) == sorted(FLOORS)
    texts: set[str] = set()
    for name in FLOORS:
        text = (OWN_SETS / f"{name}.jsonl").read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert all(set(r) - {"part"} == {"text", "label", "genre"} for r in rows), name
        assert {r.get("part", "body") for r in rows} <= {"title", "body"}, name
        assert {r["genre"] for r in rows} <= {"abstract", "press", "news"}, name
        counts = Counter(r["label"] for r in rows)
        assert set(counts) == set(CLASSES) and len(set(counts.values())) == 1, (name, counts)
        new = {r["text"] for r in rows}
        assert len(new) == len(rows) and not new & texts, name  # no sentence twice
        texts |= new


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_strength_stays_at_its_measured_figure(measured: dict[str, Any], name: str) -> None:
    assert measured[name]["macro_f1"] >= FLOORS[name]
