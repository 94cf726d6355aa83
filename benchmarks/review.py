"""Measure the article review (kettools.review) on articles HealthNewsReview experts reviewed.

    python benchmarks/review.py [--data ../shared/data/hnr_dev.jsonl] [--jobs 2] [--halves]
                                [--terms] [--ceiling] [--timing [--corpus-size 400] [--base REF]]

It writes every article of the data set that is not `blocked` into a temporary folder
(`<id>.md`: the headline as a heading, then the text), runs the real CLI on it
(`kettools check DIR --format json --jobs N --no-cache`) and reads the `files` list.

Printed, per criterion, on the press releases that have the experts' answers:
* AUC of `score` (Not Satisfactory is the positive class; Not Applicable left out);
* macro-F1 of `verdict` over Satisfactory and Not Satisfactory (a `not_applicable`
  verdict on an S or NS article counts as a miss for both);
* the same for flagging every article (all scores equal, every verdict NS), and for two
  trivial baselines: article length and count of numbers (fewer words or numbers scored
  as worse; verdict NS below the median).
Then the AUC of `rating` for stories rated <= 2 stars against >= 4, and for releases
below 3 against 3 or more, with the baselines. `--halves` repeats everything on the two
halves of the data split by a hash of the id (a change should help both).

`--terms` prints what each criterion adds to the rating: its satisfied share among low- and
high-rated stories and releases (the gap is all the rating can use), the AUC of its score
against the stars, and the correlation of the count of satisfied criteria with the
experts' count of Satisfactory answers on stories (`num_satisfactory`).

`--ceiling` measures how far the story rating could go with what the review reads: the
AUC of the experts' own count (`num_satisfactory`); the AUC a count reaches when it follows
the experts' count at a given correlation (their count plus Gaussian noise, fixed seeds);
and the best monotone combination of the review's twelve verdicts, or scores (a logistic
fit with non-negative weights), fitted on one half and scored on both.

`--show KEY` lists the articles whose verdict on criterion KEY most disagrees with the
experts' (the Satisfactory ones scored worst, the Not Satisfactory ones scored best; `--show-n`
of each), with the score, the reason and the evidence found, to read beside the article.

`--timing` also times `kettools check` on a generated corpus (benchmarks/corpus.py,
--corpus-size articles, --jobs 1, --no-cache), this checkout against the code of
`--base` (a git ref, default: the commit before the review was added) in the same run:
medians of 3, alternating, so the machine's load hits both alike.

Needs ../shared (the data is not in the repository); exits with a message when absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "hnr_dev.jsonl"
KEYS = (
    "costs",
    "benefits",
    "harms",
    "evidence",
    "mongering",
    "funding_coi",
    "alternatives",
    "availability",
    "novelty",
    "sensational",
)
TARGET_AUC = {
    k: 0.75 for k in ("costs", "benefits", "harms", "evidence", "alternatives", "availability")
}
NUMBER = re.compile(r"\d[\d,.]*")


def auc(positive: list[float], negative: list[float]) -> float:
    """P(score of a positive > score of a negative), ties counting half (Mann-Whitney)."""
    if not positive or not negative:
        return float("nan")
    ranked = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for _, p in ranked[i:j] if p)
        i = j
    n1, n0 = len(positive), len(negative)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    scores = []
    for label in ("S", "NS"):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 2


def half(article_id: str) -> int:
    return hashlib.sha256(article_id.encode()).digest()[0] % 2


def load(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if not r.get("blocked")]


def write_articles(rows: list[dict[str, Any]], folder: Path) -> None:
    for r in rows:
        title = (r.get("title") or "").strip()
        head = f"# {title}\n\n" if title else ""
        (folder / f"{r['id']}.md").write_text(head + r["text"], encoding="utf-8")


def run_cli(folder: Path, jobs: int) -> dict[str, dict[str, Any]]:
    """The review of each article, by id, from `kettools check --format json`."""
    cmd = [
        sys.executable, "-m", "kettools", "check", str(folder), "--format", "json",
        "--jobs", str(jobs), "--no-cache", "--fail-on", "never", "--select", "KT311",
    ]  # fmt: skip
    env = {**os.environ, "KETTOOLS_NO_DAEMON": "1"}
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"kettools check exited {done.returncode}: {done.stderr.strip()[-500:]}")
    report = json.loads(done.stdout)
    return {Path(f["path"]).stem: f["review"] for f in report["files"] if f["review"]}


def features(row: dict[str, Any]) -> tuple[float, float]:
    """Trivial baselines: (words, numbers); fewer of either is taken as worse."""
    text = row["text"]
    return float(len(text.split())), float(len(NUMBER.findall(text)))


def criterion_table(rows: list[dict[str, Any]], reviews: dict[str, Any]) -> list[str]:
    lines = [
        f"{'criterion':20} {'n(S/NS)':>9} | {'AUC':>5} {'F1':>5} | {'all AUC':>7} {'all F1':>6} | "
        f"{'len AUC':>7} {'len F1':>6} | {'num AUC':>7} {'num F1':>6}"
    ]
    for key in KEYS:
        items = [
            (r, r["criteria"][key])
            for r in rows
            if r["source"] == "release" and r["criteria"].get(key) in ("S", "NS")
        ]
        items = [(r, g) for r, g in items if r["id"] in reviews]
        gold = [g for _, g in items]
        ours = [reviews[r["id"]]["criteria"][key] for r, _ in items]
        score = [c["score"] for c in ours]
        verdict = [{"satisfactory": "S", "not_satisfactory": "NS"}.get(c["verdict"], "NA")
                   for c in ours]  # fmt: skip

        def pair(values: list[float], gold: list[str] = gold) -> float:
            pos = [v for v, g in zip(values, gold, strict=True) if g == "NS"]
            neg = [v for v, g in zip(values, gold, strict=True) if g == "S"]
            return auc(pos, neg)

        a = pair(score)
        f1 = macro_f1(gold, verdict)
        all_f1 = macro_f1(gold, ["NS"] * len(gold))
        base = []
        for i in (0, 1):
            values = [-features(r)[i] for r, _ in items]
            cut = statistics.median(values)
            flagged = ["NS" if v > cut else "S" for v in values]
            base.append((pair(values), macro_f1(gold, flagged)))
        n_s, n_ns = gold.count("S"), gold.count("NS")
        mark = ""
        if key in TARGET_AUC:
            mark = " ok" if a >= 0.75 and f1 >= 0.70 else " below target (0.75, 0.70)"
        elif a == a:
            mark = " ok" if a >= 0.65 else " below target (0.65)"
        lines.append(
            f"{key:20} {n_s:>4}/{n_ns:<4} | {a:5.3f} {f1:5.3f} | {0.5:7.3f} {all_f1:6.3f} | "
            f"{base[0][0]:7.3f} {base[0][1]:6.3f} | {base[1][0]:7.3f} {base[1][1]:6.3f}{mark}"
        )
    return lines


def rating_table(rows: list[dict[str, Any]], reviews: dict[str, Any]) -> list[str]:
    lines = [
        f"{'rating AUC':34} {'n(low/high)':>11} | {'ours':>5} | {'length':>6} | {'numbers':>7}"
    ]
    groups = {
        "stories (<=2 vs >=4 stars)": [
            (r, r["rating"] >= 4)
            for r in rows
            if r["source"] == "story" and r["rating"] is not None and r["rating"] != 3
        ],
        "releases (<3 vs >=3)": [
            (r, bool(r["rating_ge3"]))
            for r in rows
            if r["source"] == "release" and r["rating_ge3"] is not None
        ],
    }
    targets = {"stories (<=2 vs >=4 stars)": 0.80, "releases (<3 vs >=3)": 0.75}
    for name, items in groups.items():
        items = [(r, high) for r, high in items if r["id"] in reviews]

        def split(values: list[float], items: list[Any] = items) -> float:
            pos = [v for v, (_, high) in zip(values, items, strict=True) if high]
            neg = [v for v, (_, high) in zip(values, items, strict=True) if not high]
            return auc(pos, neg)

        ours = split([reviews[r["id"]]["rating"] for r, _ in items])
        length = split([features(r)[0] for r, _ in items])
        numbers = split([features(r)[1] for r, _ in items])
        low = sum(1 for _, h in items if not h)
        mark = " ok" if ours >= targets[name] else f" below target ({targets[name]:.2f})"
        lines.append(
            f"{name:34} {low:>5}/{len(items) - low:<5} | {ours:5.3f} | {length:6.3f} | "
            f"{numbers:7.3f}{mark}"
        )
    return lines


def rating_terms(rows: list[dict[str, Any]], reviews: dict[str, Any]) -> list[str]:
    """What each criterion adds to the rating: how often it is satisfied among low- and
    high-rated stories and releases (the rating counts satisfied criteria, so a criterion
    sorts articles by that gap only), the AUC of its score against the stars, and how
    the count of satisfied criteria follows the experts' count (`num_satisfactory`)."""
    stories = [r for r in rows if r["source"] == "story" and r["rating"] is not None]
    stories = [r for r in stories if r["id"] in reviews]
    releases = [r for r in rows if r["source"] == "release" and r["id"] in reviews]
    groups = {
        "story low": [r for r in stories if r["rating"] <= 2],
        "story high": [r for r in stories if r["rating"] >= 4],
        "release low": [r for r in releases if r["rating_ge3"] is False],
        "release high": [r for r in releases if r["rating_ge3"]],
    }

    def met(r: dict[str, Any], key: str) -> bool:
        return bool(reviews[r["id"]]["criteria"][key]["verdict"] == "satisfactory")

    def share(items: list[dict[str, Any]], key: str) -> float:
        return sum(met(r, key) for r in items) / len(items) if items else float("nan")

    lines = [
        f"{'satisfied share':20} | {'story low':>9} {'high':>5} {'gap':>5} {'AUC':>5} | "
        f"{'release low':>11} {'high':>5} {'gap':>5}"
    ]
    for key in reviews[next(iter(reviews))]["criteria"]:
        lo, hi = share(groups["story low"], key), share(groups["story high"], key)
        rlo, rhi = share(groups["release low"], key), share(groups["release high"], key)
        a = auc(
            [-reviews[r["id"]]["criteria"][key]["score"] for r in groups["story high"]],
            [-reviews[r["id"]]["criteria"][key]["score"] for r in groups["story low"]],
        )
        lines.append(
            f"{key:20} | {lo:9.2f} {hi:5.2f} {hi - lo:+5.2f} {a:5.2f} | "
            f"{rlo:11.2f} {rhi:5.2f} {rhi - rlo:+5.2f}"
        )
    if len(stories) > 2:
        ours = [float(sum(met(r, k) for k in reviews[r["id"]]["criteria"])) for r in stories]
        experts = [float(r["num_satisfactory"]) for r in stories]
        lines.append(
            f"stories: correlation of satisfied criteria with the experts' count "
            f"{statistics.correlation(ours, experts):.2f} ({len(stories)} stories)"
        )
    return lines


def _fit(xs: list[list[float]], ys: list[int], steps: int = 3000) -> list[float]:
    """A logistic fit by gradient descent with non-negative weights on standardised
    features (a monotone combination: more of a good sign never lowers the result);
    returns the weights, for ranking only."""
    d = len(xs[0])
    mu = [statistics.fmean(x[j] for x in xs) for j in range(d)]
    sd = [statistics.pstdev([x[j] for x in xs]) or 1.0 for j in range(d)]
    zs = [[(x[j] - mu[j]) / sd[j] for j in range(d)] for x in xs]
    w, b = [0.0] * d, 0.0
    for _ in range(steps):
        gw, gb = [0.0] * d, 0.0
        for z, y in zip(zs, ys, strict=True):
            e = 1 / (1 + math.exp(-(b + sum(wi * zi for wi, zi in zip(w, z, strict=True))))) - y
            gb += e
            gw = [g + e * zi for g, zi in zip(gw, z, strict=True)]
        b -= 0.1 * gb / len(zs)
        w = [max(0.0, wi - 0.1 * (g / len(zs) + 0.01 * wi)) for wi, g in zip(w, gw, strict=True)]
    return [wi / s for wi, s in zip(w, sd, strict=True)]


def ceiling(rows: list[dict[str, Any]], reviews: dict[str, Any]) -> list[str]:
    """How far the story rating could go with what the review reads (see `--ceiling`)."""
    stories = [r for r in rows if r["source"] == "story" and r["id"] in reviews]
    stories = [r for r in stories if r["rating"] is not None]
    rated = [r for r in stories if r["rating"] != 3]
    halves = [[r for r in rated if half(r["id"]) == h] for h in (0, 1)]

    def split(items: list[dict[str, Any]], value: dict[str, float]) -> float:
        high = [value[r["id"]] for r in items if r["rating"] >= 4]
        return auc(high, [value[r["id"]] for r in items if r["rating"] <= 2])

    experts = {r["id"]: float(r["num_satisfactory"]) for r in stories}
    lines = [
        "experts' own count (num_satisfactory): AUC "
        + " / ".join(f"{split(h, experts):.3f}" for h in halves)
        + " (halves 0 / 1)"
    ]
    for noise in (3.0, 3.5, 4.0, 5.0, 6.0):
        found = []
        for seed in range(20):
            rnd = random.Random(seed)
            noisy = {k: v + rnd.gauss(0, noise) for k, v in experts.items()}
            r = statistics.correlation([noisy[k] for k in experts], list(experts.values()))
            found.append((r, split(rated, noisy)))
        lines.append(
            f"experts' count + noise sd {noise}: correlation "
            f"{statistics.fmean(r for r, _ in found):.2f}, AUC "
            f"{statistics.fmean(a for _, a in found):.3f}"
        )
    keys = list(reviews[rated[0]["id"]]["criteria"])

    def features(r: dict[str, Any], kind: str) -> list[float]:
        c = reviews[r["id"]]["criteria"]
        if kind == "verdicts":
            return [float(c[k]["verdict"] == "satisfactory") for k in keys]
        return [-float(c[k]["score"]) for k in keys]

    for kind in ("verdicts", "scores"):
        for fitted in (0, 1):
            items = halves[fitted]
            w = _fit([features(r, kind) for r in items], [int(r["rating"] >= 4) for r in items])
            value = {
                r["id"]: sum(a * b for a, b in zip(w, features(r, kind), strict=True))
                for r in rated
            }
            lines.append(
                f"best monotone combination of the {kind}, fitted on half {fitted}: AUC "
                f"{split(halves[0], value):.3f} / {split(halves[1], value):.3f} (halves 0 / 1)"
            )
    return lines


def misjudged(rows: list[dict[str, Any]], reviews: dict[str, Any], key: str, n: int) -> list[str]:
    """The press releases whose score on `key` most disagrees with the experts' answer."""
    items = [
        (r, r["criteria"][key])
        for r in rows
        if r["source"] == "release" and r["criteria"].get(key) in ("S", "NS") and r["id"] in reviews
    ]

    def judged(r: dict[str, Any]) -> dict[str, Any]:
        return reviews[r["id"]]["criteria"][key]  # type: ignore[no-any-return]

    alarms = sorted((r for r, g in items if g == "S"), key=lambda r: -judged(r)["score"])
    misses = sorted((r for r, g in items if g == "NS"), key=lambda r: judged(r)["score"])
    lines = []
    for title, chosen in (
        ("Satisfactory, scored worst", alarms),
        ("Not Satisfactory, scored best", misses),
    ):
        lines.append(f"-- {key}: {title}")
        for r in chosen[:n]:
            c = judged(r)
            cues = "; ".join(e["text"] for e in c["evidence"])
            lines.append(f"{r['id']}  score {c['score']:.2f}  {c['verdict']}: {c['why']}  [{cues}]")
    return lines


def timing(size: int, base: str, jobs: int) -> list[str]:
    """`kettools check` on a generated corpus: this checkout against `base`, alternating."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(corpus), "-n", str(size)],
            check=True,
            capture_output=True,
        )
        old = Path(tmp) / "base"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", base, "kettools", "schemas"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        runs: dict[str, list[float]] = {"base": [], "this": []}
        cpu: dict[str, list[float]] = {"base": [], "this": []}
        cmd = [sys.executable, "-m", "kettools", "check", "sources", "--no-cache", "--jobs",
               str(jobs), "--format", "json", "--fail-on", "never"]  # fmt: skip
        for _ in range(3):
            for name, path in (("base", old), ("this", ROOT)):
                env = {**os.environ, "KETTOOLS_NO_DAEMON": "1", "PYTHONPATH": str(path)}
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(cmd, cwd=corpus, env=env, check=True, capture_output=True)
                runs[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                cpu[name].append(used)
        b, t = statistics.median(runs["base"]), statistics.median(runs["this"])
        bc, tc = statistics.median(cpu["base"]), statistics.median(cpu["this"])
        return [
            f"check of {size} generated articles, --jobs {jobs}, --no-cache, median of 3:",
            f"  wall: base ({base}) {b:.2f} s, this checkout {t:.2f} s, ratio {t / b:.3f}",
            f"  CPU:  base ({base}) {bc:.2f} s, this checkout {tc:.2f} s, ratio {tc / bc:.3f}",
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--halves", action="store_true", help="also print each half of the data")
    parser.add_argument("--timing", action="store_true", help="also time the 400-article corpus")
    parser.add_argument("--corpus-size", type=int, default=400)
    parser.add_argument("--base", default="5ab8ac3", help="git ref to time against")
    parser.add_argument(
        "--terms", action="store_true", help="also print what each criterion adds to the rating"
    )
    parser.add_argument(
        "--ceiling", action="store_true", help="also measure how far the story rating could go"
    )
    parser.add_argument("--save", type=Path, help="write the reviews (JSON, by id) here")
    parser.add_argument(
        "--show", choices=KEYS, help="list the articles misjudged on this criterion"
    )
    parser.add_argument("--show-n", type=int, default=10, help="how many of each kind --show lists")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"{args.data} is not available (../shared is only present in CI)")
    rows = load(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_articles(rows, folder)
        start = time.perf_counter()
        reviews = run_cli(folder, args.jobs)
        wall = time.perf_counter() - start
    if args.save:
        args.save.write_text(json.dumps(reviews), encoding="utf-8")
    print(f"{len(reviews)} articles reviewed in {wall:.1f} s (kettools check --jobs {args.jobs})")
    parts = [("all", rows)]
    if args.halves:
        parts += [(f"half {h}", [r for r in rows if half(r["id"]) == h]) for h in (0, 1)]
    for name, part in parts:
        print(f"\n== {name}: {len(part)} articles ==")
        print("\n".join(criterion_table(part, reviews)))
        print()
        print("\n".join(rating_table(part, reviews)))
        if args.terms:
            print()
            print("\n".join(rating_terms(part, reviews)))
    if args.ceiling:
        print()
        print("\n".join(ceiling(rows, reviews)))
    if args.show:
        print()
        print("\n".join(misjudged(rows, reviews, args.show, args.show_n)))
    if args.timing:
        print()
        print("\n".join(timing(args.corpus_size, args.base, 1)))


if __name__ == "__main__":
    main()
