"""Measure the sentence analysis on annotated data in ../shared (never shipped).

    python benchmarks/language.py [--json] [--shared DIR] [--errors dev|held-out --task ...]

* Claim strength: ``claim_strength_pubmed.jsonl`` (Yu et al. 2019), macro-F1 over
  none / correlational / conditional_causal / direct_causal, confusion matrix,
  per-class F1.
* Hedging: ``uncertainty_sentences.jsonl`` (Szeged Uncertainty Corpus), genres
  starting with "bio": precision, recall, F1 of certainty == hedged vs uncertain.
* Throughput: Analyzer.analyze on one core, sentences/s, median of 5 runs.
* Claim strength on press releases: ``claim_strength_eurekalert_dev.jsonl`` (Yu et
  al. 2020; titles and opening sentences of EurekAlert press releases, ``not_claim``
  read as ``none``), the same figures, also split by ``part`` (title, body) and by
  two halves ``a`` and ``b`` fixed by a hash of the press release (``release_half``),
  so that a rule tuned on this file is kept only when neither half loses.
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

from kettools.language.analysis import Analyzer

STRENGTH_LABELS = {
    "no_relationship": "none",
    "correlational": "correlational",
    "conditional_causal": "conditional_causal",
    "direct_causal": "direct_causal",
    "not_claim": "none",
}
CLASSES = ("none", "correlational", "conditional_causal", "direct_causal")
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OWN_SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "strength"


def half(ident: str) -> str:
    """'dev' or 'held-out', fixed by the id."""
    return "dev" if hashlib.sha256(ident.encode()).digest()[0] % 2 == 0 else "held-out"


def release_half(ident: str) -> str:
    """'a' or 'b' for a EurekAlert sentence, fixed by its press release (the id
    without its sentence number and part), so that one release's sentences stay
    together."""
    release = ident.rsplit("-", 2)[0]
    return "a" if hashlib.sha256(release.encode()).digest()[0] % 2 == 0 else "b"


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


def by_half(
    rows: list[dict[str, Any]],
    score: Callable[[list[Any]], dict[str, Any]],
    pair: Callable[[dict[str, Any]], Any],
) -> dict[str, Any]:
    out = {"full": score([pair(r) for r in rows])}
    for name in ("dev", "held-out"):
        out[name] = score([pair(r) for r in rows if half(r["id"]) == name])
    return out


def press_releases(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Macro-F1 on the EurekAlert rows (with ``gold`` and ``pred`` set): the full
    set, each release half, and titles and body sentences."""

    def score(keep: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        return macro_f1([(r["gold"], r["pred"]) for r in rows if keep(r)])

    return {
        "full": score(lambda r: True),
        "a": score(lambda r: release_half(r["id"]) == "a"),
        "b": score(lambda r: release_half(r["id"]) == "b"),
        "title": score(lambda r: r["part"] == "title"),
        "body": score(lambda r: r["part"] == "body"),
    }


def own_sets(analyzer: Analyzer, folder: Path = OWN_SETS) -> dict[str, Any]:
    """Macro-F1 on each of the project's own sentence sets, overall and by genre."""
    out: dict[str, Any] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = read_jsonl(path)
        pairs = [(r["label"], analyzer.analyze(r["text"]).strength.value) for r in rows]
        genres = sorted({r["genre"] for r in rows})
        parts = sorted({r["part"] for r in rows if "part" in r})
        out[path.stem] = {
            **macro_f1(pairs),
            "by_genre": {
                g: macro_f1([p for p, r in zip(pairs, rows, strict=True) if r["genre"] == g])[
                    "macro_f1"
                ]
                for g in genres
            },
            "by_part": {
                t: macro_f1([p for p, r in zip(pairs, rows, strict=True) if r.get("part") == t])[
                    "macro_f1"
                ]
                for t in parts
            },
        }
    return out


def throughput(analyzer: Analyzer, texts: list[str], runs: int = 5) -> float:
    """Sentences per second; give it an analyzer that remembers none (`remember=0`),
    or the later runs would measure its memory, not the analysis."""
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
    ap.add_argument(
        "--errors",
        choices=("dev", "held-out", "a", "b"),
        help="list errors of one half (dev/held-out of PubMed and hedging,"
        " a/b of the press releases)",
    )
    ap.add_argument("--task", choices=("strength", "hedging", "press"), default="strength")
    args = ap.parse_args(argv)
    data = args.shared / "data"
    strength_file = data / "claim_strength_pubmed.jsonl"
    press_file = data / "claim_strength_eurekalert_dev.jsonl"
    hedge_file = data / "uncertainty_sentences.jsonl"
    analyzer = Analyzer()
    if not all(f.exists() for f in (strength_file, hedge_file, press_file)):
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
    press_rows = read_jsonl(press_file)
    for r in press_rows:
        r["pred"] = analyzer.analyze(r["text"]).strength.value
        r["gold"] = STRENGTH_LABELS[r["label"]]
    if args.errors:
        rows = {"strength": strength_rows, "hedging": hedge_rows, "press": press_rows}[args.task]
        which = release_half if args.task == "press" else half
        for r in rows:
            if which(r["id"]) == args.errors and r["pred"] != r["gold"]:
                print(
                    json.dumps(
                        {
                            "gold": r["gold"],
                            "pred": r["pred"],
                            "text": r["text"],
                            "cues": r.get("cues"),
                        },
                        ensure_ascii=False,
                    )
                )
        return 0
    texts = [r["text"] for r in strength_rows] + [r["text"] for r in hedge_rows[:7000]]
    result = {
        "strength": by_half(strength_rows, macro_f1, lambda r: (r["gold"], r["pred"])),
        "press_releases": press_releases(press_rows),
        "hedging_bio": by_half(hedge_rows, binary, lambda r: (r["gold"], r["pred"])),
        "throughput_sentences_per_s": round(throughput(Analyzer(remember=0), texts)),
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
        print(
            f"  {name:9s} n={s[name]['n']:5d}  macro-F1 {s[name]['macro_f1']:.3f}"
            f"  accuracy {s[name]['accuracy']:.3f}"
        )
    for name in ("full", "held-out"):
        print(f"  per class ({name}):")
        for c in CLASSES:
            v = s[name]["per_class"][c]
            print(f"    {c:20s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
    _print_confusion(s["full"]["confusion"])
    e = result["press_releases"]
    print(
        "Claim strength, EurekAlert press releases (Yu et al. 2020, dev file),"
        " target macro-F1 >= 0.80, none F1 >= 0.75"
    )
    for name in ("full", "a", "b", "title", "body"):
        v = e[name]
        f1s = "  ".join(f"{c[:11]} {v['per_class'][c]['f1']:.3f}" for c in CLASSES)
        print(
            f"  {name:9s} n={v['n']:5d}  macro-F1 {v['macro_f1']:.3f}"
            f"  accuracy {v['accuracy']:.3f}   F1: {f1s}"
        )
    print("  per class (full):")
    for c in CLASSES:
        v = e["full"]["per_class"][c]
        print(f"    {c:20s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
    _print_confusion(e["full"]["confusion"])
    h = result["hedging_bio"]
    print("Hedging (Szeged, bio genres): certainty == hedged vs uncertain, target F1 >= 0.80")
    for name in ("full", "dev", "held-out"):
        v = h[name]
        print(
            f"  {name:9s} n={v['n']:5d}  P {v['precision']:.3f}  R {v['recall']:.3f}"
            f"  F1 {v['f1']:.3f}"
        )
    print(
        f"Throughput: {result['throughput_sentences_per_s']} sentences/s "
        f"(median of 5 runs over {result['throughput_sentences']} sentences, one core)"
        ", target >= 5000"
    )
    _print_own(result["own_sets"])


def _print_confusion(matrix: dict[str, dict[str, int]]) -> None:
    print("  confusion (full; rows gold, columns predicted):")
    print("    " + " " * 20 + "".join(f"{c[:12]:>14s}" for c in CLASSES))
    for g in CLASSES:
        print(f"    {g:20s}" + "".join(f"{matrix[g][p]:14d}" for p in CLASSES))


def _print_own(own: dict[str, Any]) -> None:
    print(
        "Claim strength on the project's own sentences (tests/data/strength;"
        " blind-* never read for tuning)"
    )
    for name, v in own.items():
        genres = "  ".join(f"{g} {f:.3f}" for g, f in {**v["by_genre"], **v["by_part"]}.items())
        print(f"  {name:9s} n={v['n']:4d}  macro-F1 {v['macro_f1']:.3f}   ({genres})")


if __name__ == "__main__":
    sys.exit(main())
