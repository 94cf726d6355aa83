"""Measure how often each rule fires on well-rated and poorly rated health news (never shipped).

    python benchmarks/precision.py [--shared DIR] [--jobs N] [--json] [--keep DIR]

Reads ``../shared/data/hnr_dev.jsonl`` (real US health news stories with HealthNewsReview
star ratings), leaves out ``blocked`` articles and press releases (they have no stars),
writes each story to a temporary folder as ``<id>.txt`` with its title as the first line
(unless the collected text already opens with it),
and runs the real command line, ``kettools check --format json --jobs N``, over the folder
from inside it, as an editor's own repository with no configuration would.

For each rule it prints the findings per 1,000 words on stories rated 4 or 5 stars
("good") and on stories rated 0 to 2 ("bad"), and their ratio good/bad: a rule that fires
more on good journalism than on bad is suspect. It also prints the median count of
error-level findings per article for 4-5 star and 0-2 star stories.

Every figure is given for all stories and for two halves split by a hash of the id, so a
change can be kept only when it helps both halves (generality, not fitting one file).
Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WORD = re.compile(r"\w+(?:['’]\w+)*")
GOOD, BAD = "good", "bad"


def half(ident: str) -> str:
    """'A' or 'B', fixed by the id."""
    return "A" if hashlib.sha256(ident.encode()).digest()[0] % 2 == 0 else "B"


def group(rating: int) -> str | None:
    if rating >= 4:
        return GOOD
    if rating <= 2:
        return BAD
    return None


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if not r.get("blocked") and r.get("rating") is not None]


def _same(a: str, b: str) -> bool:
    return " ".join(re.findall(r"\w+", a.casefold())) == " ".join(re.findall(r"\w+", b.casefold()))


def write_articles(rows: list[dict[str, Any]], folder: Path) -> None:
    for row in rows:
        title = (row.get("title") or "").strip()
        body = row["text"]
        first = body.lstrip().split("\n", 1)[0]
        # the title line, unless the collected text already opens with it (a copy would be
        # a duplicated title made by this script, not by the article)
        text = f"{title}\n\n{body}" if title and not _same(title, first) else body
        (folder / f"{row['id']}.txt").write_text(text, encoding="utf-8")


def run_check(folder: Path, jobs: int) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "kettools", "check", ".",
        "--format", "json", "--fail-on", "never", "--no-cache", "--jobs", str(jobs),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"kettools check failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def measure(rows: list[dict[str, Any]], report: dict[str, Any]) -> dict[str, Any]:
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in report["findings"]:
        by_id[Path(f["path"]).stem].append(f)
    words = {GOOD: 0, BAD: 0}
    counts: dict[str, Counter[str]] = {GOOD: Counter(), BAD: Counter()}
    errors: dict[str, list[int]] = {GOOD: [], BAD: []}
    severity: dict[str, str] = {}
    for row in rows:
        g = group(row["rating"])
        if g is None:
            continue
        words[g] += len(WORD.findall(f"{row.get('title') or ''}\n{row['text']}"))
        found = by_id.get(row["id"], [])
        errors[g].append(sum(1 for f in found if f["severity"] == "error"))
        for f in found:
            counts[g][f["code"]] += 1
            severity[f["code"]] = f["severity"]
    rules = {}
    for code in sorted(set(counts[GOOD]) | set(counts[BAD])):
        good = 1000 * counts[GOOD][code] / max(words[GOOD], 1)
        bad = 1000 * counts[BAD][code] / max(words[BAD], 1)
        rules[code] = {
            "severity": severity[code],
            "good": counts[GOOD][code],
            "bad": counts[BAD][code],
            "good_per_1000": round(good, 3),
            "bad_per_1000": round(bad, 3),
            "ratio": round(good / bad, 2) if bad else None,
        }
    return {
        "stories": {GOOD: len(errors[GOOD]), BAD: len(errors[BAD])},
        "words": words,
        "median_errors": {
            GOOD: statistics.median(errors[GOOD]) if errors[GOOD] else None,
            BAD: statistics.median(errors[BAD]) if errors[BAD] else None,
        },
        "rules": rules,
    }


def show(name: str, m: dict[str, Any]) -> None:
    s, w, med = m["stories"], m["words"], m["median_errors"]
    print(f"\n## {name}: {s[GOOD]} stories rated 4-5 ({w[GOOD]:,} words), "
          f"{s[BAD]} rated 0-2 ({w[BAD]:,} words)")  # fmt: skip
    print(f"median error-level findings per article: 4-5 stars {med[GOOD]}, 0-2 stars {med[BAD]}")
    print(
        f"{'rule':7} {'severity':8} {'n good':>7} {'n bad':>6} "
        f"{'good/1k':>8} {'bad/1k':>7} {'ratio':>6}"
    )
    for code, r in m["rules"].items():
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        flag = (
            "  <- fires more on good stories" if r["ratio"] is not None and r["ratio"] > 1.2 else ""
        )
        print(f"{code:7} {r['severity']:8} {r['good']:7} {r['bad']:6} "
              f"{r['good_per_1000']:8.3f} {r['bad_per_1000']:7.3f} {ratio:>6}{flag}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--keep", type=Path, help="write the articles and report here, and keep them"
    )
    args = parser.parse_args()
    data = args.shared / "data" / "hnr_dev.jsonl"
    if not data.is_file():
        print(f"skipped: {data} not found")
        return
    rows = load(data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        write_articles(rows, folder)
        report = run_check(folder, args.jobs)
    if args.keep:
        (args.keep.parent / f"{args.keep.name}.report.json").write_text(
            json.dumps(report), encoding="utf-8"
        )
    results = {
        "all": measure(rows, report),
        "half A": measure([r for r in rows if half(r["id"]) == "A"], report),
        "half B": measure([r for r in rows if half(r["id"]) == "B"], report),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("kettools check on HealthNewsReview stories (hnr_dev.jsonl, blocked left out)")
    for name, m in results.items():
        show(name, m)


if __name__ == "__main__":
    main()
