"""How many old findings come back as new after common edits, with a baseline.

For each article (the example sources, the seeds and the first N articles of
../shared/data/hnr_dev.jsonl, written as .txt files in a temporary folder): write a
baseline, make one edit, check against the baseline and count the old findings that
come back as new: the findings reported, less those the edit added (the count after
the edit less the count before, when it grew), leaving out findings whose own words
hold the word a typo fix changed (they were edited, not moved).

Edits: a benefit claim added at the top (it becomes the first claim, where findings
about the whole article are shown), the first two paragraphs swapped, a typo fixed (a
word's letters swapped before the baseline, then restored).

    python benchmarks/baseline.py [N]        # default N = 100

Nothing here is shipped: the articles are read only to count.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ADDED = "This treatment eased symptoms for many people in a small study."


def articles(limit: int) -> list[tuple[str, str]]:
    found = [(p.name, p.read_text()) for p in sorted((ROOT / "sources").glob("*.md"))]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        found += [(p.name, p.read_text()) for p in sorted(seeds.glob("*.txt"))]
    data = SHARED / "data" / "hnr_dev.jsonl"
    if data.is_file():
        with data.open() as lines:
            for i, line in zip(range(limit), lines, strict=False):
                found.append((f"hnr{i:04d}.txt", json.loads(line)["text"]))
    return found


def check(folder: Path, name: str, *args: str) -> list[dict[str, object]]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kettools",
            "check",
            f"sources/{name}",
            "--format",
            "json",
            "--no-cache",
            "--jobs",
            "1",
            *args,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        return []
    findings: list[dict[str, object]] = json.loads(run.stdout)["findings"]
    return findings


def body_start(text: str) -> int:
    """Offset after the front matter (0 when there is none)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        return end + 5 if end >= 0 else 0
    return 0


def edits(text: str) -> dict[str, tuple[str, str, str]]:
    """name -> (text the baseline is written on, edited text, the word edited or '')."""
    start = body_start(text)
    head, body = text[:start], text[start:]
    added = head + ADDED + "\n\n" + body
    parts = body.split("\n\n")
    result = {"claim added at the top": (text, added, "")}
    if len(parts) >= 3:
        swapped = [parts[1], parts[0], *parts[2:]]
        result["paragraphs swapped"] = (text, head + "\n\n".join(swapped), "")
    words = parts[-1].split()
    long = [w for w in words if w.isalpha() and len(w) > 5]
    if long:
        word = long[0]
        typo = word[0] + word[2] + word[1] + word[3:]
        last = text.rfind(word)
        before = text[:last] + typo + text[last + len(word) :]
        result["typo fixed"] = (before, text, word)
    return result


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "sources" / "catalog", folder / "sources" / "catalog")
        for name in ("references.yaml", "flawed-references.yaml"):
            shutil.copy(ROOT / "sources" / name, folder / "sources" / name)
        (folder / "pyproject.toml").write_text("[tool.kettools]\n")
        for name, text in articles(limit):
            path = folder / "sources" / name
            for edit, (before, after, word) in edits(text).items():
                path.write_text(before)
                old = check(folder, name, "--write-baseline", "base.json")
                path.write_text(after)
                now = check(folder, name)
                new = check(folder, name, "--baseline", "base.json")
                new = [f for f in new if not word or word not in str(f["excerpt"])]
                back = max(0, len(new) - max(0, len(now) - len(old)))
                total = totals.setdefault(edit, [0, 0, 0])
                total[0] += 1
                total[1] += len(old)
                total[2] += back
    print(f"{'edit':<24} {'articles':>8} {'findings':>9} {'old back as new':>16}")
    for edit, (n, old, back) in totals.items():
        print(f"{edit:<24} {n:>8} {old:>9} {back:>16}")


if __name__ == "__main__":
    main()
