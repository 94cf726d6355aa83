"""Time kettools on a generated corpus (benchmarks/corpus.py).

    python benchmarks/check.py CORPUS [--repeat 3] [--only check,stages,...]

CORPUS is a folder written by corpus.py (pyproject.toml + sources/). Sections:

* check: `kettools check sources` as a subprocess: cold (--no-cache) with --jobs 1 and
  --jobs 2, then warm (cache filled by a first run); wall time, articles/s, words/s and
  the peak RSS of the run (os.wait4 rusage: the largest of the process and its workers).
* one: `kettools check` on one article, interpreter start included: with a warm cache,
  and with --no-cache.
* stages: in-process breakdown of check (ingest, analysis, policies, rules, report,
  other) by wrapping the engine's functions here; the engine itself is not changed.
* classify: Analyzer.analyze on every sentence of the corpus, sentences/s (one core).
* extract: `kettools extract` on a copy of the corpus.
* export: `kettools export --to jsonld,fhir`, `--to html` and `--to pdf`
  (--allow-errors, generated articles have flaws) on a slice of the corpus; PDF also
  as marginal seconds per leaflet (N leaflets minus 1, so start-up is left out).
* proselint: `proselint check sources` on the same articles in the same run, per-article
  ratio (skipped when proselint is not installed).

The machine is shared and noisy: every figure is the median of --repeat runs, and
ratios are taken within one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


#: Bytecode caching on, as on a user's machine (this sandbox sets PYTHONDONTWRITEBYTECODE).
ALONE = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: Path, env: dict[str, str] = ALONE) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one subprocess."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def median_run(
    cmd: list[str],
    cwd: Path,
    repeat: int,
    before: Callable[[], None] | None = None,
    env: dict[str, str] = ALONE,
) -> tuple[float, float]:
    walls: list[float] = []
    rss: list[float] = []
    for _ in range(repeat):
        if before:
            before()
        wall, peak, code = run(cmd, cwd, env)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {code}")
        walls.append(wall)
        rss.append(peak)
    return statistics.median(walls), max(rss)


def articles(corpus: Path) -> list[Path]:
    return sorted((corpus / "sources").glob("article-*.md"))


def words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def row(name: str, n: int, nwords: int, wall: float, rss: float | None = None) -> None:
    mem = f"  peak {rss:6.0f} MB" if rss is not None else ""
    print(
        f"{name:34} {wall:8.2f} s  {n / wall:8.1f} articles/s  "
        f"{nwords / wall:9.0f} words/s  {1000 * wall / n:7.1f} ms/article{mem}",
        flush=True,
    )


def bench_check(corpus: Path, repeat: int) -> None:
    paths = articles(corpus)
    n, nw = len(paths), words(paths)
    kt = str(BIN / "kettools")
    cache = corpus / ".kettools_cache"

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    for jobs in (1, 2):
        wall, rss = median_run(
            [kt, "check", "sources", "--no-cache", "--jobs", str(jobs), "--format", "json"],
            corpus,
            repeat,
        )
        row(f"check cold --jobs {jobs}", n, nw, wall, rss)
    clear()
    run([kt, "check", "sources", "--format", "json"], corpus)  # fill the cache
    wall, rss = median_run([kt, "check", "sources", "--format", "json"], corpus, repeat)
    row("check warm cache --jobs 2", n, nw, wall, rss)


def bench_one(corpus: Path, repeat: int) -> None:
    kt = str(BIN / "kettools")
    one = articles(corpus)[0].relative_to(corpus).as_posix()
    run([kt, "check", one], corpus)
    for label, extra in (("warm cache", []), ("--no-cache", ["--no-cache"])):
        wall, rss = median_run([kt, "check", one, *extra], corpus, max(repeat, 5))
        print(f"one article ({label}):  {wall:.3f} s wall, peak {rss:.0f} MB", flush=True)


class Stages:
    """Wrap the engine's steps in this process to see where check spends its time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: Any, attr: str, stage: str, consume: bool = False) -> None:
        original = getattr(owner, attr)
        seconds = self.seconds

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            out = original(*args, **kwargs)
            if consume:
                out = list(out)
            seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start
            return out

        setattr(owner, attr, timed)


def bench_stages(corpus: Path, limit: int) -> None:
    os.chdir(corpus)
    from kettools import engine
    from kettools.cli.common import today
    from kettools.engine import read as reading
    from kettools.inputs.config import load_config
    from kettools.report.json_reporter import JsonReporter

    config = load_config(Path("sources"))
    run_date = today()
    project = engine.Project.load(config, run_date)
    paths = [p.relative_to(corpus) for p in articles(corpus)[:limit]]
    engine.check(paths[:5], config, run_date, project, detail=False)  # warm: lazy patterns
    stages = Stages()
    stages.wrap(reading, "read_article", "ingest (read, front matter, Markdown, sentences)")
    stages.wrap(reading, "build_claims", "analysis (claim records)")
    stages.wrap(engine, "check_claims", "policies (jsonschema-rs)")
    stages.wrap(engine, "check_article", "policies (jsonschema-rs)")
    for rule in project.rules:
        stages.wrap(rule, "check", "rules (Python)", consume=True)
    start = time.perf_counter()
    result = engine.check(paths, config, run_date, project, detail=False)
    checked = time.perf_counter() - start
    start = time.perf_counter()
    JsonReporter().render(result)
    stages.seconds["report (json)"] = time.perf_counter() - start
    total = checked + stages.seconds["report (json)"]
    stages.seconds["other (model dumps, suppressions, sorting)"] = total - sum(
        stages.seconds.values()
    )
    print(f"stages, in process, one core, {len(paths)} articles, {total:.2f} s:")
    for stage, seconds in stages.seconds.items():
        print(
            f"  {stage:48} {1000 * seconds / len(paths):6.1f} ms/article  "
            f"{100 * seconds / total:5.1f} %"
        )


def sentences(corpus: Path, limit: int) -> Iterator[str]:
    from kettools.ingest import read_article

    for path in articles(corpus)[:limit]:
        article = read_article(path)
        for sentence in article.sentences:
            yield sentence.plain


def bench_classify(corpus: Path, repeat: int) -> None:
    from kettools.inputs.catalog import load_catalog
    from kettools.language.analysis import Analyzer

    analyzer = Analyzer(load_catalog(corpus / "sources" / "catalog"))
    todo = list(sentences(corpus, 200))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for sentence in todo:
            analyzer.analyze(sentence)
        times.append(time.perf_counter() - start)
    wall = statistics.median(times)
    print(f"classify: {len(todo) / wall:.0f} sentences/s ({len(todo)} sentences, one core)")


def slice_corpus(corpus: Path, n: int, into: Path) -> Path:
    (into / "sources").mkdir(parents=True)
    shutil.copy(corpus / "pyproject.toml", into)
    shutil.copytree(corpus / "sources" / "catalog", into / "sources" / "catalog")
    shutil.copy(corpus / "sources" / "references.yaml", into / "sources")
    for path in articles(corpus)[:n]:
        shutil.copy(path, into / "sources")
    return into


def bench_extract_export(corpus: Path, repeat: int, n: int) -> None:
    kt = str(BIN / "kettools")
    with tempfile.TemporaryDirectory() as tmp:
        small = slice_corpus(corpus, n, Path(tmp) / "c")
        nw = words(articles(small))
        wall, rss = median_run([kt, "extract", "sources"], small, repeat)
        row(f"extract ({n} articles)", n, nw, wall, rss)
        # with every sidecar written: what CI's `extract --check` and `check` cost then
        wall, rss = median_run([kt, "extract", "--check", "sources"], small, repeat)
        row(f"extract --check ({n}, current)", n, nw, wall, rss)
        cmd = [kt, "check", "sources", "--no-cache", "--jobs", "1", "--format", "json"]
        wall, rss = median_run(cmd, small, repeat)
        row(f"check, sidecars, -j 1 ({n})", n, nw, wall, rss)
        out = str(Path(tmp) / "out")
        for formats in ("jsonld,fhir", "html", "pdf"):
            cmd = [
                kt,
                "export",
                "sources",
                "--to",
                formats,
                "--allow-errors",
                "--out",
                out,
            ]
            wall, rss = median_run(cmd, small, repeat)
            row(f"export {formats} ({n} articles)", n, nw, wall, rss)
        one = slice_corpus(corpus, 1, Path(tmp) / "one")
        cmd = [kt, "export", "sources", "--to", "pdf", "--allow-errors", "--out", out]
        first, _ = median_run(cmd, one, repeat)
        wall, _ = median_run(cmd, small, repeat)
        per = (wall - first) / (n - 1)
        print(f"export pdf marginal (warm process):  {per:.3f} s/leaflet, {1 / per:.1f} leaflets/s")


def bench_proselint(corpus: Path, repeat: int) -> None:
    proselint = BIN / "proselint"
    if not proselint.exists():
        print("proselint: not installed, skipped")
        return
    paths = articles(corpus)
    n = len(paths)
    version = subprocess.run(
        [str(proselint), "version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    pl, _ = median_run([str(proselint), "check", "sources"], corpus, repeat)
    kt, _ = median_run(
        [str(BIN / "kettools"), "check", "sources", "--no-cache", "--jobs", "1"], corpus, repeat
    )
    print(
        f"proselint {version}: {1000 * pl / n:.1f} ms/article; kettools --no-cache --jobs 1: "
        f"{1000 * kt / n:.1f} ms/article; kettools/proselint = {kt / pl:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--export-n", type=int, default=50)
    parser.add_argument("--stages-n", type=int, default=300)
    parser.add_argument(
        "--only", default="check,one,stages,classify,export,proselint", help="sections"
    )
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    only = set(args.only.split(","))
    print(f"corpus {corpus}: {len(articles(corpus))} articles, repeat {args.repeat}")
    if "check" in only:
        bench_check(corpus, args.repeat)
    if "one" in only:
        bench_one(corpus, args.repeat)
    if "proselint" in only:
        bench_proselint(corpus, args.repeat)
    if "export" in only:
        bench_extract_export(corpus, args.repeat, args.export_n)
    if "classify" in only:
        bench_classify(corpus, args.repeat)
    if "stages" in only:
        bench_stages(corpus, args.stages_n)


if __name__ == "__main__":
    main()
