"""What kettools enforces on a FHIR document bundle beyond what fhir.resources validates.

fhir.resources checks structure and datatypes; it does not check Bundle invariants, that
references resolve, or the value sets of coded elements. Each failure raises `ExportError` with
one line naming the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kettools.export import ExportError

# Value sets (required bindings) of the codes kettools writes.
BUNDLE_TYPES = frozenset(
    {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
        "subscription-notification",
    }
)
COMPOSITION_STATUS = frozenset(
    {
        "registered",
        "partial",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "appended",
        "cancelled",
        "entered-in-error",
        "deprecated",
        "unknown",
    }
)
PUBLICATION_STATUS = frozenset({"draft", "active", "retired", "unknown"})
CLINICAL_USE_TYPES = frozenset(
    {"indication", "contraindication", "interaction", "undesirable-effect", "warning"}
)
# hl7.fhir.r5.core 5.0.0: CodeSystem-certainty-rating.json (bound by ValueSet certainty-rating).
CERTAINTY_SYSTEM = "http://hl7.org/fhir/certainty-rating"
# hl7.terminology.r5: CodeSystem-variable-role.json (ValueSet variable-role, extensible).
VARIABLE_ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/variable-role"
VARIABLE_ROLES = frozenset(
    {
        "population",
        "subpopulation",
        "exposure",
        "referenceExposure",
        "measuredVariable",
        "confounder",
        "measuredVariableA",
        "measuredVariableB",
        "measuredVariableAB",
    }
)
# hl7.terminology.r5: CodeSystem-provenance-participant-type.json.
PARTICIPANT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
CERTAINTY_RATINGS = frozenset({"high", "moderate", "low", "very-low"})
ATTESTATION_SYSTEM = "http://hl7.org/fhir/composition-attestation-mode"
ATTESTATION_MODES = frozenset({"personal", "professional", "legal", "official"})
CLINICAL_USE_SUBJECTS = frozenset(
    {
        "MedicinalProductDefinition",
        "Medication",
        "ActivityDefinition",
        "PlanDefinition",
        "Device",
        "DeviceDefinition",
        "Substance",
        "NutritionProduct",
        "BiologicallyDerivedProduct",
    }
)

Json = dict[str, Any]


def fail(rule: str, message: str) -> None:
    raise ExportError(f"FHIR {rule}: {message}")


def _walk(value: Any, path: str) -> Iterator[tuple[str, Json]]:
    """Every object inside `value`, with a dotted path."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def check_bundle(bundle: Json) -> None:
    """Raise ExportError on the first violation."""
    if bundle.get("resourceType") != "Bundle":
        fail("resourceType", "the document is not a Bundle")
    if bundle.get("type") not in BUNDLE_TYPES:
        fail("Bundle.type", f"{bundle.get('type')!r} is not in the bundle-type value set")
    if bundle.get("type") != "document":
        fail("Bundle.type", f"expected 'document', got {bundle.get('type')!r}")
    identifier = bundle.get("identifier") or {}
    if not (identifier.get("system") and identifier.get("value")):
        fail("bdl-9", "a document bundle needs an identifier with a system and a value")
    if not bundle.get("timestamp"):
        fail("bdl-10", "a document bundle needs a timestamp")
    entries: list[Json] = bundle.get("entry") or []
    if not entries or (entries[0].get("resource") or {}).get("resourceType") != "Composition":
        first = (entries[0].get("resource") or {}).get("resourceType") if entries else "nothing"
        fail("bdl-11", f"the first entry of a document must be a Composition, got {first}")
    types: dict[str, str] = {}
    for index, entry in enumerate(entries):
        url, resource = entry.get("fullUrl"), entry.get("resource")
        if not isinstance(url, str) or not url or not isinstance(resource, dict):
            raise ExportError(f"FHIR Bundle.entry: entry {index} needs a fullUrl and a resource")
        if url in types:
            fail("bdl-7", f"fullUrl {url} is used twice")
        types[url] = resource["resourceType"]
    for index, entry in enumerate(entries):
        resource = entry["resource"]
        where = f"entry[{index}] {resource['resourceType']}"
        _check_references(resource, where, types)
        _check_codings(resource, where)
        _check_resource(resource, where, types)


def _check_references(resource: Json, where: str, types: dict[str, str]) -> None:
    for path, node in _walk(resource, where):
        ref = node.get("reference")
        if isinstance(ref, str) and ref not in types:
            fail("reference", f"{path}: {ref} does not resolve to an entry in the bundle")


def _check_codings(resource: Json, where: str) -> None:
    for path, node in _walk(resource, where):
        for index, coding in enumerate(node.get("coding") or []):
            if not (isinstance(coding, dict) and coding.get("system") and coding.get("code")):
                fail("coding", f"{path}.coding[{index}] needs a system and a code")
            if coding["system"] == CERTAINTY_SYSTEM and coding["code"] not in CERTAINTY_RATINGS:
                fail("value set", f"{path}: {coding['code']!r} is not a certainty-rating code")
            if coding["system"] == ATTESTATION_SYSTEM and coding["code"] not in ATTESTATION_MODES:
                fail("value set", f"{path}: {coding['code']!r} is not an attestation mode")
            if coding["system"] == VARIABLE_ROLE_SYSTEM and coding["code"] not in VARIABLE_ROLES:
                fail("value set", f"{path}: {coding['code']!r} is not a variable-role code")


def _has_concept(value: Any) -> bool:
    return isinstance(value, dict) and bool(value.get("coding") or value.get("text"))


def _check_resource(resource: Json, where: str, types: dict[str, str]) -> None:
    kind = resource["resourceType"]
    if kind == "Composition":
        if resource.get("status") not in COMPOSITION_STATUS:
            fail("Composition.status", f"{resource.get('status')!r} is not a composition status")
        if not _has_concept(resource.get("type")):
            fail("Composition.type", "a Composition needs a type (a code or a text)")
        for field in ("title", "date", "author"):
            if not resource.get(field):
                fail(f"Composition.{field}", f"{where} has no {field}")
    elif kind in ("Citation", "Evidence"):
        if resource.get("status") not in PUBLICATION_STATUS:
            fail(
                f"{kind}.status", f"{where}: {resource.get('status')!r} is not a publication status"
            )
    elif kind == "ClinicalUseDefinition":
        if resource.get("type") not in CLINICAL_USE_TYPES:
            fail(
                "ClinicalUseDefinition.type",
                f"{where}: {resource.get('type')!r} is not in "
                "the clinical-use-definition-type value set",
            )
        for subject in resource.get("subject") or []:
            target = types.get(subject.get("reference", ""))
            if target not in CLINICAL_USE_SUBJECTS:
                fail("ClinicalUseDefinition.subject", f"{where}: cannot refer to a {target}")
    elif kind == "Provenance":
        if not resource.get("recorded"):
            fail("Provenance.recorded", f"{where} has no recorded time")
        targets = [types.get(t.get("reference", "")) for t in resource.get("target") or []]
        if "Composition" not in targets:
            fail("Provenance.target", f"{where} does not target the Composition")
