"""schema.org JSON-LD: the article as a `MedicalWebPage` with its drug, therapy, references and
claims (each a `Claim` with a `Review` carrying kettools' verdict; not a `ClaimReview`: see
docs/exports.md, "Claims and verdicts").

The document uses `"@context": "https://schema.org"`; `kettools.export.schemaorg` resolves that
offline to the shipped context, which defines every term written here.
"""

from __future__ import annotations

import json
from typing import Any

from kettools.export import Exporter, ExportInput, Output, common, ids, jsonout
from kettools.export.verdict import NO_FINDINGS, verdicts
from kettools.models.catalog import Caveat, CaveatType, Code, Condition, Drug
from kettools.models.frontmatter import Audience, Person
from kettools.models.reference import Reference

AUDIENCE = {
    Audience.patients: {"@type": "Patient"},
    Audience.clinicians: {"@type": "MedicalAudience", "audienceType": "Clinician"},
    Audience.general: {"@type": "PeopleAudience", "audienceType": "general public"},
}
SCHOLARLY_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "paper-conference",
        "chapter",
        "review",
        "review-book",
        "thesis",
    }
)

Node = dict[str, Any]


def _codes(codes: list[Code]) -> list[Node]:
    return [
        {"@type": "MedicalCode", "codeValue": c.code, "codingSystem": common.system_name(c.system)}
        for c in codes
    ]


def _person(p: Person) -> Node:
    node: Node = {"@type": "Person", "name": p.name}
    if p.credentials:
        node["honorificSuffix"] = p.credentials
    if p.role:
        node["jobTitle"] = p.role
    return node


def _legal_status(drug: Drug, item: ExportInput) -> list[Node]:
    out: list[Node] = []
    for where, schedule in sorted(drug.schedules.items()):
        out.append(
            {
                "@type": "DrugLegalStatus",
                "name": f"{schedule} controlled substance",
                "applicableLocation": {"@type": "AdministrativeArea", "name": where},
            }
        )
    for reg in drug.regulation:
        uses = reg.use(item.catalog.conditions) or "any use"
        forms = f" ({', '.join(reg.forms)})" if reg.forms else ""
        node: Node = {
            "@type": "DrugLegalStatus",
            "name": f"{reg.status.value} by {reg.authority}: {uses}{forms}",
            "applicableLocation": {"@type": "AdministrativeArea", "name": reg.jurisdiction},
        }
        notes = [f"Date: {reg.date.isoformat()}." if reg.date else "", reg.note or ""]
        if any(notes):
            node["description"] = " ".join(n for n in notes if n)
        out.append(node)
    return out


def _caveat(caveat: Caveat, node_type: str) -> Node:
    node: Node = {"@type": node_type, "name": caveat.title, "description": caveat.text}
    if caveat.codes:
        node["code"] = _codes(caveat.codes)
    return node


def _drug(drug: Drug, item: ExportInput, iri: str) -> Node:
    node: Node = {
        "@id": iri,
        "@type": "Drug",
        "name": drug.name,
        "nonProprietaryName": drug.name,
        "code": _codes(drug.codes),
        "legalStatus": _legal_status(drug, item),
        "warning": [
            c.text for c in drug.caveats if c.type in (CaveatType.warning, CaveatType.interaction)
        ],
    }
    if drug.synonyms:
        node["alternateName"] = list(drug.synonyms)
    if drug.drug_class:
        node["drugClass"] = {"@type": "DrugClass", "name": drug.drug_class}
    if drug.forms:
        node["dosageForm"] = list(drug.forms)
    return node


def _therapy(drug: Drug, drug_iri: str, iri: str) -> Node:
    return {
        "@id": iri,
        "@type": "MedicalTherapy",
        "name": f"{drug.name} treatment",
        "drug": {"@id": drug_iri},
        "contraindication": [
            _caveat(c, "MedicalContraindication")
            for c in drug.caveats
            if c.type == CaveatType.contraindication
        ],
        "adverseOutcome": [
            _caveat(c, "MedicalEntity")
            for c in drug.caveats
            if c.type == CaveatType.undesirable_effect
        ],
    }


def _condition(condition: Condition, iri: str, therapy_iri: str | None) -> Node:
    node: Node = {"@id": iri, "@type": "MedicalCondition", "name": condition.name}
    if condition.codes:
        node["code"] = _codes(condition.codes)
    if condition.synonyms:
        node["alternateName"] = list(condition.synonyms)
    if therapy_iri:
        node["possibleTreatment"] = {"@id": therapy_iri}
    return node


def _reference(ref: Reference, iri: str) -> Node:
    node: Node = {
        "@id": iri,
        "@type": "ScholarlyArticle" if ref.type in SCHOLARLY_TYPES else "CreativeWork",
    }
    if ref.title:
        node["name"] = ref.title
    authors = common.author_names(ref)
    if authors:
        node["author"] = [{"@type": "Person", "name": n} for n in authors]
    if ref.container_title:
        node["isPartOf"] = {"@type": "Periodical", "name": ref.container_title}
    published = common.issued(ref)
    if published:
        node["datePublished"] = _date(published)
    identifiers: list[Node] = []
    same_as: list[str] = []
    if ref.DOI:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": ref.DOI})
        same_as.append(common.doi_url(ref.DOI))
    if ref.PMID:
        pmid = str(ref.PMID)
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": pmid})
        same_as.append(common.pubmed_url(pmid))
    if identifiers:
        node["identifier"] = identifiers
    if same_as:
        node["sameAs"] = same_as
    if ref.URL:
        node["url"] = ref.URL
    return node


XSD = "http://www.w3.org/2001/XMLSchema#"


def _date(value: str) -> str | Node:
    """A full date as the context types it (schema:Date); a year or a year and month as an
    xsd:gYear / xsd:gYearMonth literal, which is what it is (not a day)."""
    if len(value) == 10:
        return value
    return {"@value": value, "@type": XSD + ("gYear" if len(value) == 4 else "gYearMonth")}


# In an HTML <script> element only "</script", "<!--" and "<script" are special; escaping every
# "<", ">" and "&" (and the JavaScript line separators) as \uXXXX keeps the JSON the same
# value and leaves no markup in the element.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(document: Node) -> str:
    """The document as JSON for an HTML `<script type="application/ld+json">` block: a hostile
    title cannot close the element or open a comment."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


class JsonLdExporter(Exporter):
    name = "jsonld"
    filename = "article.jsonld"

    def export(self, item: ExportInput) -> Output:
        doc = build(item)
        return Output(jsonout.dumps(doc, ensure_ascii=False).encode())


def build(item: ExportInput) -> Node:
    """The JSON-LD document as a plain dict."""
    fm = item.record.front_matter
    url = fm.url

    def iri(fragment: str = "") -> str:
        return ids.iri(item.slug, url, fragment)

    page: Node = {
        "@context": "https://schema.org",
        "@id": iri(),
        "@type": "MedicalWebPage",
        "name": fm.title or item.slug,
    }
    if url:
        page["url"] = url
    if fm.language:
        page["inLanguage"] = fm.language
    if fm.audience:
        page["audience"] = AUDIENCE[fm.audience]
    if fm.authors:
        page["author"] = [_person(p) for p in fm.authors]
    if fm.reviewed_by:
        page["reviewedBy"] = [_person(p) for p in fm.reviewed_by]
    if fm.last_reviewed:
        page["lastReviewed"] = fm.last_reviewed.isoformat()
    if fm.published:
        page["datePublished"] = fm.published.isoformat()
    if fm.summary:
        page["description"] = fm.summary
    page["creativeWorkStatus"] = (
        f"validated by kettools {item.tool_version}" if item.validated else common.NOT_VALIDATED
    )

    about: list[Node] = []
    drug = common.drug(item)
    therapy_iri = None
    if drug is not None:
        about.append(_drug(drug, item, iri("drug")))
        therapy_iri = iri("therapy")
        about.append(_therapy(drug, iri("drug"), therapy_iri))
    about.extend(
        _condition(c, iri(f"condition-{c.id}"), therapy_iri) for c in common.conditions(item)
    )
    if about:
        page["about"] = about

    refs = common.references(item)
    if refs:
        page["citation"] = [_reference(r, iri(f"ref-{r.id}")) for r in refs]
    known_refs = {r.id for r in refs}

    by_claim = verdicts(item.findings)
    parts: list[Node] = []
    for position, claim in enumerate(common.claims(item), start=1):
        verdict = by_claim.get(claim.id, NO_FINDINGS)
        node = _claim(item, claim.id, common.claim_text(claim), position, iri)
        node["review"] = _review(item, verdict, iri(f"review-{claim.id}"), node["@id"])
        cited = [k for k in claim.citations if k in known_refs]
        if cited:
            node["citation"] = [{"@id": iri(f"ref-{k}")} for k in cited]
        parts.append(node)
    if parts:
        page["hasPart"] = parts
    return page


def _claim(item: ExportInput, claim_id: str, text: str, position: int, iri: Any) -> Node:
    """A claim the page makes: its text (citation markers removed), where it appears, who made
    it and when."""
    fm = item.record.front_matter
    appearance: Node = {"@type": "WebPageElement", "isPartOf": {"@id": iri()}, "position": position}
    if fm.url:
        appearance["url"] = fm.url
    node: Node = {
        "@id": iri(f"claim-{claim_id}"),
        "@type": "Claim",
        "text": text,
        "appearance": appearance,
    }
    if fm.authors:
        node["author"] = [_person(p) for p in fm.authors]
    if fm.published:
        node["datePublished"] = fm.published.isoformat()
    return node


def _review(item: ExportInput, verdict: Any, review_iri: str, claim_iri: str) -> Node:
    """kettools' verdict on a claim: a `Review` by kettools, dated the run date."""
    explanation = (
        "rules with findings: " + ", ".join(verdict.codes)
        if verdict.codes
        else "no findings from kettools rules"
    )
    review: Node = {
        "@id": review_iri,
        "@type": "Review",
        "name": f"kettools verdict: {verdict.value}",
        "itemReviewed": {"@id": claim_iri},
        "author": {"@type": "Organization", "name": "kettools"},
        "datePublished": item.today.isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating,
            "bestRating": 3,
            "worstRating": 1,
            "name": verdict.value,
            "alternateName": verdict.value,
            "ratingExplanation": explanation,
        },
    }
    if verdict.codes:
        review["keywords"] = list(verdict.codes)
    if not item.validated:
        review["description"] = common.NOT_VALIDATED
    return review
