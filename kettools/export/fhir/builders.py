"""The resources of the FHIR document bundle, one builder per resource type: Practitioner,
Medication, Citation, Evidence, ClinicalUseDefinition (a caveat or an approved indication),
Device (kettools itself) and Provenance. Every resource has a generated narrative (dom-6); text
from an article or a catalog is escaped for the XHTML narrative and for `markdown` elements, so
no HTML from an article reaches a consumer. Each returns plain JSON data; `fhir.py` assembles
them into the Bundle and writes the Composition. See docs/exports.md.
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from kettools.export import ExportInput, common
from kettools.export.fhir.checks import (
    CERTAINTY_SYSTEM,
    PARTICIPANT_TYPE_SYSTEM,
    VARIABLE_ROLE_SYSTEM,
)
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


def machine_name(prefix: str, key: str) -> str:
    """A name for a canonical resource that satisfies cnl-0 (`^[A-Z]([A-Za-z0-9_]){1,254}$`):
    `<Prefix>_<key>`, other characters as `_`; when that changed the key, 8 hex digits of its
    SHA-256 keep two keys apart."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", key)
    if safe != key:
        safe += "_" + hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{prefix}_{safe}"[:255]


def concept(codes: list[Code], text: str) -> Json:
    result: Json = {"text": text}
    codings = [
        {
            "system": common.canonical_system(c.system),
            "code": c.code,
            **({"display": c.display} if c.display else {}),
        }
        for c in codes
    ]
    if codings:
        result["coding"] = codings
    return result


def practitioner(person: Person) -> Json:
    name: Json = {"text": person.name}
    if person.credentials:
        name["suffix"] = [person.credentials]
    label = ", ".join(p for p in (person.name, person.credentials, person.role) if p)
    resource: Json = {"resourceType": "Practitioner", "text": narrative(label), "name": [name]}
    if person.credentials:
        resource["qualification"] = [{"code": {"text": person.credentials}}]
    return resource


def medication(drug: Drug) -> Json:
    codes = "; ".join(f"{common.system_name(c.system)} {c.code}" for c in drug.codes)
    resource: Json = {
        "resourceType": "Medication",
        "text": narrative(drug.name + (f" ({', '.join(drug.forms)})" if drug.forms else ""), codes),
        "code": concept(drug.codes, drug.name),
    }
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
    summary = _summary(ref)
    resource: Json = {
        "resourceType": "Citation",
        "text": narrative(f"[{ref.id}]", summary),
        "status": "active",
        "name": machine_name("Ref", ref.id),
    }
    if ref.title:
        resource["title"] = ref.title
    if summary:
        resource["summary"] = [{"text": common.markdown_text(summary)}]
    if artifact:
        resource["citedArtifact"] = artifact
    return resource


def _summary(ref: Reference) -> str:
    parts = [
        ", ".join(common.author_names(ref)),
        ref.title or "",
        ref.container_title or "",
        common.year(ref) or "",
    ]
    return ". ".join(p for p in parts if p)


def evidence(
    item: ExportInput, claim: ClaimRecord, verdict: Verdict, citations: dict[str, str]
) -> Json:
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
            "rating": {
                "coding": [
                    {"system": CERTAINTY_SYSTEM, "code": code, "display": CERTAINTY_DISPLAY[code]}
                ]
            },
        }
    variables = []
    names = item.catalog.drugs
    if claim.subject.intervention:
        drug = names.get(claim.subject.intervention)
        variables.append(
            _variable(drug.name if drug else claim.subject.intervention, "exposure", "Exposure")
        )
    for cid in claim.subject.conditions:
        cond = item.catalog.conditions.get(cid)
        variables.append(_variable(cond.name if cond else cid, "population", "Population"))
    if not variables:
        variables.append(_variable("not stated", "exposure", "Exposure"))
    explanation = ", ".join(verdict.codes) if verdict.codes else "no findings"
    notes = [{"text": f"kettools verdict: {verdict.value} ({explanation})"}]
    if not item.validated:
        notes.append({"text": common.NOT_VALIDATED})
    text = common.claim_text(claim)
    resource: Json = {
        "resourceType": "Evidence",
        "text": narrative(text, *(n["text"] for n in notes)),
        "status": "active",
        "name": machine_name("Claim", claim.id),
        "description": common.markdown_text(text),
        "certainty": [certainty],
        "variableDefinition": variables,
        "note": notes,
    }
    related = [
        {
            "type": "citation",
            "label": key,
            "resourceReference": {"reference": citations[key], "display": key},
        }
        for key in dict.fromkeys(claim.citations)
        if key in citations
    ]
    if related:
        resource["relatedArtifact"] = related
    return resource


def _variable(description: str, code: str, display: str) -> Json:
    return {
        "description": common.markdown_text(description),
        "variableRole": {
            "coding": [{"system": VARIABLE_ROLE_SYSTEM, "code": code, "display": display}]
        },
    }


def caveat_use(caveat: Caveat, medication: str | None) -> Json:
    """A ClinicalUseDefinition for a catalog caveat; `medication` is the Medication's fullUrl."""
    coded = concept(caveat.codes, caveat.title)
    resource: Json = {
        "resourceType": "ClinicalUseDefinition",
        "type": caveat.type.value,
        "text": narrative(caveat.title + ".", caveat.text),
    }
    if caveat.type == CaveatType.contraindication:
        resource["contraindication"] = {"diseaseSymptomProcedure": {"concept": coded}}
    elif caveat.type == CaveatType.undesirable_effect:
        resource["undesirableEffect"] = {"symptomConditionEffect": {"concept": coded}}
    elif caveat.type == CaveatType.interaction:
        resource["interaction"] = {"effect": {"concept": coded}}
    else:
        resource["warning"] = {"description": common.markdown_text(caveat.text), "code": coded}
    if medication:
        resource["subject"] = [{"reference": medication}]
    return resource


def indication(
    reg: Regulation, condition_id: str, conditions: dict[str, Condition], medication: str | None
) -> Json:
    """A ClinicalUseDefinition of type indication: an approval (`reg`) for one condition, with
    the approval's comorbidities (the indication is the condition *with* them, not either
    alone)."""

    def coded(cid: str) -> Json:
        condition = conditions.get(cid)
        name = condition.name if condition else cid
        return {"concept": concept(condition.codes if condition else [], name)}

    main = coded(condition_id)
    others = [coded(cid) for cid in reg.comorbidities]
    use = main["concept"]["text"] + "".join(f" with {c['concept']['text']}" for c in others)
    when = f" on {reg.date.isoformat()}" if reg.date else ""
    body: Json = {"diseaseSymptomProcedure": main}
    if others:
        body["comorbidity"] = others
    resource: Json = {
        "resourceType": "ClinicalUseDefinition",
        "type": "indication",
        "text": narrative(
            f"Approved by {reg.authority} ({reg.jurisdiction}){when} for {use}.",
            reg.indication or "",
            reg.note or "",
        ),
        "indication": body,
    }
    if medication:
        resource["subject"] = [{"reference": medication}]
    return resource


def device(item: ExportInput) -> Json:
    """kettools itself, the software that checked and assembled the document."""
    label = f"kettools {item.tool_version}"
    return {
        "resourceType": "Device",
        "text": narrative(label + ": software that checks health articles and exports them."),
        "name": [{"value": "kettools", "type": "user-friendly-name"}],
        "version": [{"value": item.tool_version}],
    }


def provenance(item: ExportInput, target: str, recorded: str, who: str) -> Json:
    """The Provenance of the Composition at `target`: kettools (the Device at `who`) assembled it,
    and verified it unless exported with --allow-errors."""
    activity = (
        "checked and exported by kettools"
        if item.validated
        else f"exported by kettools: {common.NOT_VALIDATED}"
    )
    roles = [("assembler", "Assembler")]
    if item.validated:
        roles.append(("verifier", "Verifier"))
    agents = [
        {
            "type": {
                "coding": [{"system": PARTICIPANT_TYPE_SYSTEM, "code": code, "display": display}]
            },
            "who": {"reference": who, "display": f"kettools {item.tool_version}"},
        }
        for code, display in roles
    ]
    return {
        "resourceType": "Provenance",
        "text": narrative(f"{activity} ({recorded})."),
        "target": [{"reference": target}],
        "recorded": recorded,
        "activity": {"text": activity},
        "agent": agents,
    }
