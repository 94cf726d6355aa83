"""Measure the sentence analysis on annotated data in ../shared (never shipped).

    python benchmarks/language.py [--json] [--shared DIR] [--errors dev|held-out --task ...]

* Claim strength: ``claim_strength_pubmed.jsonl`` (Yu et al. 2019), macro-F1 over
  none / correlational / conditional_causal / direct_causal, confusion matrix,
  per-class F1.
* Hedging: ``uncertainty_sentences.jsonl`` (Szeged Uncertainty Corpus), genres
  starting with "bio": precision, recall, F1 of certainty == hedged vs uncertain.
* Throughput: Analyzer.analyze on one core, sentences/s, median of 5 runs.
* Claim strength on the sentences written for this project
  (``tests/data/strength/``: press releases, health news, abstracts), macro-F1
  per set and genre; the ``blind-*`` sets were never read for tuning. These need
  nothing from ../shared.

Every figure is given for the full set and for its two halves, split by a hash of
the sentence id: rules were tuned by error analysis on the ``dev`` half only, so
the ``held-out`` half is the honest estimate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kettools.claims.analysis import Analyzer

STRENGTH_LABELS = {
    "no_relationship": "none",
    "correlational": "correlational",
    "conditional_causal": "conditional_causal",
    "direct_causal": "direct_causal",
}
CLASSES = ("none", "correlational", "conditional_causal", "direct_causal")
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OWN_SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "strength"


def half(ident: str) -> str:
    """'dev' or 'held-out', fixed by the id."""
    return "dev" if hashlib.sha256(ident.encode()).digest()[0] % 2 == 0 else "held-out"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def macro_f1(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    matrix = {g: {p: 0 for p in CLASSES} for g in CLASSES}
    for gold, pred in pairs:
        matrix[gold][pred] += 1
    per_class = {}
    for c in CLASSES:
        tp = matrix[c][c]
        fp = sum(matrix[g][c] for g in CLASSES) - tp
        fn = sum(matrix[c].values()) - tp
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per_class[c] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    accuracy = sum(matrix[c][c] for c in CLASSES) / len(pairs) if pairs else 0.0
    return {
        "n": len(pairs),
        "accuracy": accuracy,
        "macro_f1": statistics.fmean(v["f1"] for v in per_class.values()),
        "per_class": per_class,
        "confusion": matrix,
    }


def binary(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
    tp = sum(1 for g, p in pairs if g and p)
    fp = sum(1 for g, p in pairs if p and not g)
    fn = sum(1 for g, p in pairs if g and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(pairs), "precision": prec, "recall": rec, "f1": f1}


def by_half(rows: list[dict[str, Any]], score: Callable[[list[Any]], dict[str, Any]],
            pair: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    out = {"full": score([pair(r) for r in rows])}
    for name in ("dev", "held-out"):
        out[name] = score([pair(r) for r in rows if half(r["id"]) == name])
    return out


def own_sets(analyzer: Analyzer, folder: Path = OWN_SETS) -> dict[str, Any]:
    """Macro-F1 on each of the project's own sentence sets, overall and by genre."""
    out: dict[str, Any] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = read_jsonl(path)
        pairs = [(r["label"], analyzer.analyze(r["text"]).strength.value) for r in rows]
        genres = sorted({r["genre"] for r in rows})
        out[path.stem] = {
            **macro_f1(pairs),
            "by_genre": {g: macro_f1([p for p, r in zip(pairs, rows, strict=True)
                                      if r["genre"] == g])["macro_f1"] for g in genres},
        }
    return out


def throughput(analyzer: Analyzer, texts: list[str], runs: int = 5) -> float:
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for t in texts:
            analyzer.analyze(t)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--errors", choices=("dev", "held-out"), help="list errors of one half")
    ap.add_argument("--task", choices=("strength", "hedging"), default="strength")
    args = ap.parse_args(argv)
    data = args.shared / "data"
    strength_file = data / "claim_strength_pubmed.jsonl"
    hedge_file = data / "uncertainty_sentences.jsonl"
    analyzer = Analyzer()
    if not strength_file.exists() or not hedge_file.exists():
        own = own_sets(analyzer)
        if args.json:
            print(json.dumps({"own_sets": own}, indent=2, sort_keys=True))
            return 0
        print(f"benchmark data not found under {data}: only the project's own sets measured.")
        _print_own(own)
        return 0
    strength_rows = read_jsonl(strength_file)
    hedge_rows = [r for r in read_jsonl(hedge_file) if str(r.get("genre", "")).startswith("bio")]
    for r in strength_rows:
        r["pred"] = analyzer.analyze(r["text"]).strength.value
        r["gold"] = STRENGTH_LABELS[r["label"]]
    for r in hedge_rows:
        r["pred"] = analyzer.analyze(r["text"]).certainty.value == "hedged"
        r["gold"] = r["label"] == "uncertain"
    if args.errors:
        rows = strength_rows if args.task == "strength" else hedge_rows
        for r in rows:
            if half(r["id"]) == args.errors and r["pred"] != r["gold"]:
                print(json.dumps({"gold": r["gold"], "pred": r["pred"], "text": r["text"],
                                  "cues": r.get("cues")}, ensure_ascii=False))
        return 0
    texts = [r["text"] for r in strength_rows] + [r["text"] for r in hedge_rows[:7000]]
    result = {
        "strength": by_half(strength_rows, macro_f1, lambda r: (r["gold"], r["pred"])),
        "hedging_bio": by_half(hedge_rows, binary, lambda r: (r["gold"], r["pred"])),
        "throughput_sentences_per_s": round(throughput(analyzer, texts)),
        "throughput_sentences": len(texts),
        "own_sets": own_sets(analyzer),
    }
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    _print(result)
    return 0


def _print(result: dict[str, Any]) -> None:
    s = result["strength"]
    print("Claim strength (Yu et al. 2019), target macro-F1 >= 0.80, BioBERT reference 0.88")
    for name in ("full", "dev", "held-out"):
        print(f"  {name:9s} n={s[name]['n']:5d}  macro-F1 {s[name]['macro_f1']:.3f}"
              f"  accuracy {s[name]['accuracy']:.3f}")
    for name in ("full", "held-out"):
        print(f"  per class ({name}):")
        for c in CLASSES:
            v = s[name]["per_class"][c]
            print(f"    {c:20s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
    print("  confusion (full; rows gold, columns predicted):")
    print("    " + " " * 20 + "".join(f"{c[:12]:>14s}" for c in CLASSES))
    for g in CLASSES:
        row = s["full"]["confusion"][g]
        print(f"    {g:20s}" + "".join(f"{row[p]:14d}" for p in CLASSES))
    h = result["hedging_bio"]
    print("Hedging (Szeged, bio genres): certainty == hedged vs uncertain, target F1 >= 0.80")
    for name in ("full", "dev", "held-out"):
        v = h[name]
        print(f"  {name:9s} n={v['n']:5d}  P {v['precision']:.3f}  R {v['recall']:.3f}"
              f"  F1 {v['f1']:.3f}")
    print(f"Throughput: {result['throughput_sentences_per_s']} sentences/s "
          f"(median of 5 runs over {result['throughput_sentences']} sentences, one core)"
          ", target >= 5000")
    _print_own(result["own_sets"])


def _print_own(own: dict[str, Any]) -> None:
    print("Claim strength on the project's own sentences (tests/data/strength;"
          " blind-* never read for tuning)")
    for name, v in own.items():
        genres = "  ".join(f"{g} {f:.3f}" for g, f in v["by_genre"].items())
        print(f"  {name:9s} n={v['n']:4d}  macro-F1 {v['macro_f1']:.3f}   ({genres})")


if __name__ == "__main__":
    sys.exit(main())
