"""Exporters: a name-to-class registry, imported lazily so `check` never loads
weasyprint, fhir.resources or pyld.

An exporter turns one checked article (`ExportInput`) into the bytes of one file in
`exports/<slug>/`. Output must be deterministic: the same input gives the same bytes
(timestamps come from the sources or SOURCE_DATE_EPOCH via `ExportInput.today`).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import ClassVar

from kettools.errors import KettoolsError
from kettools.ingest.document import Article
from kettools.inputs.bibliography import Bibliography
from kettools.inputs.config import Config
from kettools.models.catalog import Catalog
from kettools.models.claims import ArticleRecord, ClaimRecord
from kettools.models.finding import Finding, Severity
from kettools.results import FileResult

# name -> "module:Class"; modules are imported only when the format is asked for
EXPORTERS: dict[str, str] = {
    "jsonld": "kettools.export.jsonld:JsonLdExporter",
    "fhir": "kettools.export.fhir:FhirExporter",
    "html": "kettools.export.leaflet:HtmlLeafletExporter",
    "pdf": "kettools.export.leaflet:PdfLeafletExporter",
}


@dataclass(frozen=True, slots=True)
class ExportInput:
    """One checked article and everything an exporter may read."""

    slug: str
    article: Article
    record: ArticleRecord
    claims: list[ClaimRecord]
    findings: list[Finding]
    catalog: Catalog
    bibliography: Bibliography | None
    config: Config
    today: dt.date
    tool_version: str

    @property
    def validated(self) -> bool:
        """True when the article has no error-level findings (exported without --allow-errors)."""
        return not any(f.severity == Severity.error for f in self.findings)

    @classmethod
    def from_result(
        cls,
        result: FileResult,
        slug: str,
        catalog: Catalog,
        config: Config,
        today: dt.date,
        tool_version: str,
    ) -> ExportInput:
        assert result.article is not None and result.record is not None
        return cls(
            slug,
            result.article,
            result.record,
            result.claims,
            result.findings,
            catalog,
            result.bibliography,
            config,
            today,
            tool_version,
        )


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options of `kettools export` that some exporters read (the leaflets)."""

    page_size: str | None = None  # "a4" | "letter"; None: the config's leaflet_page_size
    embed_data: bool = False  # PDF/A-3b with the JSON-LD and FHIR exports attached


@dataclass(frozen=True, slots=True)
class Output:
    """What an exporter made of one article: the file, and notes for the summary."""

    data: bytes
    notes: tuple[str, ...] = ()  # lines for the export summary (e.g. readability)
    findings: tuple[Finding, ...] = ()  # findings about the export itself


class Exporter:
    name: ClassVar[str]
    filename: ClassVar[str]  # written as exports/<slug>/<filename>

    def __init__(self, options: ExportOptions | None = None) -> None:
        self.options = options or ExportOptions()

    def render(self, item: ExportInput) -> bytes:
        return self.export(item).data

    def export(self, item: ExportInput) -> Output:
        raise NotImplementedError


class ExportError(KettoolsError):
    """An export that cannot be produced or fails its own validation (one line)."""


def exporter(name: str, options: ExportOptions | None = None) -> Exporter:
    module_name, _, class_name = EXPORTERS[name].partition(":")
    cls: type[Exporter] = getattr(importlib.import_module(module_name), class_name)
    return cls(options)
