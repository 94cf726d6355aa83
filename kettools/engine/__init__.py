"""The engine: plain inputs in, plain results out. No click, no printing.

    check(paths, config, today) -> CheckResult

For each article: ingest -> front matter -> bibliography -> claim records -> article
record -> policies and rules -> findings (filtered by select/ignore, severities
overridden by config, sorted).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TypeVar

from kettools.checks import messages, suppress
from kettools.checks.policies.apply import check_article, check_claims
from kettools.checks.rules import Context
from kettools.engine.cache import Cache
from kettools.engine.collapse import collapse
from kettools.engine.project import Project, UsageError, discover, display_path, printable
from kettools.engine.read import ArticleClaims, curate, days_between, read_claims
from kettools.ingest import InputError
from kettools.ingest.document import Article
from kettools.inputs.config import Config
from kettools.models.claims import ArticleRecord, ReviewStatus
from kettools.models.finding import Finding, Severity
from kettools.results import CheckResult, FileResult
from kettools.review import judge as article_review

__all__ = [
    "ArticleClaims",
    "CheckResult",
    "FileResult",
    "Project",
    "UsageError",
    "check",
    "check_file",
    "discover",
    "display_path",
    "printable",
    "read_claims",
]


def check_file(
    project: Project, path: Path, display: str | None = None, data: bytes | None = None
) -> FileResult:
    """Check one article; `data` is its text when it is not the file's (an editor's buffer)."""
    shown = display or path.as_posix()
    try:
        read = read_claims(project, path, shown, data)
    except InputError as exc:
        finding = messages.UNREADABLE_FILE.on_line(shown, exc.line, str(exc))
        return FileResult(shown, [finding], unreadable=True)
    article, fm, bib, drug, findings = (
        read.article,
        read.front_matter,
        read.bibliography,
        read.drug,
        read.findings,
    )
    inputs = [path.parent / fm.bibliography] if fm.bibliography else []
    claims, sidecar_findings = curate(project, path, shown, read.claims)
    findings += sidecar_findings
    record = ArticleRecord(
        path=shown,
        format=article.format,
        front_matter=fm,
        has_front_matter=article.has_front_matter,
        words=sum(len(b.plain.split()) for b in article.blocks),
        sentences=len(article.sentences),
        claims=len(claims),
        cited_keys=list(dict.fromkeys(c.key for c in article.citations)),
        caveats_required=[c.id for c in drug.caveats if c.required] if drug else [],
        caveats_present=list(read.caveats),
        review_age_days=days_between(fm.last_reviewed, project.today),
        days_to_next_review=days_between(project.today, fm.next_review),
    )
    reading = article_review.read(article)
    reviewed = article_review.review(article, reading)
    claim_dicts = [c.model_dump(mode="json") for c in claims]
    claim_dicts = article_review.text_evidence(claim_dicts, reading.study)
    line_length = {n: len(article.source.line_text(n)) for n in article.front_matter_lines.values()}
    line_length[1] = len(article.source.line_text(1))
    findings += check_claims(project.policies, shown, claim_dicts)
    findings += check_article(
        project.policies,
        shown,
        record.model_dump(mode="json"),
        article.front_matter_lines,
        line_length,
    )
    ctx = Context(
        article,
        record,
        claims,
        project.catalog,
        bib,
        project.config,
        project.today,
        read.caveats,
        project.analyzer.subjects,
        review=reviewed,
        study=reading.study,
    )
    for rule in project.rules:
        findings.extend(rule.check(ctx))
    findings = _suppress(article, findings)
    accepted = {c.id for c in claims if c.review.status == ReviewStatus.accepted}
    findings = [f for f in findings if f.claim_id is None or f.claim_id not in accepted]
    return FileResult(
        shown,
        collapse(_filter(findings, project.config), article),
        record,
        claims,
        article=article,
        bibliography=bib,
        inputs=inputs,
        review=reviewed,
    )


def _suppress(article: Article, findings: list[Finding]) -> list[Finding]:
    """Drop findings covered by inline suppressions; report bad and unused suppressions."""
    items = suppress.parse(article.source)
    if not items:
        return findings
    kept = suppress.apply(findings, items)
    for item in items:
        if not item.reason:
            kept.append(
                messages.SUPPRESSION_WITHOUT_REASON.at(
                    article,
                    item.start,
                    item.end,
                    "this suppression gives no reason, so it is ignored",
                )
            )
        elif not item.used:
            kept.append(
                messages.SUPPRESSION_UNUSED.at(
                    article,
                    item.start,
                    item.end,
                    f"this suppression of {', '.join(item.selectors) or 'nothing'} "
                    "matches no finding",
                )
            )
    return kept


def _matches(finding: Finding, selectors: list[str]) -> bool:
    return any(s in (finding.code, finding.name, finding.category) for s in selectors)


def _filter(findings: list[Finding], config: Config) -> list[Finding]:
    kept = []
    for finding in findings:
        if config.select and not _matches(finding, config.select):
            continue
        if _matches(finding, config.ignore):
            continue
        for selector, severity in config.severity.items():
            if _matches(finding, [selector]):
                finding = finding.model_copy(update={"severity": Severity(severity)})
        kept.append(finding)
    return sorted(dict.fromkeys(kept), key=Finding.sort_key)


def _whole(project: Project, result: FileResult) -> FileResult:
    return result


def _findings_only(project: Project, result: FileResult) -> FileResult:
    """Only what a report needs: keeps memory flat on large runs and pickling cheap."""
    return FileResult(
        result.path,
        result.findings,
        unreadable=result.unreadable,
        inputs=result.inputs,
        review=result.review,
    )


_WORKER_PROJECT: Project | None = None  # set in the parent before forking workers
_PARENT = 0  # the parent's process id, likewise
_WINDOW = 64  # files handed to the workers at a time, per worker: bounds what waits in memory


T = TypeVar("T")


Step = Callable[[Project, Path, str], Any]  # what is done to each file: check_file by default


def _die_with(parent: int) -> None:
    """A worker's start: it is killed when the parent dies (even by SIGKILL), instead of
    finishing its files (writing sidecars nobody asked for) and then waiting forever to
    hand back results (Linux: PR_SET_PDEATHSIG; elsewhere each file checks the parent)."""
    import contextlib  # here: only a worker pays for these imports
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # died before the line above
        os._exit(1)


def _work(item: tuple[Path, str, Step, Callable[[Project, Any], T]]) -> T:
    assert _WORKER_PROJECT is not None
    if os.getppid() != _PARENT:  # the parent is gone: do no more work for nobody
        os._exit(1)
    path, shown, step, work = item
    return work(_WORKER_PROJECT, step(_WORKER_PROJECT, path, shown))


def targets(paths: list[Path], config: Config) -> list[tuple[Path, str]]:
    """(path, display path) of every article under `paths`, in order."""
    return [(p, display_path(p)) for p in discover(paths, config)]


def results(
    project: Project,
    files: list[tuple[Path, str]],
    *,
    work: Callable[[Project, Any], T],
    jobs: int = 1,
    step: Step = check_file,
) -> Generator[T, None, None]:
    """Check `files` (from `targets`), pass each result to `work` where it was checked, and
    yield what `work` returns, in order, as it is ready. (`step` replaces the check:
    `extract` only reads each article's claims.)

    `jobs` > 1 checks them in that many forked processes (identical results); `work` then
    runs in the worker and is sent there, as is what it returns: a module-level function
    or an instance of a module-level class. Returning little (as `check` does, keeping
    only findings) keeps a large run small."""
    if jobs > 1 and len(files) >= 2 * jobs:
        yield from _in_workers(project, files, work, jobs, step)
        return
    for path, shown in files:
        yield work(project, step(project, path, shown))


def _in_workers(
    project: Project,
    files: list[tuple[Path, str]],
    work: Callable[[Project, Any], T],
    jobs: int,
    step: Step,
) -> Generator[T, None, None]:
    """`results` in `jobs` forked processes (in this process where there is no fork).
    multiprocessing is imported here: a run on one file does not pay for it."""
    global _WORKER_PROJECT, _PARENT
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in mp.get_all_start_methods():
        for path, shown in files:
            yield work(project, step(project, path, shown))
        return
    _ = project.analyzer  # built here, before forking, so that the workers share it
    _WORKER_PROJECT, _PARENT = project, os.getpid()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=mp.get_context("fork"), initializer=_die_with, initargs=(_PARENT,)
        ) as pool:
            size = _WINDOW * jobs
            for start in range(0, len(files), size):
                window = [(p, shown, step, work) for p, shown in files[start : start + size]]
                yield from pool.map(_work, window, chunksize=8)
    finally:
        _WORKER_PROJECT = None


def check(
    paths: list[Path],
    config: Config,
    today: dt.date,
    project: Project | None = None,
    *,
    detail: bool = True,
    jobs: int = 1,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check every article under `paths`.

    `detail=False` keeps only findings (no article, record or claims) in the results.
    `jobs` > 1 checks files in that many forked processes; the results, and so every
    report, are identical to a serial run. `cache` is a cache folder (None: no cache).
    `progress(done, total)` is called as files are done (a progress bar).
    """
    project = project or Project.load(config, today)
    files = targets(paths, config)
    store = Cache(cache, project) if cache is not None else None
    keys = [store.key(p, shown) if store else None for p, shown in files]
    found: list[FileResult | None] = []
    for (_, shown), key in zip(files, keys, strict=True):
        hit = store.get(key) if store and key and not detail else None
        found.append(FileResult(shown, hit[0], unreadable=hit[1], review=hit[2]) if hit else None)
    todo = [i for i, r in enumerate(found) if r is None]
    keep = _whole if detail else _findings_only
    done = results(project, [files[i] for i in todo], work=keep, jobs=jobs)
    for count, (i, result) in enumerate(zip(todo, done, strict=True), len(files) - len(todo) + 1):
        if progress is not None:
            progress(count, len(files))
        found[i] = result
        key = keys[i]
        if store and key:
            store.put(key, result.findings, result.unreadable, result.inputs, result.review)
    return CheckResult([r for r in found if r is not None])
