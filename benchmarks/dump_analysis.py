"""Write the sentence analysis of every annotated sentence, to prove a refactor changes
nothing (never shipped).

    python benchmarks/dump_analysis.py OUT [--shared DIR]

For each sentence of the claim-strength and hedging sets in ../shared and of the
project's own sets (``tests/data/strength/``), both modes of ``Analyzer._analyze``
(every sentence, and claims only), one ``repr`` per line: about 103,000 lines. Run it
before and after a change that must not change behaviour (a lexicon rewritten in
another notation, a word list moved to data, a faster matcher) and compare the two
files with ``cmp``. The sets in ../shared are skipped when it is absent.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kettools.inputs.catalog import load_catalog
from kettools.language.analysis import Analyzer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
SHARED_SETS = (
    "claim_strength_pubmed.jsonl",
    "claim_strength_eurekalert_dev.jsonl",
    "uncertainty_sentences.jsonl",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args()
    files = [args.shared / "data" / name for name in SHARED_SETS]
    files = [f for f in files if f.exists()]
    files += sorted((ROOT / "tests" / "data" / "strength").glob("*.jsonl"))
    analyzer = Analyzer(load_catalog(ROOT / "sources" / "catalog"), remember=0)
    lines = 0
    with args.out.open("w", encoding="utf-8") as out:
        for file in files:
            with file.open(encoding="utf-8") as rows:
                for row in rows:
                    text = json.loads(row)["text"]
                    for claims_only in (False, True):
                        out.write(repr(analyzer._analyze(text, claims_only=claims_only)) + "\n")
                        lines += 1
    print(f"{lines} analyses of {len(files)} files written to {args.out}")


if __name__ == "__main__":
    main()
