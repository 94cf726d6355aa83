"""Golden files for the JSON-LD and FHIR exports, and `exports/` kept current.

Regenerate after an intended change:
    pytest tests/golden/test_exports_golden.py --force-regen
    SOURCE_DATE_EPOCH=1795305600 kettools export sources/
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_regressions.file_regression import FileRegressionFixture

from kettools.cli.main import cli
from kettools.export import exporter
from tests.conftest import ROOT
from tests.unit._export_inputs import ACCURATE, FLAWED, export_input

FORMATS = {"jsonld": ".jsonld", "fhir": ".fhir.json"}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden(name: str, file_regression: FileRegressionFixture) -> None:
    """The accurate example article, byte for byte. (The flawed one is covered by unit tests:
    its findings change whenever a rule is added.)"""
    data = exporter(name).render(export_input(ACCURATE))
    file_regression.check(data.decode(), extension=FORMATS[name], basename=ACCURATE, newline="\n")


def test_committed_exports_are_current(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["export", str(ROOT / "sources"), "--to", "jsonld,fhir,html,pdf", "--out", str(tmp_path)],
    )
    assert result.exit_code == 1, result.output  # the flawed article is refused
    assert "ketamine-clinic-flawed.md: refused" in result.stderr
    assert not (tmp_path / FLAWED).exists()
    for filename in ("article.jsonld", "bundle.fhir.json", "leaflet.html"):
        fresh = (tmp_path / ACCURATE / filename).read_bytes()
        committed = ROOT / "exports" / ACCURATE / filename
        assert committed.exists(), f"{committed} is missing: run kettools export"
        assert committed.read_bytes() == fresh, (
            f"{committed.relative_to(ROOT)} is stale: run "
            "SOURCE_DATE_EPOCH=1795305600 kettools export sources/"
        )
    # A PDF's bytes may differ between weasyprint builds; its text and pages may not.
    import io

    import pypdf

    def pages(data: bytes) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]

    committed_pdf = (ROOT / "exports" / ACCURATE / "leaflet.pdf").read_bytes()
    assert pages(committed_pdf) == pages((tmp_path / ACCURATE / "leaflet.pdf").read_bytes()), (
        "exports/…/leaflet.pdf is stale: run SOURCE_DATE_EPOCH=1795305600 kettools export sources/"
    )
