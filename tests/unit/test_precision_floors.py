"""Regression floors on `benchmarks/precision.py --json` (run as a program), over the
HealthNewsReview stories in ../shared (skipped without it): error-level findings must
not flag good stories more than poor ones, and the median stays where issue #18 put it.
Figures in docs/precision.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, shared_path


@pytest.mark.slow
def test_error_findings_do_not_favour_poor_stories() -> None:
    shared_path("data", "hnr_dev.jsonl")  # skipped without ../shared
    args = [sys.executable, str(ROOT / "benchmarks" / "precision.py"), "--json", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=900)
    figures = json.loads(run.stdout)["all"]
    median = figures["median_errors"]
    assert median["good"] <= 3  # measured 3 (19 before #18); the target is <= 9
    assert median["good"] <= median["bad"]  # measured 3 and 3
    for code, rule in figures["rules"].items():
        if rule["severity"] != "error" or min(rule["good"], rule["bad"]) < 20:
            continue  # too few findings to read a ratio from
        # measured: the highest are KT205 1.33 and KT102 1.19 (docs/precision.md says why)
        assert rule["ratio"] <= 1.35, (code, rule)
