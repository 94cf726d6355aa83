"""Claim strength on the sentences written for this project (tests/data/strength/).

They ship with the repository, so unlike tests/unit/test_shared_data.py these run in
every clone. Each floor is the measured macro-F1 (benchmarks/language.py) rounded
down: a change that loses sentences of a genre fails here. The blind sets were
never read for tuning (tests/data/strength/README.md).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kettools.claims.analysis import Analyzer
from tests.conftest import ROOT
from tests.unit._scores import STRENGTHS, macro_f1

SETS = ROOT / "tests" / "data" / "strength"
FLOORS = {
    "tune-a": 0.98,
    "tune-c": 0.97,
    "tune-e": 0.95,
    "blind-b": 0.97,
    "blind-d": 0.86,
    "blind-f": 0.84,
}


def _rows(name: str) -> list[dict[str, str]]:
    with (SETS / f"{name}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_every_set_is_balanced_and_well_formed() -> None:
    assert sorted(p.stem for p in SETS.glob("*.jsonl")) == sorted(FLOORS)
    texts: set[str] = set()
    for name in FLOORS:
        rows = _rows(name)
        assert all(set(r) == {"text", "label", "genre"} for r in rows), name
        assert {r["genre"] for r in rows} <= {"abstract", "press", "news"}, name
        counts = Counter(r["label"] for r in rows)
        assert set(counts) == set(STRENGTHS) and len(set(counts.values())) == 1, (name, counts)
        new = {r["text"] for r in rows}
        assert len(new) == len(rows) and not new & texts, name  # no sentence twice
        texts |= new


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_strength_stays_at_its_measured_figure(name: str) -> None:
    analyzer = Analyzer()
    pairs = [(r["label"], analyzer.analyze(r["text"]).strength.value) for r in _rows(name)]
    assert macro_f1(pairs) >= FLOORS[name]
