"""Patient leaflet exporters: accessible HTML, and PDF/UA-1 rendered with weasyprint.

Both render one Jinja2 template (`templates/leaflet.html.j2`, autoescaped) with one
stylesheet (`templates/leaflet.css`, inlined). A project may replace either through the
config keys `leaflet_template` and `leaflet_css` (paths relative to the project root).
Content comes from `leaflet_content.build`: the article's own sentences, each placed in a
section or left out with a reason (`leaflet_place`), and the catalog's facts. The PDF's
structure tree is made by `leaflet_tags` (one element per HTML element across pages,
page furniture as artifacts).

After `render`, the exporter's `last_summary` holds one line about the leaflet's reading
level and `last_findings` a `readability` warning when it is above the audience's target.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from kettools.checks.messages import LEAFLET_READABILITY
from kettools.export import Exporter, ExportError, ExportInput, ExportOptions, Output, jsonld
from kettools.export.leaflet.content import build
from kettools.export.leaflet.model import Leaflet
from kettools.files import access
from kettools.models.finding import Finding

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _package_text(name: str) -> str:
    return resources.files("kettools.export.leaflet").joinpath("templates", name).read_text("utf-8")


def _environment(loader: jinja2.BaseLoader) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _packaged_template() -> jinja2.Template:
    env = _environment(jinja2.DictLoader({"leaflet.html.j2": _package_text("leaflet.html.j2")}))
    return env.get_template("leaflet.html.j2")


@lru_cache(maxsize=1)
def _packaged_css() -> str:
    return _package_text("leaflet.css")


@lru_cache(maxsize=4)
def _shared_font_config(process: int, thread: int) -> Any:
    """One weasyprint FontConfiguration per process and thread (Pango objects are not shared
    across either): Fontconfig and Pango load the fonts once instead of once per leaflet."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def font_config_for(source: str) -> Any:
    """The shared font configuration, or a fresh one when the document declares fonts with
    `@font-face` (so no leaflet's fonts reach another leaflet)."""
    if "@font-face" in source.lower():
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()
    return _shared_font_config(os.getpid(), threading.get_ident())


def _project_file(item: ExportInput, key: str) -> Path | None:
    value = getattr(item.config, key, None)
    if not value:
        return None
    root = item.config.root.resolve()
    path = (root / str(value)).resolve()
    if not path.is_relative_to(root):
        raise ExportError(f"{key} '{value}' is outside the project: refused")
    if not path.is_file():
        raise ExportError(f"{key} '{value}' does not exist")
    return path


class _ProjectLoader(jinja2.FileSystemLoader):
    """A project template and what it includes, each read under `kettools.files.access`'s rule:
    an `{% include %}` of a symlink leading outside the project is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        try:
            access.check(Path(filename))
        except OSError as exc:
            raise jinja2.TemplateNotFound(f"{template}: {exc.strerror}") from None
        return source, filename, uptodate


def template_for(item: ExportInput) -> jinja2.Template:
    path = _project_file(item, "leaflet_template")
    if path is None:
        return _packaged_template()
    env = _environment(_ProjectLoader(str(path.parent)))
    try:
        return env.get_template(path.name)
    except jinja2.TemplateError as exc:
        raise ExportError(f"leaflet_template: {exc}") from None


def css_for(item: ExportInput) -> str:
    path = _project_file(item, "leaflet_css")
    try:
        css = _packaged_css() if path is None else access.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ExportError(f"leaflet_css: cannot read: {reason}") from None
    if "</" in css or "<!--" in css:
        raise ExportError("leaflet_css may not contain '</' or '<!--'")
    return css


def page_size(item: ExportInput, option: str | None) -> str:
    name = (option or getattr(item.config, "leaflet_page_size", None) or "a4").lower()
    if name not in PAGE_SIZES:
        raise ExportError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {name!r}")
    return PAGE_SIZES[name]


def readability_line(leaflet: Leaflet) -> str:
    scores = leaflet.scores
    if scores is None:
        return "readability not measured"
    return (
        f"SMOG {scores.smog:.1f}, Flesch-Kincaid grade {scores.flesch_kincaid:.1f} "
        f"({scores.words} words, {scores.sentences} sentences); "
        f"target {leaflet.target:g} for {leaflet.audience}"
    )


def readability_findings(item: ExportInput, leaflet: Leaflet, filename: str) -> list[Finding]:
    scores = leaflet.scores
    if scores is None or leaflet.grade <= leaflet.target:
        return []
    return [
        LEAFLET_READABILITY.make(
            item.article.path,
            1,
            1,
            1,
            1,
            f"the {filename} reads at grade {leaflet.grade:.1f} "
            f"(SMOG {scores.smog:.1f}, Flesch-Kincaid {scores.flesch_kincaid:.1f}), above the "
            f"target of {leaflet.target:g} for {leaflet.audience}",
        )
    ]


class LeafletExporter(Exporter):
    """Shared by the HTML and PDF leaflets: build the content, render the template."""

    def html(self, item: ExportInput) -> tuple[str, Leaflet]:
        leaflet = build(item)
        created = (item.record.front_matter.published or item.today).isoformat()
        context: dict[str, Any] = {
            "l": leaflet,
            "css": Markup(css_for(item)),
            "page_size": page_size(item, self.options.page_size),
            "readability": readability_line(leaflet),
            "keywords": ", ".join(
                filter(None, [leaflet.drug_name, "patient leaflet", readability_line(leaflet)])
            ),
            "created": created,
            "modified": item.today.isoformat(),
            # the page's schema.org JSON-LD, escaped for a <script> element (export/jsonld.py)
            "structured_data": Markup(jsonld.script_json(jsonld.build(item))),
        }
        try:
            return template_for(item).render(context), leaflet
        except jinja2.TemplateError as exc:
            raise ExportError(f"leaflet template: {exc}") from None

    def output(self, item: ExportInput, data: bytes, leaflet: Leaflet) -> Output:
        return Output(
            data,
            notes=(f"readability: {readability_line(leaflet)}",),
            findings=tuple(readability_findings(item, leaflet, self.filename)),
        )


class HtmlLeafletExporter(LeafletExporter):
    name: ClassVar[str] = "html"
    filename: ClassVar[str] = "leaflet.html"

    def export(self, item: ExportInput) -> Output:
        source, leaflet = self.html(item)
        return self.output(item, source.encode("utf-8"), leaflet)


class PdfLeafletExporter(LeafletExporter):
    name: ClassVar[str] = "pdf"
    filename: ClassVar[str] = "leaflet.pdf"

    def __init__(self, options: ExportOptions | None = None) -> None:
        super().__init__(options)
        self.last_fetcher: Any = None  # the SafeFetcher of the last render, for tests

    def export(self, item: ExportInput) -> Output:
        from weasyprint import HTML

        from kettools.export.leaflet.fetcher import SafeFetcher, asset_dir
        from kettools.export.leaflet.tags import tagged

        source, leaflet = self.html(item)
        assets = asset_dir(Path(item.article.path), item.slug).resolve()
        fetcher = SafeFetcher([assets])
        self.last_fetcher = fetcher
        options: dict[str, Any] = {"custom_metadata": True, "pdf_tags": True}
        if self.options.embed_data:
            options["pdf_variant"] = "pdf/a-3b"
            options["attachments"] = _data_attachments(item, fetcher)
        else:
            options["pdf_variant"] = "pdf/ua-1"
        # base_url is the asset folder; the fetcher refuses everything outside it
        document = HTML(string=source, base_url=assets.as_uri() + "/", url_fetcher=fetcher)
        with tagged():  # one structure element per HTML element; page furniture as artifacts
            pdf: bytes = document.write_pdf(font_config=font_config_for(source), **options)
        return self.output(item, pdf, leaflet)


def _data_attachments(item: ExportInput, fetcher: Any) -> list[Any]:
    """The JSON-LD and FHIR exports of the same article, for `--embed-data` (PDF/A-3b)."""
    from weasyprint import Attachment

    from kettools.export import exporter

    stamp = dt.datetime.combine(item.today, dt.time(), dt.UTC)
    attachments = []
    for name, description in (
        ("jsonld", "schema.org JSON-LD of the checked article"),
        ("fhir", "FHIR R5 document Bundle of the checked article"),
    ):
        try:
            other = exporter(name)
            data, filename = other.render(item), other.filename
        except (ImportError, AttributeError) as exc:
            raise ExportError(f"--embed-data needs the {name} export: {exc}") from None
        attachments.append(
            Attachment(
                string=data,
                name=filename,
                description=description,
                created=stamp,
                modified=stamp,
                relationship="Data",
                url_fetcher=fetcher,
            )
        )
    return attachments
