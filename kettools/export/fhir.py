"""FHIR R5 document bundle: Composition first, then the people, the medication, a Citation per
reference, an Evidence per claim, a ClinicalUseDefinition per caveat and approved indication, and
a Provenance naming kettools. Validated with fhir.resources and `fhir_checks`. See docs/exports.md.
"""

from __future__ import annotations

import functools
import html
import json
from collections import Counter
from typing import Any

from kettools.export import Exporter, ExportError, ExportInput, Output, common, ids, jsonout
from kettools.export.fhir_checks import ATTESTATION_SYSTEM, CERTAINTY_SYSTEM, check_bundle
from kettools.export.verdict import CERTAINTY, CERTAINTY_DISPLAY, NO_FINDINGS, verdicts
from kettools.models.catalog import Caveat, CaveatType, Code, Drug, Status
from kettools.models.frontmatter import Audience, Person
from kettools.models.reference import Reference

Json = dict[str, Any]
DOI_SYSTEM = "https://doi.org"
PMID_SYSTEM = "https://pubmed.ncbi.nlm.nih.gov"
XHTML = "http://www.w3.org/1999/xhtml"


@functools.cache
def _model(resource_type: str) -> Any:
    """A fhir.resources class, imported once and only when a FHIR export is made."""
    import importlib

    module = importlib.import_module(f"fhir.resources.{resource_type.lower()}")
    return getattr(module, resource_type)


_VALIDATED: dict[str, None] = {}  # compact JSON of resources that passed, oldest first
_VALIDATED_MAX = 4096


def _validate_resource(resource: Json) -> None:
    """Validate one resource; resources shared by many articles (catalog caveats, a shared
    bibliography) are validated once per run."""
    key = json.dumps(resource, sort_keys=True)
    if key in _VALIDATED:
        return
    _model(resource["resourceType"]).model_validate(resource)
    _VALIDATED[key] = None
    if len(_VALIDATED) > _VALIDATED_MAX:
        del _VALIDATED[next(iter(_VALIDATED))]


def _narrative(*paragraphs: str) -> Json:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body or "<p>None.</p>"}</div>'}


def _concept(codes: list[Code], text: str) -> Json:
    concept: Json = {"text": text}
    codings = [{"system": c.system, "code": c.code, **({"display": c.display} if c.display else {})}
               for c in codes]
    if codings:
        concept["coding"] = codings
    return concept


def _practitioner(person: Person) -> Json:
    name: Json = {"text": person.name}
    if person.credentials:
        name["suffix"] = [person.credentials]
    resource: Json = {"resourceType": "Practitioner", "name": [name]}
    if person.credentials:
        resource["qualification"] = [{"code": {"text": person.credentials}}]
    return resource


def _citation(ref: Reference) -> Json:
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


def _caveat_use(caveat: Caveat, medication: str | None) -> Json:
    concept = _concept(caveat.codes, caveat.title)
    resource: Json = {"resourceType": "ClinicalUseDefinition", "type": caveat.type.value,
                      "text": _narrative(caveat.title + ".", caveat.text)}
    if caveat.type == CaveatType.contraindication:
        resource["contraindication"] = {"diseaseSymptomProcedure": {"concept": concept}}
    elif caveat.type == CaveatType.undesirable_effect:
        resource["undesirableEffect"] = {"symptomConditionEffect": {"concept": concept}}
    elif caveat.type == CaveatType.interaction:
        resource["interaction"] = {"effect": {"concept": concept}}
    else:
        resource["warning"] = {"description": caveat.text, "code": concept}
    if medication:
        resource["subject"] = [{"reference": medication}]
    return resource


class _Builder:
    def __init__(self, item: ExportInput) -> None:
        self.item = item
        self.entries: list[Json] = []

    def url(self, key: str) -> str:
        return ids.full_url(self.item.slug, key)

    def add(self, key: str, resource: Json) -> str:
        url = self.url(key)
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def build(self) -> Json:
        item, fm = self.item, self.item.record.front_matter
        instant = f"{item.today.isoformat()}T00:00:00Z"
        composition_url = self.url("composition")
        self.entries.append({"fullUrl": composition_url, "resource": {}})  # filled in below

        people: dict[str, str] = {}
        for person in [*fm.authors, *fm.reviewed_by]:
            if person.name not in people:
                people[person.name] = self.add(f"practitioner/{person.name}", _practitioner(person))

        drug = common.drug(item)
        medication = self.add("medication", self._medication(drug)) if drug else None

        citations = {ref.id: self.add(f"citation/{ref.id}", _citation(ref))
                     for ref in common.references(item)}
        evidence = self._evidence(citations)
        uses = self._uses(drug, medication)

        composition = self._composition(people, medication, evidence, uses, citations)
        self.entries[0]["resource"] = composition
        activity = ("checked and exported by kettools" if item.validated
                    else f"exported by kettools: {common.NOT_VALIDATED}")
        self.add("provenance", {
            "resourceType": "Provenance", "target": [{"reference": composition_url}],
            "recorded": instant, "activity": {"text": activity},
            "agent": [{"type": {"text": "validator and assembler"},
                       "who": {"display": f"kettools {item.tool_version}"}}],
        })
        return {"resourceType": "Bundle", "type": "document", "timestamp": instant,
                "identifier": {"system": "urn:ietf:rfc:3986", "value": self.url("bundle")},
                "entry": self.entries}

    def _medication(self, drug: Drug) -> Json:
        resource: Json = {"resourceType": "Medication", "code": _concept(drug.codes, drug.name)}
        if drug.forms:
            resource["doseForm"] = {"text": drug.forms[0]}
        return resource

    def _evidence(self, citations: dict[str, str]) -> dict[str, str]:
        item = self.item
        by_claim = verdicts(item.findings)
        out: dict[str, str] = {}
        self.verdict_counts: Counter[str] = Counter()
        for claim in common.claims(item):
            verdict = by_claim.get(claim.id, NO_FINDINGS)
            self.verdict_counts[verdict.value] += 1
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
            out[claim.id] = self.add(f"evidence/{claim.id}", resource)
        return out

    def _uses(self, drug: Drug | None, medication: str | None) -> list[str]:
        if drug is None:
            return []
        out = [self.add(f"clinical-use/{c.id}", _caveat_use(c, medication)) for c in drug.caveats]
        conditions = self.item.catalog.conditions
        for index, reg in enumerate(drug.regulation):
            if reg.status != Status.approved:
                continue
            for cid in reg.conditions:
                cond = conditions.get(cid)
                name = cond.name if cond else cid
                when = f" on {reg.date.isoformat()}" if reg.date else ""
                resource: Json = {
                    "resourceType": "ClinicalUseDefinition", "type": "indication",
                    "text": _narrative(f"Approved by {reg.authority} ({reg.jurisdiction}){when} "
                                       f"for {name}.", reg.note or ""),
                    "indication": {"diseaseSymptomProcedure": {
                        "concept": _concept(cond.codes if cond else [], name)}},
                }
                if medication:
                    resource["subject"] = [{"reference": medication}]
                out.append(self.add(f"indication/{index}/{cid}", resource))
        return out

    def _composition(self, people: dict[str, str], medication: str | None,
                     evidence: dict[str, str], uses: list[str],
                     citations: dict[str, str]) -> Json:
        item, fm = self.item, self.item.record.front_matter
        counts = self.verdict_counts
        verdict_line = (f"kettools verdicts on {sum(counts.values())} claims: "
                        f"{counts['supported']} supported, {counts['overstated']} overstated, "
                        f"{counts['unsupported']} unsupported.")
        status_line = ("" if item.validated else f"Not validated: {common.NOT_VALIDATED}.")
        date = fm.last_reviewed or fm.published or item.today

        def refs(urls: list[str]) -> list[Json]:
            return [{"reference": u} for u in urls]

        def section(title: str, urls: list[str], *text: str) -> Json:
            node: Json = {"title": title, "text": _narrative(*text)}
            if urls:
                node["entry"] = refs(urls)
            return node

        authors = [{"reference": people[p.name], "display": p.name} for p in fm.authors]
        composition: Json = {
            "resourceType": "Composition",
            "status": "final" if item.validated else "preliminary",
            "type": {"text": "Patient information leaflet" if fm.audience == Audience.patients
                     else "Health information article"},
            "title": fm.title or item.slug,
            "date": date.isoformat(),
            "identifier": [{"system": "urn:ietf:rfc:3986",
                            "value": ids.base_iri(item.slug, fm.url)}],
            "author": authors or [{"display": "author not stated"}],
            "section": [
                section("Summary", [medication] if medication else [], fm.summary or "",
                        verdict_line, status_line),
                section("Claims", list(evidence.values()),
                        f"{len(evidence)} claims, each an Evidence resource."),
                section("Safety", uses, f"{len(uses)} clinical-use statements."),
                section("References", list(citations.values()),
                        f"{len(citations)} references."),
            ],
        }
        if fm.language:
            composition["language"] = fm.language
        if fm.url:
            composition["url"] = fm.url
        if medication:
            composition["subject"] = [{"reference": medication}]
        attesters = [{"mode": {"coding": [{"system": ATTESTATION_SYSTEM, "code": "professional",
                                           "display": "Professional"}]},
                      "party": {"reference": people[p.name], "display": p.name},
                      **({"time": fm.last_reviewed.isoformat()} if fm.last_reviewed else {})}
                     for p in fm.reviewed_by]
        if attesters:
            composition["attester"] = attesters
        return composition


def build(item: ExportInput) -> Json:
    """The bundle as plain JSON data (not yet checked)."""
    return _Builder(item).build()


def validate(bundle: Json) -> None:
    """kettools' own checks, then fhir.resources; ExportError (one line) on the first failure.

    fhir.resources validates the Bundle envelope (entries without their resources) and then each
    resource with its own class: the same checks as validating the whole Bundle at once.
    """
    check_bundle(bundle)
    from pydantic import ValidationError

    envelope = {**bundle, "entry": [{k: v for k, v in e.items() if k != "resource"}
                                    for e in bundle["entry"]]}
    where = "Bundle"
    try:
        _model("Bundle").model_validate(envelope)
        for index, entry in enumerate(bundle["entry"]):
            where = f"entry[{index}] {entry['resource'].get('resourceType')}"
            _validate_resource(entry["resource"])
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = ".".join(str(p) for p in error["loc"])
        raise ExportError(f"FHIR validation: {where}: {loc}: {error['msg']}".replace("\n", " "))\
            from None


class FhirExporter(Exporter):
    name = "fhir"
    filename = "bundle.fhir.json"

    def export(self, item: ExportInput) -> Output:
        bundle = build(item)
        validate(bundle)
        return Output(jsonout.dumps(bundle).encode())
