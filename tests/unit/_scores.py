"""Macro-F1 for the language tests (benchmarks/language.py gives the full report)."""

from __future__ import annotations

STRENGTHS = ("none", "correlational", "conditional_causal", "direct_causal")


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Mean F1 over the four strengths of (gold, predicted) pairs."""
    scores = []
    for label in STRENGTHS:
        tp = sum(1 for g, p in pairs if g == p == label)
        fp = sum(1 for g, p in pairs if p == label != g)
        fn = sum(1 for g, p in pairs if g == label != p)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)
