"""FHIR R5 document bundle: structure, determinism, round trip, and kettools' own checks."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from kettools.export import ExportError, common, ids
from kettools.export.fhir import FhirExporter, build, validate
from kettools.export.verdict import CERTAINTY
from kettools.models.reference import Evidence
from tests.unit._export_inputs import FLAWED, HOSTILE_DOI, export_input, with_doi

Json = dict[str, Any]


def bundle(slug: str | None = None) -> Json:
    item = export_input(slug) if slug else export_input()
    data: Json = json.loads(FhirExporter().render(item))
    return data


def resources(data: Json, kind: str) -> list[Json]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_render_is_deterministic_and_formatted() -> None:
    item = export_input()
    first = FhirExporter().render(item)
    assert first == FhirExporter().render(item)
    assert first.decode() == json.dumps(json.loads(first), sort_keys=True, indent=2) + "\n"


def test_round_trip_through_fhir_resources() -> None:
    from fhir.resources.bundle import Bundle

    text = FhirExporter().render(export_input()).decode()
    model = Bundle.model_validate_json(text)
    again = json.loads(model.model_dump_json())
    assert json.dumps(again, sort_keys=True) == json.dumps(json.loads(text), sort_keys=True)


def test_document_structure() -> None:
    data = bundle()
    assert data["type"] == "document" and data["timestamp"] == "2026-11-22T00:00:00Z"
    assert data["identifier"]["value"].startswith("urn:uuid:")
    composition = data["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert composition["status"] == "final" and composition["date"] == "2026-10-01"
    assert [s["title"] for s in composition["section"]] == [
        "Summary",
        "Claims",
        "Safety",
        "References",
    ]
    urls = {e["fullUrl"] for e in data["entry"]}
    assert all(u.startswith("urn:uuid:") for u in urls)
    assert data["entry"][0]["fullUrl"] == ids.full_url(export_input().slug, "composition")
    medication = resources(data, "Medication")[0]
    assert {(c["system"], c["code"]) for c in medication["code"]["coding"]} == {
        ("http://www.nlm.nih.gov/research/umls/rxnorm", "2201623"),
        ("http://www.whocc.no/atc", "N06AX27"),
    }
    popova = next(c for c in resources(data, "Citation") if c["name"] == "Ref_popova2019")
    assert {"system": "https://doi.org", "value": "10.1176/appi.ajp.2019.19020172"} in popova[
        "citedArtifact"
    ]["identifier"]
    assert {"system": "https://pubmed.ncbi.nlm.nih.gov", "value": "31109201"} in popova[
        "citedArtifact"
    ]["identifier"]
    uses = resources(data, "ClinicalUseDefinition")
    assert {u["type"] for u in uses} == {
        "warning",
        "contraindication",
        "undesirable-effect",
        "indication",
    }
    provenance = resources(data, "Provenance")[0]
    assert provenance["agent"][0]["who"]["display"].startswith("kettools ")
    assert provenance["target"] == [{"reference": data["entry"][0]["fullUrl"]}]


def test_evidence_per_claim_with_certainty_and_citations() -> None:
    data = bundle()
    evidence = resources(data, "Evidence")
    claims = common.claims(export_input())
    assert len(evidence) == len(claims)
    citations = {e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Citation"}
    for resource in evidence:
        for artifact in resource.get("relatedArtifact", []):
            assert artifact["type"] == "citation"
            assert artifact["resourceReference"]["reference"] in citations
    rated = [e for e in evidence if "rating" in e["certainty"][0]]
    assert rated
    assert {e["certainty"][0]["rating"]["coding"][0]["code"] for e in rated} <= set(
        CERTAINTY.values()
    )


def test_certainty_mapping_covers_every_level() -> None:
    assert set(CERTAINTY) == set(Evidence)


def test_flawed_article_is_marked_preliminary() -> None:
    data = bundle(FLAWED)
    assert data["entry"][0]["resource"]["status"] == "preliminary"
    notes = [n["text"] for e in resources(data, "Evidence") for n in e["note"]]
    assert any("not validated" in n for n in notes)
    assert any("unsupported" in n for n in notes)


def _first(data: Json, kind: str) -> Json:
    return resources(data, kind)[0]


BREAKAGES: dict[str, tuple[Callable[[Json], None], str]] = {
    "bdl-9": (lambda b: b.pop("identifier"), "bdl-9"),
    "bdl-10": (lambda b: b.pop("timestamp"), "bdl-10"),
    "bdl-11": (lambda b: b["entry"].reverse(), "bdl-11"),
    "bdl-7": (lambda b: b["entry"][2].update(fullUrl=b["entry"][1]["fullUrl"]), "bdl-7"),
    "type": (lambda b: b.update(type="collection"), "Bundle.type"),
    "type-value-set": (lambda b: b.update(type="novel"), "Bundle.type"),
    "reference": (
        lambda b: _first(b, "Provenance")["target"][0].update(
            reference="urn:uuid:00000000-0000-0000-0000-000000000000"
        ),
        "reference",
    ),
    "composition-status": (
        lambda b: b["entry"][0]["resource"].update(status="done"),
        "Composition.status",
    ),
    "composition-type": (lambda b: b["entry"][0]["resource"].update(type={}), "Composition.type"),
    "use-type": (
        lambda b: _first(b, "ClinicalUseDefinition").update(type="caution"),
        "ClinicalUseDefinition.type",
    ),
    "use-subject": (
        lambda b: _first(b, "ClinicalUseDefinition")["subject"][0].update(
            reference=b["entry"][0]["fullUrl"]
        ),
        "ClinicalUseDefinition.subject",
    ),
    "coding": (lambda b: _first(b, "Medication")["code"]["coding"][0].pop("code"), "coding"),
    "certainty": (
        lambda b: next(e for e in resources(b, "Evidence") if "rating" in e["certainty"][0])[
            "certainty"
        ][0]["rating"]["coding"][0].update(code="great"),
        "value set",
    ),
    "evidence-status": (lambda b: _first(b, "Evidence").update(status="final"), "Evidence.status"),
    "provenance-target": (
        lambda b: _first(b, "Provenance").update(target=[{"reference": b["entry"][1]["fullUrl"]}]),
        "Provenance.target",
    ),
    "fhir-resources": (
        lambda b: b["entry"][0]["resource"].update(date="yesterday"),
        "FHIR validation",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_check_fails_on_a_broken_bundle(name: str) -> None:
    data = build(export_input())
    validate(copy.deepcopy(data))  # the unbroken bundle passes
    breakage, rule = BREAKAGES[name]
    breakage(data)
    with pytest.raises(ExportError) as info:
        validate(data)
    message = str(info.value)
    assert rule in message and "\n" not in message


def test_full_urls_are_stable_uuid5() -> None:
    assert ids.full_url("a", "composition") == ids.full_url("a", "composition")
    assert ids.full_url("a", "composition") != ids.full_url("b", "composition")
    assert ids.full_url("a", "x") == f"urn:uuid:{uuid.uuid5(ids.NAMESPACE, 'a/x')}"


def test_minimal_text_article_exports_with_allow_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No front matter, no bibliography, no drug: both exports are still made and valid."""
    from fhir.resources.bundle import Bundle

    from kettools.export import schemaorg

    (tmp_path / "sources").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    (tmp_path / "sources" / "note.txt").write_text(
        "Ketamine <b>helps</b> everyone & always works.\n\nIt is safe.\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "sources",
            "--to",
            "jsonld,fhir",
            "--allow-errors",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert "NOT VALIDATED" in result.output
    data = json.loads((tmp_path / "out" / "note" / "bundle.fhir.json").read_text())
    Bundle.model_validate(data)
    assert data["entry"][0]["resource"]["author"] == [{"display": "author not stated"}]
    page = json.loads((tmp_path / "out" / "note" / "article.jsonld").read_text())
    assert page["@id"] == "urn:kettools:note" and page["name"] == "note"
    assert schemaorg.expand(page)


def test_caveat_codes_become_codings() -> None:
    from dataclasses import replace

    from kettools.models.catalog import Code

    item = export_input()
    catalog = item.catalog.model_copy(deep=True)
    drug = catalog.drugs["esketamine"]
    caveat = next(c for c in drug.caveats if c.type.value == "contraindication")
    caveat.codes = [
        Code(
            system="http://snomed.info/sct",
            code="test-not-a-real-code",
            display="placeholder for the test",
        )
    ]
    data = build(replace(item, catalog=catalog))
    validate(data)
    use = next(
        r
        for r in resources(data, "ClinicalUseDefinition")
        if r["type"] == "contraindication"
        and r["contraindication"]["diseaseSymptomProcedure"]["concept"].get("coding")
    )
    concept = use["contraindication"]["diseaseSymptomProcedure"]["concept"]
    assert concept["coding"][0]["system"] == "http://snomed.info/sct"
    assert concept["text"] == caveat.title


def test_hostile_doi_gives_an_encoded_web_location_that_validates() -> None:
    data = build(with_doi(export_input(), "popova2019", HOSTILE_DOI))
    validate(data)
    popova = next(c for c in resources(data, "Citation") if c["name"] == "Ref_popova2019")
    identifiers = popova["citedArtifact"]["identifier"]
    assert {"system": "https://doi.org", "value": HOSTILE_DOI} in identifiers
    assert popova["citedArtifact"]["webLocation"] == [{"url": common.doi_url(HOSTILE_DOI)}]
    assert (
        common.doi_url(HOSTILE_DOI) == "https://doi.org/10.1176/a%20b%23c%3Fd%25e%3Cf%3E%22g%C3%BC"
    )
