"""FHIR R5 document bundle: Composition first, then the people, the medication, a Citation per
reference, an Evidence per claim, a ClinicalUseDefinition per caveat and approved indication, a
Device (kettools) and a Provenance whose agent is that Device. This module assembles the Bundle
and writes the Composition; the other resources come from `fhir_builders`. Validated with
fhir.resources and `fhir_checks`. See docs/exports.md.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from typing import Any

from kettools.export import Exporter, ExportError, ExportInput, Output, common, ids, jsonout
from kettools.export.fhir import builders as fhir_builders
from kettools.export.fhir.builders import Json
from kettools.export.fhir.checks import ATTESTATION_SYSTEM, check_bundle
from kettools.export.verdict import NO_FINDINGS, verdicts
from kettools.models.catalog import Drug, Status
from kettools.models.frontmatter import Audience


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
                people[person.name] = self.add(
                    f"practitioner/{person.name}", fhir_builders.practitioner(person)
                )

        drug = common.drug(item)
        medication = self.add("medication", fhir_builders.medication(drug)) if drug else None

        citations = {
            ref.id: self.add(f"citation/{ref.id}", fhir_builders.citation(ref))
            for ref in common.references(item)
        }
        evidence = self._evidence(citations)
        uses = self._uses(drug, medication)

        self.entries[0]["resource"] = self._composition(
            people, medication, evidence, uses, citations
        )
        kettools = self.add("device/kettools", fhir_builders.device(item))
        self.add("provenance", fhir_builders.provenance(item, composition_url, instant, kettools))
        return {
            "resourceType": "Bundle",
            "type": "document",
            "timestamp": instant,
            "identifier": {"system": "urn:ietf:rfc:3986", "value": self.url("bundle")},
            "entry": self.entries,
        }

    def _evidence(self, citations: dict[str, str]) -> dict[str, str]:
        """An Evidence per current claim; counts the verdicts for the Summary section."""
        by_claim = verdicts(self.item.findings)
        out: dict[str, str] = {}
        self.verdict_counts: Counter[str] = Counter()
        for claim in common.claims(self.item):
            verdict = by_claim.get(claim.id, NO_FINDINGS)
            self.verdict_counts[verdict.value] += 1
            out[claim.id] = self.add(
                f"evidence/{claim.id}", fhir_builders.evidence(self.item, claim, verdict, citations)
            )
        return out

    def _uses(self, drug: Drug | None, medication: str | None) -> list[str]:
        """A ClinicalUseDefinition per caveat of the drug and per approved indication."""
        if drug is None:
            return []
        out = [
            self.add(f"clinical-use/{c.id}", fhir_builders.caveat_use(c, medication))
            for c in drug.caveats
        ]
        conditions = self.item.catalog.conditions
        for index, reg in enumerate(drug.regulation):
            if reg.status != Status.approved:
                continue
            for cid in reg.conditions:
                resource = fhir_builders.indication(reg, cid, conditions, medication)
                out.append(self.add(f"indication/{index}/{cid}", resource))
        return out

    def _composition(
        self,
        people: dict[str, str],
        medication: str | None,
        evidence: dict[str, str],
        uses: list[str],
        citations: dict[str, str],
    ) -> Json:
        item, fm = self.item, self.item.record.front_matter
        counts = self.verdict_counts
        verdict_line = (
            f"kettools verdicts on {sum(counts.values())} claims: "
            f"{counts['supported']} supported, {counts['overstated']} overstated, "
            f"{counts['unsupported']} unsupported."
        )
        status_line = "" if item.validated else f"Not validated: {common.NOT_VALIDATED}."
        date = fm.last_reviewed or fm.published or item.today

        def refs(urls: list[str]) -> list[Json]:
            return [{"reference": u} for u in urls]

        def section(title: str, urls: list[str], *text: str) -> Json:
            node: Json = {"title": title, "text": fhir_builders.narrative(*text)}
            if urls:
                node["entry"] = refs(urls)
            return node

        authors = [{"reference": people[p.name], "display": p.name} for p in fm.authors]
        title = fm.title or item.slug
        composition: Json = {
            "resourceType": "Composition",
            "text": fhir_builders.narrative(title, fm.summary or "", verdict_line, status_line),
            "status": "final" if item.validated else "preliminary",
            "type": {
                "text": "Patient information leaflet"
                if fm.audience == Audience.patients
                else "Health information article"
            },
            "title": title,
            "date": date.isoformat(),
            "identifier": [
                {"system": "urn:ietf:rfc:3986", "value": ids.base_iri(item.slug, fm.url)}
            ],
            "author": authors or [{"display": "author not stated"}],
            "section": [
                section(
                    "Summary",
                    [medication] if medication else [],
                    fm.summary or "",
                    verdict_line,
                    status_line,
                ),
                section(
                    "Claims",
                    list(evidence.values()),
                    f"{len(evidence)} claims, each an Evidence resource.",
                ),
                section("Safety", uses, f"{len(uses)} clinical-use statements."),
                section("References", list(citations.values()), f"{len(citations)} references."),
            ],
        }
        if fm.language:
            composition["language"] = fm.language
        if fm.url:
            composition["url"] = fm.url
        if medication:
            composition["subject"] = [{"reference": medication}]
        attesters = [
            {
                "mode": {
                    "coding": [
                        {
                            "system": ATTESTATION_SYSTEM,
                            "code": "professional",
                            "display": "Professional",
                        }
                    ]
                },
                "party": {"reference": people[p.name], "display": p.name},
                **({"time": fm.last_reviewed.isoformat()} if fm.last_reviewed else {}),
            }
            for p in fm.reviewed_by
        ]
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

    envelope = {
        **bundle,
        "entry": [{k: v for k, v in e.items() if k != "resource"} for e in bundle["entry"]],
    }
    where = "Bundle"
    try:
        _model("Bundle").model_validate(envelope)
        for index, entry in enumerate(bundle["entry"]):
            where = f"entry[{index}] {entry['resource'].get('resourceType')}"
            _validate_resource(entry["resource"])
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = ".".join(str(p) for p in error["loc"])
        raise ExportError(
            f"FHIR validation: {where}: {loc}: {error['msg']}".replace("\n", " ")
        ) from None


class FhirExporter(Exporter):
    name = "fhir"
    filename = "bundle.fhir.json"

    def export(self, item: ExportInput) -> Output:
        bundle = build(item)
        validate(bundle)
        return Output(jsonout.dumps(bundle).encode())
