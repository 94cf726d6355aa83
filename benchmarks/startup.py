"""Issue 25's three figures, each next to proselint's (issue 25, docs/performance.md).

    python benchmarks/corpus.py /tmp/corp400 -n 400      # once
    python benchmarks/startup.py /tmp/corp400 [--repeat 9] [--only one,lsp,corpus]

* one: one 800-word article (the corpus's first article, cut after the paragraph that
  reaches 800 words), the whole process, `kettools check FILE --no-cache` against
  `proselint check FILE`; wall and CPU time, median of --repeat runs taken in turn
  (kettools, proselint, kettools, ...). Target: kettools <= 2.0 x proselint.
* lsp: `kettools lsp` over stdio (pygls' client): a 1,000-word article is opened, then
  edited --repeat times (one word changed each time); the time from the edit to the
  diagnostics, less the debounce. Target: <= 150 ms. (proselint has no server.)
* corpus: CPU time (user + system, of the process and its children) of `kettools check
  sources --no-cache --jobs 1` and `proselint check sources` on every article of the
  corpus, median of --repeat // 3 (at least 1) runs. Target: kettools <= 1.0 x proselint.

Runs with bytecode caching on, as on a user's machine (PYTHONDONTWRITEBYTECODE is
removed from the environment). The state cache (compiled patterns, kettools/files/patterns.py)
is filled by a first run, as a user's first run fills it; `--cold-state` gives it an
empty folder before every kettools run instead. `--baseline DIR` also times the kettools
package in DIR (e.g. `git archive OLD kettools schemas | tar -x -C DIR`) with this
interpreter, in the same runs: before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one subprocess."""
    start = time.perf_counter()
    pid = _spawn(cmd, cwd, env)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return wall, usage.ru_utime + usage.ru_stime


def _spawn(cmd: list[str], cwd: Path, env: dict[str, str]) -> int:
    import subprocess

    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return proc.pid


def cut(text: str, words: int) -> str:
    """The text up to the end of the paragraph that reaches `words` words."""
    kept: list[str] = []
    count = 0
    body = text.split("\n---\n", 1)
    head, rest = (body[0] + "\n---\n", body[1]) if len(body) == 2 else ("", text)
    for para in rest.split("\n\n"):
        kept.append(para)
        count += len(para.split())
        if count >= words:
            break
    return head + "\n\n".join(kept).rstrip() + "\n"


def project(corpus: Path, into: Path) -> Path:
    """A project with the corpus's config, catalog and references, and no articles."""
    (into / "sources").mkdir(parents=True)
    shutil.copy(corpus / "pyproject.toml", into)
    shutil.copytree(corpus / "sources" / "catalog", into / "sources" / "catalog")
    shutil.copy(corpus / "sources" / "references.yaml", into / "sources")
    return into


def first_article(corpus: Path) -> str:
    return sorted((corpus / "sources").glob("article-*.md"))[0].read_text(encoding="utf-8")


def ratio_line(label: str, kt: float, pl: float, unit: str = "s") -> str:
    figures = f"kettools {kt:7.3f} {unit}   proselint {pl:7.3f} {unit}   ratio {kt / pl:5.2f}"
    return f"{label:44} {figures}"


def baseline_line(label: str, seconds: float, proselint: float) -> str:
    return f"{label:44} baseline {seconds:7.3f} s   ratio {seconds / proselint:5.2f}"


def baseline_cmd(baseline: Path | None, args: list[str]) -> tuple[list[str], dict[str, str]]:
    env = {**ENV, "PYTHONPATH": str(baseline), "KETTOOLS_NO_DAEMON": "1"}
    return [sys.executable, "-m", "kettools", *args], env


def bench_one(corpus: Path, repeat: int, cold_state: bool, baseline: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="kt-startup-") as tmp:
        folder = project(corpus, Path(tmp) / "p")
        text = cut(first_article(corpus), 800)
        article = folder / "sources" / "one.md"
        article.write_text(text, encoding="utf-8")
        body = text.split("\n---\n", 1)[-1]
        kt_cmd = [str(BIN / "kettools"), "check", "sources/one.md", "--no-cache"]
        pl_cmd = [str(BIN / "proselint"), "check", "sources/one.md"]
        env = dict(ENV)
        run(kt_cmd, folder, env)  # fills the state cache and the bytecode caches
        run(pl_cmd, folder, env)
        kt: list[tuple[float, float]] = []
        pl: list[tuple[float, float]] = []
        old: list[tuple[float, float]] = []
        old_cmd, old_env = baseline_cmd(baseline, kt_cmd[1:])
        if baseline:
            run(old_cmd, folder, old_env)
        for i in range(repeat):
            if cold_state:
                env["XDG_CACHE_HOME"] = str(Path(tmp) / f"state-{i}")
            kt.append(run(kt_cmd, folder, env))
            pl.append(run(pl_cmd, folder, env))
            if baseline:
                old.append(run(old_cmd, folder, old_env))
        words = len(re.findall(r"\S+", body))
        label = f"one article ({words} words), wall"
        kw, pw = statistics.median(w for w, _ in kt), statistics.median(w for w, _ in pl)
        kc, pc = statistics.median(c for _, c in kt), statistics.median(c for _, c in pl)
        print(ratio_line(label, kw, pw), flush=True)
        if old:
            print(baseline_line("", statistics.median(w for w, _ in old), pw), flush=True)
        print(ratio_line("one article, CPU", kc, pc), flush=True)
        if old:
            print(baseline_line("", statistics.median(c for _, c in old), pc), flush=True)


async def _lsp(folder: Path, text: str, repeat: int, debounce_ms: int) -> list[float]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("bench", "1")
    published: asyncio.Queue[tuple[float, Any]] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: lsp.PublishDiagnosticsParams) -> None:
        published.put_nowait((time.perf_counter(), params))

    cmd = [str(BIN / "kettools"), "lsp", "--debounce", str(debounce_ms)]
    await client.start_io(*cmd, cwd=str(folder), env=ENV)
    await client.initialize_async(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), process_id=None)
    )
    client.initialized(lsp.InitializedParams())
    uri = from_fs_path(str(folder / "sources" / "draft.md"))
    assert uri is not None
    item = lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    await asyncio.wait_for(published.get(), 120)
    times: list[float] = []
    words = ["clearly", "often", "sometimes", "usually"]
    for version in range(2, repeat + 2):
        edited = text.replace(" the ", f" {words[version % len(words)]} the ", 1)
        doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = lsp.TextDocumentContentChangeWholeDocument(text=edited)
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(text_document=doc, content_changes=[change])
        )
        got, _ = await asyncio.wait_for(published.get(), 120)
        times.append(got - sent - debounce_ms / 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def bench_lsp(corpus: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kt-lsp-") as tmp:
        folder = project(corpus, Path(tmp) / "p")
        articles = sorted((corpus / "sources").glob("article-*.md"))
        text = first_article(corpus)
        extra = articles[1].read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        text = text.rstrip() + "\n\n" + extra
        text = cut(text, 1000)
        words = len(text.split("\n---\n", 1)[-1].split())
        debounce = 300
        times = asyncio.run(_lsp(folder, text, max(repeat, 5), debounce))
        print(
            f"{'lsp: edit to diagnostics, ' + str(words) + ' words':44} "
            f"kettools {1000 * statistics.median(times):7.1f} ms after the {debounce} ms debounce "
            f"(max {1000 * max(times):.1f} ms, {len(times)} edits)   proselint: no server",
            flush=True,
        )


def bench_corpus(corpus: Path, repeat: int, baseline: Path | None) -> None:
    n = len(list((corpus / "sources").glob("article-*.md")))
    kt_cmd = [str(BIN / "kettools"), "check", "sources", "--no-cache", "--jobs", "1"]
    pl_cmd = [str(BIN / "proselint"), "check", "sources"]
    kt: list[float] = []
    pl: list[float] = []
    old: list[float] = []
    old_cmd, old_env = baseline_cmd(baseline, kt_cmd[1:])
    for _ in range(max(1, repeat // 3)):
        kt.append(run(kt_cmd, corpus, ENV)[1])
        pl.append(run(pl_cmd, corpus, ENV)[1])
        if baseline:
            old.append(run(old_cmd, corpus, old_env)[1])
    pl_median = statistics.median(pl)
    print(ratio_line(f"corpus ({n} articles), CPU", statistics.median(kt), pl_median), flush=True)
    if old:
        print(baseline_line("", statistics.median(old), pl_median), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--only", default="one,lsp,corpus")
    parser.add_argument("--cold-state", action="store_true", help="empty state cache each run")
    parser.add_argument("--baseline", type=Path, help="also time the kettools package in DIR")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not (BIN / "proselint").exists():
        raise SystemExit(f"proselint is not installed in {BIN} (pip install proselint==0.16.0)")
    only = set(args.only.split(","))
    print(f"corpus {corpus}, repeat {args.repeat}, load average {os.getloadavg()[0]:.1f}")
    if "one" in only:
        bench_one(corpus, args.repeat, args.cold_state, args.baseline)
    if "lsp" in only:
        bench_lsp(corpus, args.repeat)
    if "corpus" in only:
        bench_corpus(corpus, args.repeat, args.baseline)


if __name__ == "__main__":
    main()
