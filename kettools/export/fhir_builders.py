"""The resources of the FHIR document bundle, one builder per resource type: Practitioner,
Medication, Citation, Evidence, ClinicalUseDefinition (a caveat or an approved indication) and
Provenance. Each returns plain JSON data; `fhir.py` assembles them into the Bundle and writes the
Composition. See docs/exports.md.
"""

from __future__ import annotations

import html
from typing import Any

from kettools.export import ExportInput, common
from kettools.export.fhir_checks import CERTAINTY_SYSTEM
from kettools.export.verdict import CERTAINTY, CERTAINTY_DISPLAY, Verdict
from kettools.models.catalog import Caveat, CaveatType, Code, Condition, Drug, Regulation
from kettools.models.claims import ClaimRecord
from kettools.models.frontmatter import Person
from kettools.models.reference import Reference

Json = dict[str, Any]
DOI_SYSTEM = "https://doi.org"
PMID_SYSTEM = "https://pubmed.ncbi.nlm.nih.gov"
XHTML = "http://www.w3.org/1999/xhtml"


def narrative(*paragraphs: str) -> Json:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body or "<p>None.</p>"}</div>'}


def concept(codes: list[Code], text: str) -> Json:
    result: Json = {"text": text}
    codings = [{"system": c.system, "code": c.code, **({"display": c.display} if c.display else {})}
               for c in codes]
    if codings:
        result["coding"] = codings
    return result


def practitioner(person: Person) -> Json:
    name: Json = {"text": person.name}
    if person.credentials:
        name["suffix"] = [person.credentials]
    resource: Json = {"resourceType": "Practitioner", "name": [name]}
    if person.credentials:
        resource["qualification"] = [{"code": {"text": person.credentials}}]
    return resource


def medication(drug: Drug) -> Json:
    resource: Json = {"resourceType": "Medication", "code": concept(drug.codes, drug.name)}
    if drug.forms:
        resource["doseForm"] = {"text": drug.forms[0]}
    return resource


def citation(ref: Reference) -> Json:
    artifact: Json = {}
    identifiers = []
    if ref.DOI:
        identifiers.append({"system": DOI_SYSTEM, "value": ref.DOI})
    if ref.PMID:
        identifiers.append({"system": PMID_SYSTEM, "value": str(ref.PMID)})
    if identifiers:
        artifact["identifier"] = identifiers
    if ref.title:
        artifact["title"] = [{"text": ref.title}]
    locations = [ref.URL] if ref.URL else []
    if ref.DOI:
        locations.append(common.doi_url(ref.DOI))
    if locations:
        artifact["webLocation"] = [{"url": u} for u in dict.fromkeys(locations)]
    resource: Json = {"resourceType": "Citation", "status": "active", "name": ref.id}
    if ref.title:
        resource["title"] = ref.title
    summary = _summary(ref)
    if summary:
        resource["summary"] = [{"text": summary}]
    if artifact:
        resource["citedArtifact"] = artifact
    return resource


def _summary(ref: Reference) -> str:
    parts = [", ".join(common.author_names(ref)), ref.title or "", ref.container_title or "",
             common.year(ref) or ""]
    return ". ".join(p for p in parts if p)


def evidence(item: ExportInput, claim: ClaimRecord, verdict: Verdict,
             citations: dict[str, str]) -> Json:
    """The Evidence resource of a claim; `citations` maps reference keys to Citation fullUrls."""
    level = common.evidence(claim)
    certainty: Json
    if level is None:
        certainty = {"description": "No evidence level: the claim cites no graded source."}
    else:
        code = CERTAINTY[level]
        certainty = {
            "description": f"Starting certainty for {level.value} evidence (study design "
                           "only; not a GRADE appraisal).",
            "rating": {"coding": [{"system": CERTAINTY_SYSTEM, "code": code,
                                   "display": CERTAINTY_DISPLAY[code]}]}}
    variables = []
    names = item.catalog.drugs
    if claim.subject.intervention:
        drug = names.get(claim.subject.intervention)
        variables.append({"description": drug.name if drug else claim.subject.intervention,
                          "variableRole": {"text": "exposure"}})
    for cid in claim.subject.conditions:
        cond = item.catalog.conditions.get(cid)
        variables.append({"description": cond.name if cond else cid,
                          "variableRole": {"text": "population"}})
    if not variables:
        variables.append({"description": "not stated",
                          "variableRole": {"text": "exposure"}})
    explanation = (", ".join(verdict.codes) if verdict.codes else "no findings")
    notes = [{"text": f"kettools verdict: {verdict.value} ({explanation})"}]
    if not item.validated:
        notes.append({"text": common.NOT_VALIDATED})
    resource: Json = {
        "resourceType": "Evidence", "status": "active", "name": claim.id,
        "description": claim.text, "certainty": [certainty],
        "variableDefinition": variables, "note": notes,
    }
    related = [{"type": "citation", "label": key,
                "resourceReference": {"reference": citations[key], "display": key}}
               for key in dict.fromkeys(claim.citations) if key in citations]
    if related:
        resource["relatedArtifact"] = related
    return resource


def caveat_use(caveat: Caveat, medication: str | None) -> Json:
    """A ClinicalUseDefinition for a catalog caveat; `medication` is the Medication's fullUrl."""
    coded = concept(caveat.codes, caveat.title)
    resource: Json = {"resourceType": "ClinicalUseDefinition", "type": caveat.type.value,
                      "text": narrative(caveat.title + ".", caveat.text)}
    if caveat.type == CaveatType.contraindication:
        resource["contraindication"] = {"diseaseSymptomProcedure": {"concept": coded}}
    elif caveat.type == CaveatType.undesirable_effect:
        resource["undesirableEffect"] = {"symptomConditionEffect": {"concept": coded}}
    elif caveat.type == CaveatType.interaction:
        resource["interaction"] = {"effect": {"concept": coded}}
    else:
        resource["warning"] = {"description": caveat.text, "code": coded}
    if medication:
        resource["subject"] = [{"reference": medication}]
    return resource


def indication(reg: Regulation, condition_id: str, condition: Condition | None,
               medication: str | None) -> Json:
    """A ClinicalUseDefinition of type indication: an approval (`reg`) for one condition."""
    name = condition.name if condition else condition_id
    when = f" on {reg.date.isoformat()}" if reg.date else ""
    resource: Json = {
        "resourceType": "ClinicalUseDefinition", "type": "indication",
        "text": narrative(f"Approved by {reg.authority} ({reg.jurisdiction}){when} "
                          f"for {name}.", reg.note or ""),
        "indication": {"diseaseSymptomProcedure": {
            "concept": concept(condition.codes if condition else [], name)}},
    }
    if medication:
        resource["subject"] = [{"reference": medication}]
    return resource


def provenance(item: ExportInput, target: str, recorded: str) -> Json:
    """The Provenance of the Composition at `target`: kettools, its version, whether it checked."""
    activity = ("checked and exported by kettools" if item.validated
                else f"exported by kettools: {common.NOT_VALIDATED}")
    return {
        "resourceType": "Provenance", "target": [{"reference": target}],
        "recorded": recorded, "activity": {"text": activity},
        "agent": [{"type": {"text": "validator and assembler"},
                   "who": {"display": f"kettools {item.tool_version}"}}],
    }
