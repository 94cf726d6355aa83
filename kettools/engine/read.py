"""Read one article and what its claims are built from: front matter, bibliography,
claim records and the editor's sidecar. Problems with these inputs become findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from kettools.checks import messages
from kettools.checks.rules.input_front_matter import FrontMatterInvalid
from kettools.claims import sidecar
from kettools.claims.records import build_claims
from kettools.engine.project import Project
from kettools.files.names import printable
from kettools.ingest import InputError, parse, read_article
from kettools.ingest.document import Article
from kettools.inputs.bibliography import Bibliography, BibliographyError, resolve
from kettools.language.caveats import Stated, stated
from kettools.models.base import first_error
from kettools.models.catalog import Drug
from kettools.models.claims import ClaimRecord
from kettools.models.finding import Finding
from kettools.models.frontmatter import FrontMatter


def front_matter(article: Article) -> tuple[FrontMatter, list[Finding]]:
    """Validate key by key: a bad key is reported at its line and left out."""
    data: dict[str, Any] = dict(article.front_matter)
    findings: list[Finding] = []
    for _ in range(len(data) + 1):
        try:
            return FrontMatter.model_validate(data), findings
        except ValidationError as exc:
            loc, _, what = first_error(exc)
            key = str(loc[0]) if loc else ""
            line = article.front_matter_lines.get(key, 1)
            findings.append(
                FrontMatterInvalid.message().on_line(
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
    # inside the sources folder for its articles; for an article checked elsewhere in the
    # project (folders of articles sharing one bibliography), inside the project
    where = path.resolve()
    allowed = project.config.sources_dir
    if not where.is_relative_to(allowed):
        root = project.config.root.resolve()
        allowed = root if where.is_relative_to(root) else where.parent
    try:
        return project.bibliography(resolve(path, fm.bibliography, allowed)), []
    except BibliographyError as exc:
        return None, [
            messages.BIBLIOGRAPHY_INVALID.on_line(
                article.path, line, str(exc), article.source.line_text(line)
            )
        ]


def days_between(since: dt.date | None, until: dt.date | None) -> int | None:
    return (until - since).days if since and until else None


class ArticleClaims(NamedTuple):
    """An article read, with what its claims were built from (shared by check and extract)."""

    article: Article
    front_matter: FrontMatter
    bibliography: Bibliography | None
    drug: Drug | None
    caveats: Stated  # the drug's caveats the article states, and where
    claims: list[ClaimRecord]
    findings: list[Finding]


def read_claims(
    project: Project, path: Path, display: str | None = None, data: bytes | None = None
) -> ArticleClaims:
    """Ingest, front matter, bibliography and claim records; raises InputError.
    `data` is the article's text when it is not the file's (an editor's unsaved buffer)."""
    shown = display or path.as_posix()
    size = path.stat().st_size if data is None else len(data)
    if size > project.config.max_file_bytes:
        raise InputError(f"file larger than max_file_bytes ({project.config.max_file_bytes})")
    article = read_article(path, shown) if data is None else parse(shown, data, path.suffix)
    fm, findings = front_matter(article)
    bib, bib_findings = _bibliography(project, path, article, fm)
    references = bib.references if bib else {}
    drug = project.catalog.drugs.get(fm.intervention) if fm.intervention else None
    caveats = stated([block.plain for block in article.blocks], drug)
    claims = build_claims(article, project.analyzer, references, drug, caveats)
    return ArticleClaims(article, fm, bib, drug, caveats, claims, findings + bib_findings)


def curate(
    project: Project, path: Path, shown: str, claims: list[ClaimRecord]
) -> tuple[list[ClaimRecord], list[Finding]]:
    """Apply the editor's fields from `<slug>.claims.yaml`; an invalid sidecar is KT004."""
    side = sidecar.sidecar_path(path)
    try:
        loaded = sidecar.load(side, project.config.max_file_bytes, printable(path.name))
    except sidecar.SidecarError as exc:
        where = (Path(shown).parent / side.name).as_posix()
        return claims, [messages.SIDECAR_INVALID.on_line(where, exc.line, exc.reason, exc.excerpt)]
    return sidecar.curate(claims, loaded.sidecar if loaded else None), []
