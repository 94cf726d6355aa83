"""The leaflet renderer never reads local files or the network for a hostile article."""

from __future__ import annotations

import dataclasses
import io
import shutil
import socket
import urllib.request
from pathlib import Path

import pytest

from kettools.export import ExportInput
from kettools.export.leaflet import HtmlLeafletExporter, PdfLeafletExporter
from kettools.export.leaflet.fetcher import RefusedFetch, SafeFetcher
from kettools.inputs.config import Config

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
SECRET = "kettools-secret-7c1e"

HOSTILE = """---
title: 'Esketamine <img src="file://{secret_path}"> <script>alert(1)</script>'
language: en
audience: patients
intervention: esketamine
conditions: [treatment-resistant-depression]
reviewed_by: [{{name: '<link rel="attachment" href="file://{secret_path}">'}}]
last_reviewed: 2026-10-01
next_review: 2027-10-01
disclosure: None.
bibliography: references.yaml
url: 'javascript:alert(1)'
---

In a trial of 67 people, each of three doses did better than placebo
<img src="file://{secret_path}"> after one week [@daly2018].

In a trial of 403 people, ketamine drips were found to be no worse than ECT
<link rel="attachment" href="file://{secret_path}"> [@anand2023].

In trials, more people got better with the spray
<img src="http://127.0.0.1:9/x.png"> than with placebo [@popova2019].

Staff observe you for at least two hours at a certified clinic, and check for
dissociation [@fda2019spravato].
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail loudly on any socket connection or urllib open."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise AssertionError("network access during leaflet rendering")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    return attempts


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[ExportInput, Path]:
    from tests.unit.test_leaflet import export_input

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET * 20)
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    shutil.copy(ROOT / "sources" / "references.yaml", sources / "references.yaml")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\nsources = 'sources'\n")
    (sources / "hostile.md").write_text(HOSTILE.format(secret_path=secret))
    (sources / "hostile.assets").mkdir()
    return export_input(sources, "hostile"), secret


def test_fetcher_refuses_network_and_outside_files(tmp_path: Path) -> None:
    assets = tmp_path / "a.assets"
    assets.mkdir()
    (assets / "ok.css").write_text("p{}")
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    (assets / "link.txt").symlink_to(outside)
    fetcher = SafeFetcher([assets])
    for url in (
        "http://127.0.0.1/x",
        "https://example.org/x",
        "ftp://127.0.0.1/x",
        outside.as_uri(),
        (assets / "link.txt").as_uri(),
        "file:///etc/passwd",
        (assets / ".." / "outside.txt").as_uri(),
        "file://evil.host/etc/passwd",
    ):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    assert fetcher.refused == fetcher.requests
    assert fetcher.fetch((assets / "ok.css").as_uri()).read() == b"p{}"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_hostile_article_html_is_escaped(hostile: tuple[ExportInput, Path]) -> None:
    item, _secret = hostile
    html = HtmlLeafletExporter().render(item).decode()
    assert "&lt;img src=" in html  # the hostile markup reached the template, as text
    # the one script element is the JSON-LD, whose text has no "<" at all (export/jsonld.py)
    head, script, rest = html.partition('<script type="application/ld+json">')
    data, end, rest = rest.partition("</script>")
    assert script and end and "<" not in data
    html = head + rest
    assert "<img" not in html and "<script" not in html
    assert '<link rel="attachment"' not in html
    assert "javascript:" not in html
    assert SECRET not in html


def test_hostile_article_pdf_reads_nothing(
    hostile: tuple[ExportInput, Path], no_network: list[str]
) -> None:
    item, _secret = hostile
    exp = PdfLeafletExporter()
    data = exp.render(item)
    assert SECRET.encode() not in data
    text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert SECRET not in text
    assert exp.last_fetcher.requests == []  # escaped markup is text: nothing to fetch
    assert no_network == []
    assert "/EmbeddedFiles" not in str(pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"])


class _Config(Config):
    leaflet_template: str | None = None


def test_hostile_template_markup_is_still_refused(
    hostile: tuple[ExportInput, Path], no_network: list[str]
) -> None:
    """Even raw markup in a (project) template cannot pull a file or reach the network."""
    item, secret = hostile
    root = Path(item.article.path).parent.parent
    template = root / "evil.html.j2"
    template.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        f'<link rel="attachment" href="{secret.as_uri()}">'
        f'<link rel="stylesheet" href="{secret.as_uri()}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body><h1>t</h1>'
        f'<img src="{secret.as_uri()}" alt="x"><img src="http://127.0.0.1:9/x.png" alt="y">'
        '<img src="../secret.txt" alt="z"><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==" alt="ok">'
        "<p>{{ l.title }}</p></body></html>"
    )
    config = _Config.model_validate(
        {**item.config.model_dump(), "root": root, "leaflet_template": "evil.html.j2"}
    )
    exp = PdfLeafletExporter()
    data = exp.render(dataclasses.replace(item, config=config))
    assert SECRET.encode() not in data
    assert "/EmbeddedFiles" not in str(pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"])
    fetcher = exp.last_fetcher
    assert fetcher.requests and all(
        url in fetcher.refused for url in fetcher.requests if not url.startswith("data:")
    )
    assert any(url.startswith("data:") for url in fetcher.requests)
    assert no_network == []
