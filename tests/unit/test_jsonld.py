"""JSON-LD export: structure, determinism, offline expansion, SHACL, verdicts, lazy imports."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from typing import Any

import pytest

from kettools.export import common, schemaorg
from kettools.export.jsonld import JsonLdExporter, build
from kettools.export.verdict import verdict_of
from kettools.models.finding import Finding, Severity
from tests.conftest import ROOT
from tests.unit._export_inputs import FLAWED, HOSTILE_DOI, export_input, with_doi

SHAPES = ROOT / "schemas" / "shapes" / "article.shacl.ttl"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a JSON-LD test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def doc(slug: str | None = None) -> dict[str, Any]:
    item = export_input(slug) if slug else export_input()
    data: dict[str, Any] = json.loads(JsonLdExporter().render(item))
    return data


def nodes(value: Any) -> list[dict[str, Any]]:
    out = []
    if isinstance(value, dict):
        out.append(value)
        for item in value.values():
            out.extend(nodes(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(nodes(item))
    return out


def test_render_is_deterministic_and_formatted() -> None:
    item = export_input()
    first, second = JsonLdExporter().render(item), JsonLdExporter().render(item)
    assert first == second
    data = json.loads(first)
    assert first.decode() == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_page_drug_and_references() -> None:
    page = doc()
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "MedicalWebPage"
    assert page["@id"] == "urn:kettools:esketamine-treatment-resistant-depression"
    assert page["lastReviewed"] == "2026-10-01"
    assert page["inLanguage"] == "en"
    assert page["audience"] == {"@type": "Patient"}  # schema:Patient is a MedicalAudience
    assert page["reviewedBy"][0]["name"] == "B. Reviewer"
    drug = next(n for n in page["about"] if n["@type"] == "Drug")
    assert drug["@id"].endswith("#drug")
    assert {(c["codingSystem"], c["codeValue"]) for c in drug["code"]} == {
        ("RxNorm", "2201623"),
        ("ATC", "N06AX27"),
    }
    assert any("Schedule III" in s["name"] for s in drug["legalStatus"])
    assert drug["warning"]
    therapy = next(n for n in page["about"] if n["@type"] == "MedicalTherapy")
    assert therapy["contraindication"] and therapy["adverseOutcome"]
    popova = next(r for r in page["citation"] if r["@id"].endswith("#ref-popova2019"))
    assert popova["@type"] == "ScholarlyArticle"
    assert {
        "@type": "PropertyValue",
        "propertyID": "DOI",
        "value": "10.1176/appi.ajp.2019.19020172",
    } in popova["identifier"]
    assert popova["sameAs"] == [
        "https://doi.org/10.1176/appi.ajp.2019.19020172",
        "https://pubmed.ncbi.nlm.nih.gov/31109201/",
    ]


def test_claims_carry_a_verdict() -> None:
    page = doc()
    claims = page["hasPart"]
    assert len(claims) == len(common.claims(export_input()))
    for position, claim in enumerate(claims, start=1):
        assert claim["@type"] == "Claim"
        assert claim["appearance"]["position"] == position
        rating = claim["review"]["reviewRating"]
        assert rating["alternateName"] == "supported"  # the accurate article has no findings
    assert page["creativeWorkStatus"].startswith("validated by kettools")


def test_flawed_article_says_it_was_not_validated() -> None:
    page = doc(FLAWED)
    assert "not validated" in page["creativeWorkStatus"]
    verdicts = {c["review"]["reviewRating"]["alternateName"] for c in page["hasPart"]}
    assert "unsupported" in verdicts
    review = next(
        c["review"]
        for c in page["hasPart"]
        if c["review"]["reviewRating"]["alternateName"] != "supported"
    )
    assert "not validated" in review["description"]
    assert all(k.startswith("KT") for k in review["keywords"])


def _finding(category: str, code: str) -> Finding:
    return Finding(
        code=code,
        name="x",
        category=category,
        severity=Severity.error,
        message="m",
        path="p",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        claim_id="c-0123456789",
    )


def test_verdict_rule() -> None:
    assert verdict_of([]).value == "supported"
    assert verdict_of([_finding("overstated", "KT202")]).value == "overstated"
    both = verdict_of([_finding("overstated", "KT202"), _finding("unsupported", "KT101")])
    assert (both.value, both.codes) == ("unsupported", ("KT101", "KT202"))
    other = verdict_of([_finding("missing-caveat", "KT401")])
    assert (other.value, other.codes) == ("supported", ("KT401",))


def test_context_defines_every_term_used() -> None:
    terms = schemaorg.context_terms()
    for page in (doc(), doc(FLAWED)):
        for node in nodes(page):
            assert {k for k in node if not k.startswith("@")} <= terms
            if "@type" in node and "@value" not in node:  # a typed literal names an IRI
                assert node["@type"] in terms


def test_expands_offline_and_keeps_every_property() -> None:
    page = doc()
    expanded = schemaorg.expand(page)
    text = json.dumps(expanded)
    assert "http://schema.org/MedicalWebPage" in text
    assert "https://schema.org/" not in text
    # nothing was dropped: every claim and reference survived expansion
    assert text.count('"http://schema.org/Review"') == len(page["hasPart"])


def test_foreign_context_is_refused_without_network() -> None:
    from pyld.jsonld import JsonLdError

    for url in (
        "https://example.org/context.jsonld",
        "https://schema.org.evil.example/",
        "file:///etc/passwd",
    ):
        with pytest.raises(JsonLdError):
            schemaorg.expand({"@context": url, "name": "x"})
    with pytest.raises(JsonLdError):
        schemaorg.offline_loader("http://example.org/")


def _shacl(data: dict[str, Any]) -> tuple[bool, str]:
    import pyshacl
    from rdflib import Graph

    graph = Graph().parse(data=schemaorg.to_nquads(data), format="nt")  # default graph only
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return bool(conforms), str(text)


def test_shacl_shapes_pass() -> None:
    conforms, text = _shacl(doc())
    assert conforms, text


def test_shacl_shapes_flag_the_flawed_articles_missing_review_date() -> None:
    conforms, text = _shacl(doc(FLAWED))  # exported with --allow-errors: no last_reviewed
    assert not conforms
    assert "Results (1)" in text and "lastReviewed" in text


@pytest.mark.parametrize("breakage", ["no-review-date", "uncoded-drug", "no-verdict"])
def test_shacl_shapes_catch_broken_documents(breakage: str) -> None:
    page = doc()
    if breakage == "no-review-date":
        del page["lastReviewed"]
    elif breakage == "uncoded-drug":
        next(n for n in page["about"] if n["@type"] == "Drug")["code"] = []
    else:
        del page["hasPart"][0]["review"]["reviewRating"]
    conforms, _ = _shacl(page)
    assert not conforms


def test_build_without_drug_or_references() -> None:
    item = export_input()
    fm = item.record.front_matter.model_copy(
        update={"intervention": None, "url": "https://ex.org/a#x"}
    )
    record = item.record.model_copy(update={"front_matter": fm, "cited_keys": []})
    from dataclasses import replace

    page = build(replace(item, record=record, bibliography=None))
    assert page["@id"] == "https://ex.org/a" and page["url"] == "https://ex.org/a#x"
    assert "citation" not in page
    assert all(n["@type"] != "Drug" for n in page["about"])
    assert page["hasPart"][0]["@id"].startswith("https://ex.org/a#claim-c-")


def test_check_never_imports_export_libraries() -> None:
    code = (
        "import sys, kettools.cli.main, kettools.export; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pyld', 'fhir', 'weasyprint', "
        "'rdflib', 'pyshacl')]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_stale_and_rejected_claims_are_left_out() -> None:
    from dataclasses import replace

    from kettools.models.claims import Review, ReviewStatus

    item = export_input()
    first, second, *rest = item.claims
    changed = [
        first.model_copy(update={"stale": True}),
        second.model_copy(update={"review": Review(status=ReviewStatus.rejected)}),
        *rest,
    ]
    page = build(replace(item, claims=changed))
    ids = {c["@id"].rsplit("#claim-", 1)[1] for c in page["hasPart"]}
    assert first.id not in ids and second.id not in ids and len(ids) == len(rest)


def test_hostile_doi_gives_an_encoded_same_as() -> None:
    page = build(with_doi(export_input(), "popova2019", HOSTILE_DOI))
    popova = next(r for r in page["citation"] if r["@id"].endswith("#ref-popova2019"))
    assert popova["sameAs"][0] == "https://doi.org/10.1176/a%20b%23c%3Fd%25e%3Cf%3E%22g%C3%BC"
    doi = {"@type": "PropertyValue", "propertyID": "DOI", "value": HOSTILE_DOI}
    assert doi in popova["identifier"]
    conforms, report = _shacl(page)
    assert conforms, report
