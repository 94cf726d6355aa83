"""jsonschema-rs, on the hot path, finds the same violations as python-jsonschema.

Findings are built from the instance paths of the errors, so both engines must give the
same paths for every built-in policy and record (benchmarks/policies.py runs the same
comparison on the benchmark corpus and times both).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from kettools.checks.policies import load_policies

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "policies_bench", ROOT / "benchmarks" / "policies.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_engines_find_the_same_violations(tmp_path: Path) -> None:
    bench = benchmark()
    sources = bench.corpus.write(tmp_path, 30)
    found = bench.records(sorted(sources.glob("*.md")), tmp_path)
    found += bench.records(sorted((ROOT / "sources").glob("*.md")), ROOT)
    if SEEDS.is_dir():
        found += bench.records(sorted(SEEDS.iterdir()), ROOT)
    checks, violated, differ = bench.compare(load_policies(), found)
    assert differ == 0
    assert checks > 1000 and violated > 100  # the comparison covers real violations
