"""Policy engines side by side: jsonschema-rs (what kettools uses) and python-jsonschema.

    python benchmarks/policies.py [-n 200] [--repeat 5]

Builds the claim and article records of N articles of the benchmark corpus (written to
a temporary folder by benchmarks/corpus.py) and of this repository's sources/, then:

* checks that both engines find the same violations: for every policy and record, the
  same set of instance paths (the only part of an error a finding uses; messages are
  worded differently by the two libraries);
* times every built-in policy over every record with each engine and prints the
  median of --repeat runs, per 10,000 records, and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jsonschema

from kettools import engine
from kettools.checks.policies import Policy, load_policies
from kettools.engine.project import Project
from kettools.inputs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # a sibling script, not a package

Record = tuple[str, dict[str, Any]]  # (target, record)


def records(paths: Iterable[Path], root: Path) -> list[Record]:
    """The JSON form of each article record and claim record, as policies see them."""
    config = load_config(root)
    project = Project.load(config, dt.date(2026, 11, 22))
    found: list[Record] = []
    for result in engine.check(list(paths), config, project.today, project, detail=True).files:
        if result.record is not None:
            found.append(("article", result.record.model_dump(mode="json")))
        found += [("claim", claim.model_dump(mode="json")) for claim in result.claims]
    return found


def violations(errors: Iterable[Any], path_of: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    return sorted({tuple(path_of(e)) for e in errors}, key=repr)


def compare(policies: list[Policy], found: list[Record]) -> tuple[int, int, int]:
    """(checks, checks with a violation, disagreements) of the two engines over every
    policy and record."""
    python = {p.code: jsonschema.Draft202012Validator(p.schema) for p in policies}
    checks = violated = differ = 0
    for policy in policies:
        for target, record in found:
            if target != policy.meta.target:
                continue
            checks += 1
            fast = violations(policy.validator.iter_errors(record), lambda e: e.instance_path)
            slow = violations(python[policy.code].iter_errors(record), lambda e: e.absolute_path)
            violated += bool(fast)
            if fast != slow:
                differ += 1
                print(f"  {policy.code} differs: jsonschema-rs {fast}, jsonschema {slow}")
    return checks, violated, differ


def timed(policies: list[Policy], found: list[Record], iter_errors: Callable[..., Any]) -> float:
    start = time.perf_counter()
    for policy in policies:
        for target, record in found:
            if target == policy.meta.target:
                list(iter_errors(policy, record))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        sources = corpus.write(Path(tmp), args.n)
        found = records(sorted(sources.glob("*.md")), Path(tmp))
    found += records(sorted((repo / "sources").glob("*.md")), repo)
    policies = load_policies()
    checks, violated, differ = compare(policies, found)
    claims = sum(1 for target, _ in found if target == "claim")
    print(
        f"{len(found)} records ({claims} claims), {len(policies)} policies: {checks} checks, "
        f"{violated} with a violation, {differ} disagreements between jsonschema-rs and "
        "jsonschema"
    )
    python = {p.code: jsonschema.Draft202012Validator(p.schema) for p in policies}
    engines: dict[str, Callable[..., Any]] = {
        "jsonschema-rs": lambda p, r: p.validator.iter_errors(r),
        "jsonschema": lambda p, r: python[p.code].iter_errors(r),
    }
    medians = {}
    for name, iter_errors in engines.items():
        runs = [timed(policies, found, iter_errors) for _ in range(args.repeat)]
        medians[name] = statistics.median(runs)
        print(
            f"{name}: {1000 * medians[name]:.1f} ms for all policies over {len(found)} "
            f"records; {10_000 * medians[name] / len(found):.3f} s per 10,000 records"
        )
    print(f"jsonschema / jsonschema-rs = {medians['jsonschema'] / medians['jsonschema-rs']:.1f}")


if __name__ == "__main__":
    main()
