"""The engine: plain inputs in, plain results out. No click, no printing.

    check(paths, config, today) -> CheckResult

For each article: ingest -> front matter -> bibliography -> claim records -> article
record -> policies and rules -> findings (filtered by select/ignore, severities
overridden by config, sorted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kettools import policy as policy_mod
from kettools import suppress
from kettools.bibliography import Bibliography, BibliographyError, load_bibliography, resolve
from kettools.catalog import load_catalog
from kettools.claims import sidecar
from kettools.claims.analysis import Analyzer
from kettools.claims.records import build_claims, caveats_in
from kettools.config import Config
from kettools.ingest import InputError, is_article, read_article
from kettools.ingest.document import Article
from kettools.models.catalog import Catalog, Drug
from kettools.models.claims import ArticleRecord, ClaimRecord, ReviewStatus
from kettools.models.finding import Finding, Severity
from kettools.models.frontmatter import FrontMatter
from kettools.policy.apply import check_article, check_claims
from kettools.rules import RULES, Context, Rule
from kettools.rules.input_bibliography import BibliographyInvalid
from kettools.rules.input_front_matter import FrontMatterInvalid
from kettools.rules.input_sidecar import SidecarInvalid
from kettools.rules.input_unreadable import UnreadableFile
from kettools.rules.suppression_reason import SuppressionWithoutReason
from kettools.rules.suppression_unused import SuppressionUnused


class UsageError(ValueError):
    """A path or option the engine cannot use (exit code 2)."""


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    record: ArticleRecord | None = None
    claims: list[ClaimRecord] = field(default_factory=list)
    unreadable: bool = False
    article: Article | None = None  # kept for exporters; not part of any report
    bibliography: Bibliography | None = None


@dataclass(slots=True)
class CheckResult:
    files: list[FileResult]

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def keep(self, findings: list[Finding]) -> CheckResult:
        """The same files with only the given findings (baseline and diff filtering)."""
        wanted = set(findings)
        return CheckResult(
            [
                FileResult(
                    r.path,
                    [f for f in r.findings if f in wanted],
                    r.record,
                    r.claims,
                    r.unreadable,
                    r.article,
                    r.bibliography,
                )
                for r in self.files
            ]
        )

    def exit_code(self, fail_on: str) -> int:
        if any(result.unreadable for result in self.files):
            return 2
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return 1 if any(f.severity.rank >= threshold for f in self.findings) else 0


@dataclass(slots=True)
class Project:
    """What is loaded once per run and shared by every file."""

    config: Config
    today: dt.date
    catalog: Catalog
    policies: list[policy_mod.Policy]
    rules: list[Rule]
    analyzer: Analyzer
    bibliographies: dict[Path, Bibliography | BibliographyError] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Config, today: dt.date) -> Project:
        catalog = load_catalog(config.catalog_dir)
        return cls(
            config=config,
            today=today,
            catalog=catalog,
            policies=policy_mod.load_configured(config.root, config.policies),
            rules=[rule() for rule in RULES],
            analyzer=Analyzer(catalog),
        )

    def bibliography(self, path: Path) -> Bibliography:
        if path not in self.bibliographies:
            try:
                self.bibliographies[path] = load_bibliography(path)
            except BibliographyError as exc:
                self.bibliographies[path] = exc
        loaded = self.bibliographies[path]
        if isinstance(loaded, BibliographyError):
            raise loaded
        return loaded


def _glob(rel: str, pattern: str) -> bool:
    """fnmatch, where a leading `**/` also matches no folder at all."""
    return fnmatch(rel, pattern) or (pattern.startswith("**/") and fnmatch(rel, pattern[3:]))


def discover(paths: list[Path], config: Config) -> list[Path]:
    """Article files under `paths`, sorted; a missing path is a usage error."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            for candidate in sorted(path.rglob("*")):
                rel = candidate.relative_to(path).as_posix()
                if not candidate.is_file() or not is_article(candidate):
                    continue
                if any(_glob(rel, g) for g in config.exclude):
                    continue
                if any(_glob(rel, g) for g in config.include):
                    found.append(candidate)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return list(dict.fromkeys(found))


def _input_finding(
    rule: type[Rule], path: str, line: int, message: str, excerpt: str = ""
) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=message,
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=max(1, len(excerpt) + 1),
        excerpt=excerpt,
        help=rule.help,
    )


def front_matter(article: Article) -> tuple[FrontMatter, list[Finding]]:
    """Validate key by key: a bad key is reported at its line and left out."""
    data: dict[str, Any] = dict(article.front_matter)
    findings: list[Finding] = []
    for _ in range(len(data) + 1):
        try:
            return FrontMatter.model_validate(data), findings
        except ValidationError as exc:
            error = exc.errors()[0]
            key = str(error["loc"][0]) if error["loc"] else ""
            line = article.front_matter_lines.get(key, 1)
            what = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
            findings.append(
                _input_finding(
                    FrontMatterInvalid,
                    article.path,
                    line,
                    f"front matter '{key}': {what}",
                    article.source.line_text(line),
                )
            )
            data.pop(key, None)
    return FrontMatter(), findings


def _bibliography(
    project: Project, path: Path, article: Article, fm: FrontMatter
) -> tuple[Bibliography | None, list[Finding]]:
    if not fm.bibliography:
        return None, []
    line = article.front_matter_lines.get("bibliography", 1)
    allowed = project.config.sources_dir
    if not path.resolve().is_relative_to(allowed):
        allowed = path.resolve().parent
    try:
        return project.bibliography(resolve(path, fm.bibliography, allowed)), []
    except BibliographyError as exc:
        return None, [
            _input_finding(
                BibliographyInvalid, article.path, line, str(exc), article.source.line_text(line)
            )
        ]


def _days(since: dt.date | None, until: dt.date | None) -> int | None:
    return (until - since).days if since and until else None


@dataclass(slots=True)
class ArticleClaims:
    """An article read, with what its claims were built from (shared by check and extract)."""

    article: Article
    front_matter: FrontMatter
    bibliography: Bibliography | None
    drug: Drug | None
    claims: list[ClaimRecord]
    findings: list[Finding]


def read_claims(project: Project, path: Path, display: str | None = None) -> ArticleClaims:
    """Ingest, front matter, bibliography and claim records; raises InputError."""
    shown = display or path.as_posix()
    if path.stat().st_size > project.config.max_file_bytes:
        raise InputError(f"file larger than max_file_bytes ({project.config.max_file_bytes})")
    article = read_article(path, shown)
    fm, findings = front_matter(article)
    bib, bib_findings = _bibliography(project, path, article, fm)
    references = bib.references if bib else {}
    drug = project.catalog.drugs.get(fm.intervention) if fm.intervention else None
    claims = build_claims(article, project.analyzer, references, drug)
    return ArticleClaims(article, fm, bib, drug, claims, findings + bib_findings)


def _curate(
    project: Project, path: Path, shown: str, claims: list[ClaimRecord]
) -> tuple[list[ClaimRecord], list[Finding]]:
    """Apply the editor's fields from `<slug>.claims.yaml`; an invalid sidecar is KT004."""
    side = sidecar.sidecar_path(path)
    try:
        loaded = sidecar.load(side, project.config.max_file_bytes, path.name)
    except sidecar.SidecarError as exc:
        where = (Path(shown).parent / side.name).as_posix()
        return claims, [_input_finding(SidecarInvalid, where, exc.line, exc.reason, exc.excerpt)]
    return sidecar.curate(claims, loaded.sidecar if loaded else None), []


def check_file(project: Project, path: Path, display: str | None = None) -> FileResult:
    shown = display or path.as_posix()
    try:
        read = read_claims(project, path, shown)
    except InputError as exc:
        finding = _input_finding(UnreadableFile, shown, exc.line, str(exc))
        return FileResult(shown, [finding], unreadable=True)
    article, fm, bib, drug, findings = (
        read.article,
        read.front_matter,
        read.bibliography,
        read.drug,
        read.findings,
    )
    claims, sidecar_findings = _curate(project, path, shown, read.claims)
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
        caveats_present=caveats_in(" ".join(b.plain for b in article.blocks), drug),
        review_age_days=_days(fm.last_reviewed, project.today),
        days_to_next_review=_days(project.today, fm.next_review),
    )
    claim_dicts = [c.model_dump(mode="json") for c in claims]
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
    ctx = Context(article, record, claims, project.catalog, bib, project.config, project.today)
    for rule in project.rules:
        findings.extend(rule.check(ctx))
    findings = _suppress(article, findings)
    accepted = {c.id for c in claims if c.review.status == ReviewStatus.accepted}
    findings = [f for f in findings if f.claim_id is None or f.claim_id not in accepted]
    return FileResult(
        shown, _filter(findings, project.config), record, claims, article=article, bibliography=bib
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
                SuppressionWithoutReason.at(
                    article,
                    item.start,
                    item.end,
                    "this suppression gives no reason, so it is ignored",
                )
            )
        elif not item.used:
            kept.append(
                SuppressionUnused.at(
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
    return sorted(set(kept), key=Finding.sort_key)


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check(
    paths: list[Path], config: Config, today: dt.date, project: Project | None = None
) -> CheckResult:
    project = project or Project.load(config, today)
    files = discover(paths, config)
    return CheckResult([check_file(project, p, display_path(p)) for p in files])
