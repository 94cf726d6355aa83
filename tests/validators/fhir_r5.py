"""A FHIR R5 validator driven by the published definitions (hl7.fhir.r5.core 5.0.0 and
hl7.terminology.r5), small enough to read, for the tests of kettools' exports.

For every resource (and, inside it, every element) it checks, from the StructureDefinition
snapshots:

- structure: every JSON property is an element of the type (choice types `value[x]` included);
- cardinality: min/max, and arrays exactly where max > 1;
- primitive values: JSON type and the regex of the primitive's definition;
- types: complex datatypes and contained resources are validated with their own definitions;
- references: `Reference.reference` resolves to a `fullUrl` in the Bundle and the target's type
  is one the element allows (targetProfile);
- bindings: required (error) and extensible (warning) bindings against the value sets, expanded
  from the packages (enumerated concepts, whole code systems, is-a filters, imports);
- code systems: a coding's system is a known CodeSystem url or the preferred uri of an HL7
  NamingSystem (error when it is a NamingSystem's other uri); its code exists where the package
  holds the whole code system;
- invariants: every constraint of every element and type, evaluated with fhirpathpy
  on elements of every type, primitives included (error or warning as the definition says);
  `hasValue()`, `htmlChecks()` (the narrative rules: txt-1, txt-2) and `resolve()` are
  supplied here.

Issues are (severity, rule, location, message). Nothing is fetched: the packages are read from
disk (see `packages.py`).
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Json = dict[str, Any]
REGEX_EXT = "http://hl7.org/fhir/StructureDefinition/regex"
XHTML = "{http://www.w3.org/1999/xhtml}"
# FHIR narrative rules (R5 Narrative, "the XHTML content SHALL NOT contain ..."); elements a
# narrative may not use, and attributes other than these basic ones.
FORBIDDEN_XHTML = {
    "head",
    "body",
    "script",
    "form",
    "base",
    "link",
    "xlink",
    "frame",
    "frameset",
    "iframe",
    "object",
    "embed",
    "style",
    "input",
    "button",
}
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class Issue:
    severity: str  # "error" | "warning"
    rule: str  # "structure", "cardinality", "binding", "invariant <key>", ...
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.rule}: {self.location}: {self.message}"


class Definitions:
    """StructureDefinitions, CodeSystems, ValueSets and NamingSystems of the packages."""

    def __init__(self, core: Path, terminology: Path) -> None:
        self.core = core
        self.by_url: dict[str, Path] = {}
        self.naming: dict[str, tuple[str, str]] = {}  # uri -> (preferred uri, name)
        for folder in (core, terminology):
            for path in sorted(folder.glob("*.json")):
                kind = path.name.split("-", 1)[0]
                if kind not in ("CodeSystem", "ValueSet", "NamingSystem"):
                    continue
                data = json.loads(path.read_text(encoding="utf-8"))
                if kind == "NamingSystem":
                    self._add_naming(data)
                elif data.get("url"):
                    self.by_url.setdefault(data["url"], path)

    def _add_naming(self, data: Json) -> None:
        uris = [u for u in data.get("uniqueId", []) if u.get("type") in ("uri", "iri-stem")]
        preferred = next(
            (u["value"] for u in uris if u.get("preferred") and u["type"] == "uri"), None
        )
        for u in uris:
            self.naming[u["value"].rstrip("/")] = (preferred or u["value"], data.get("name", ""))

    @functools.cache  # noqa: B019 - one Definitions per test session
    def structure(self, type_name: str) -> Json:
        return json.loads(
            (self.core / f"StructureDefinition-{type_name}.json").read_text(encoding="utf-8")
        )

    @functools.cache  # noqa: B019
    def elements(self, type_name: str) -> dict[str, Json]:
        return {e["path"]: e for e in self.structure(type_name)["snapshot"]["element"]}

    @functools.cache  # noqa: B019
    def children(self, type_name: str, path: str) -> list[Json]:
        prefix = path + "."
        return [
            e
            for p, e in self.elements(type_name).items()
            if p.startswith(prefix) and "." not in p[len(prefix) :]
        ]

    @functools.cache  # noqa: B019
    def regex(self, primitive: str) -> re.Pattern[str] | None:
        element = self.elements(primitive).get(f"{primitive}.value", {})
        for typ in element.get("type", []):
            for ext in typ.get("extension", []):
                if ext.get("url") == REGEX_EXT:
                    return re.compile(ext["valueString"])
        return None

    def resource(self, url: str) -> Json | None:
        path = self.by_url.get(url.split("|", 1)[0])
        return json.loads(path.read_text(encoding="utf-8")) if path else None

    @functools.cache  # noqa: B019
    def code_system(self, url: str) -> dict[str, list[str]] | None:
        """code -> codes below it, for a complete code system in the packages."""
        data = self.resource(url)
        if (
            data is None
            or data.get("resourceType") != "CodeSystem"
            or data.get("content") != "complete"
        ):
            return None
        tree: dict[str, list[str]] = {}

        def add(concepts: list[Json]) -> list[str]:
            codes = []
            for c in concepts:
                below = add(c.get("concept", []))
                tree[c["code"]] = below
                codes.append(c["code"])
            return codes

        add(data.get("concept", []))
        # subsumption declared by properties (e.g. parent) is not read: not needed here
        return tree

    @functools.cache  # noqa: B019
    def value_set(self, url: str) -> frozenset[tuple[str, str]] | None:
        """(system, code) of every concept in the value set, or None when it cannot be expanded
        from the packages (a grammar-based or external code system)."""
        data = self.resource(url)
        if data is None or data.get("resourceType") != "ValueSet":
            return None
        compose = data.get("compose", {})
        included: set[tuple[str, str]] = set()
        for part in compose.get("include", []):
            codes = self._include(part)
            if codes is None:
                return None
            included |= codes
        for part in compose.get("exclude", []):
            codes = self._include(part)
            if codes:
                included -= codes
        return frozenset(included)

    def _include(self, part: Json) -> set[tuple[str, str]] | None:
        found: set[tuple[str, str]] | None = None
        system = part.get("system")
        if system:
            if part.get("concept"):
                found = {(system, c["code"]) for c in part["concept"]}
            else:
                tree = self.code_system(system)
                if tree is None:
                    return None
                codes = set(tree)
                for f in part.get("filter", []):
                    if f.get("op") in ("is-a", "descendent-of") and f.get("property") == "concept":
                        below = self._below(tree, f["value"])
                        codes &= below | ({f["value"]} if f["op"] == "is-a" else set())
                    else:
                        return None
                found = {(system, c) for c in codes}
        for imported in part.get("valueSet", []):
            codes = self.value_set(imported.split("|", 1)[0])
            if codes is None:
                return None
            found = set(codes) if found is None else found & codes
        return found

    @staticmethod
    def _below(tree: dict[str, list[str]], code: str) -> set[str]:
        out: set[str] = set()
        stack = list(tree.get(code, []))
        while stack:
            c = stack.pop()
            if c not in out:
                out.add(c)
                stack.extend(tree.get(c, []))
        return out


# --- FHIRPath -----------------------------------------------------------------------------


def _has_value(inputs: list[Any]) -> list[bool]:
    return [len(inputs) == 1 and not isinstance(inputs[0], dict | list)]


def html_problems(div: str) -> list[str]:
    """What breaks the FHIR narrative rules in an XHTML `div` (empty when it conforms)."""
    try:
        root = ET.fromstring(div)
    except ET.ParseError as exc:
        return [f"not well-formed XHTML: {exc}"]
    problems = []
    if root.tag != XHTML + "div":
        problems.append("the root is not an XHTML div")
    for el in root.iter():
        name = el.tag.removeprefix(XHTML)
        if not el.tag.startswith(XHTML):
            problems.append(f"element {el.tag} is not XHTML")
        if name in FORBIDDEN_XHTML:
            problems.append(f"<{name}> is not allowed in a narrative")
        for attr in el.attrib:
            if attr.lower().startswith("on"):
                problems.append(f"event attribute {attr} is not allowed")
    if not "".join(root.itertext()).strip() and not any(True for _ in root.iter(XHTML + "img")):
        problems.append("the narrative has no text")
    return problems


def _html_checks(inputs: list[Any]) -> list[bool]:
    """FHIRPath htmlChecks() (txt-1, txt-2): the narrative rules, as `html_problems`."""
    return [all(isinstance(i, str) and not html_problems(i) for i in inputs)]


# resolve() looks references up in the Bundle being validated (fullUrl -> resource).
_BUNDLE: dict[str, Json] = {}


def _resolve(inputs: list[Any]) -> list[Json]:
    refs = [i.get("reference") if isinstance(i, dict) else i for i in inputs]
    return [_BUNDLE[r] for r in refs if isinstance(r, str) and r in _BUNDLE]


FUNCTIONS = {
    "hasValue": {"fn": _has_value, "arity": {0: []}},
    "htmlChecks": {"fn": _html_checks, "arity": {0: []}},
    "resolve": {"fn": _resolve, "arity": {0: []}},
}


@functools.cache
def _compiled(expression: str) -> Any:
    import fhirpathpy
    from fhirpathpy.models import models

    options = {"userInvocationTable": FUNCTIONS, "traceFn": lambda *args: None}
    return fhirpathpy.compile(expression, models["r5"], options)


def evaluate(expression: str, node: Any, path: str, root: Json) -> list[Any]:
    """`expression` on `node`, an instance of the element or type at `path`."""
    from fhirpathpy.engine.nodes import ResourceNode

    # A resource is given as it is (a leading type name such as `Bundle.entry` filters it by
    # resourceType); an element is typed by its path for functions such as children().
    typed = (
        node
        if isinstance(node, dict) and "resourceType" in node
        else ResourceNode.create_node(node, path)
    )
    result: list[Any] = _compiled(expression)(typed, {"resource": root, "rootResource": root})
    return result


# --- the walk -----------------------------------------------------------------------------


class Validator:
    def __init__(self, definitions: Definitions) -> None:
        self.defs = definitions
        self.issues: list[Issue] = []
        self.full_urls: dict[str, str] = {}  # fullUrl -> resourceType

    def error(self, rule: str, where: str, message: str) -> None:
        self.issues.append(Issue("error", rule, where, message))

    def warn(self, rule: str, where: str, message: str) -> None:
        self.issues.append(Issue("warning", rule, where, message))

    # a whole Bundle -----------------------------------------------------------------------

    def bundle(self, bundle: Json) -> list[Issue]:
        _BUNDLE.clear()
        for entry in bundle.get("entry", []):
            resource = entry.get("resource") or {}
            if entry.get("fullUrl"):
                self.full_urls[entry["fullUrl"]] = resource.get("resourceType", "")
                _BUNDLE[entry["fullUrl"]] = resource
        self.resource(bundle, "Bundle")
        if bundle.get("type") == "document":
            self._document(bundle)
        return self.issues

    def _document(self, bundle: Json) -> None:
        """Document rules of R5 (Bundle, "Document"): beyond bdl-9/10/11 (checked as
        invariants), every entry has a fullUrl and a resource, and all references resolve."""
        for index, entry in enumerate(bundle.get("entry", [])):
            where = f"Bundle.entry[{index}]"
            if not entry.get("fullUrl"):
                self.error("document", where, "an entry of a document needs a fullUrl")
            if not entry.get("resource"):
                self.error("document", where, "an entry of a document needs a resource")

    # one resource ---------------------------------------------------------------------------

    def resource(self, resource: Json, where: str) -> None:
        kind = resource.get("resourceType")
        if (
            not isinstance(kind, str)
            or not (self.defs.core / f"StructureDefinition-{kind}.json").is_file()
        ):
            self.error("structure", where, f"unknown resourceType {kind!r}")
            return
        self._node(resource, kind, kind, where, resource, {"resourceType"})

    def _node(
        self,
        node: Json,
        type_name: str,
        path: str,
        where: str,
        root: Json,
        skip: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        """Validate `node` against the children of element `path` of `type_name`."""
        element = self.defs.elements(type_name)[path]
        self._invariants(element, node, where, root)
        children = self.defs.children(type_name, path)
        matched: set[str] = set(skip)
        for child in children:
            name = child["path"].rsplit(".", 1)[1]
            for key, type_code in self._keys(node, name, child):
                matched.add(key)
                matched.add("_" + key)
                self._child(node[key], child, type_name, type_code, f"{where}.{key}", root)
            if not any(True for _ in self._keys(node, name, child)) and child.get("min", 0) > 0:
                self.error("cardinality", where, f"{name} is required (min {child['min']})")
        for key in node:
            if key not in matched:
                self.error("structure", f"{where}.{key}", f"{key} is not an element of {path}")

    @staticmethod
    def _keys(node: Json, name: str, element: Json) -> Iterator[tuple[str, str | None]]:
        if name.endswith("[x]"):
            stem = name[:-3]
            for typ in element.get("type", []):
                key = stem + typ["code"][0].upper() + typ["code"][1:]
                if key in node:
                    yield key, typ["code"]
        elif name in node:
            types = element.get("type", [])
            yield name, types[0]["code"] if len(types) == 1 else None

    def _child(
        self,
        value: Any,
        element: Json,
        type_name: str,
        type_code: str | None,
        where: str,
        root: Json,
    ) -> None:
        maximum = element.get("max", "1")
        items = value if isinstance(value, list) else [value]
        if maximum == "1" and isinstance(value, list):
            self.error("cardinality", where, "an array where the element has max 1")
        if maximum != "1" and not isinstance(value, list):
            self.error("cardinality", where, f"max {maximum}: the value must be an array")
        if maximum not in ("*", "1") and len(items) > int(maximum):
            self.error("cardinality", where, f"{len(items)} values, max {maximum}")
        if element.get("min", 0) > len(items):
            self.error("cardinality", where, f"{len(items)} values, min {element['min']}")
        if not items:
            self.error("structure", where, "an empty array")
        for index, item in enumerate(items):
            at = f"{where}[{index}]" if isinstance(value, list) else where
            self._item(item, element, type_name, type_code, at, root)

    def _item(
        self,
        item: Any,
        element: Json,
        type_name: str,
        type_code: str | None,
        where: str,
        root: Json,
    ) -> None:
        path = element["path"]
        if "contentReference" in element:
            target = element["contentReference"].split("#", 1)[1]
            self._object(item, type_name, target, where, root)
            return
        if self.defs.children(type_name, path) and type_code in ("BackboneElement", "Element"):
            self._object(item, type_name, path, where, root)
            return
        if type_code is None:
            self.error("structure", where, f"cannot tell the type of {path}")
            return
        if type_code == "Resource" or (
            isinstance(item, dict)
            and "resourceType" in item
            and type_code in ("Resource", "DomainResource")
        ):
            if isinstance(item, dict):
                self.resource(item, where)
            else:
                self.error("structure", where, "a resource must be an object")
            return
        if type_code[0].islower() or type_code.startswith("http://hl7.org/fhirpath/"):
            self._primitive(item, type_code, where)
            self._invariants(element, item, where, root)
        else:
            self._object(item, type_code, type_code, where, root)
            if isinstance(item, dict):  # the element's own invariants beyond its type's
                own = {
                    c["key"] for c in self.defs.elements(type_code)[type_code].get("constraint", [])
                }
                self._invariants(element, item, where, root, skip=own)
            if type_code == "Reference" and isinstance(item, dict):
                self._reference(item, element, where)
            if type_code in ("Coding", "CodeableConcept") and isinstance(item, dict):
                self._codings(item, where)
        self._binding(item, element, type_code, where)

    def _object(self, item: Any, type_name: str, path: str, where: str, root: Json) -> None:
        if not isinstance(item, dict):
            self.error("structure", where, f"{path} must be an object")
            return
        if not item:
            self.error("structure", where, "an empty object")
            return
        self._node(item, type_name, path, where, root)

    def _primitive(self, value: Any, type_code: str, where: str) -> None:
        if type_code.startswith("http://hl7.org/fhirpath/"):
            return  # the id/url of Element and Extension: a plain string
        expected: type | tuple[type, ...] = str
        if type_code == "boolean":
            expected = bool
        elif type_code in ("integer", "positiveInt", "unsignedInt"):
            expected = int
        elif type_code == "decimal":
            expected = (int, float)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            self.error("type", where, f"{value!r} is not a JSON value for {type_code}")
            return
        pattern = self.defs.regex(type_code)
        if pattern and isinstance(value, str) and not pattern.fullmatch(value):
            self.error("type", where, f"{value!r} does not match the {type_code} regex")

    def _reference(self, item: Json, element: Json, where: str) -> None:
        ref = item.get("reference")
        if not isinstance(ref, str):
            return
        target = self.full_urls.get(ref)
        if target is None:
            self.error("reference", where, f"{ref} does not resolve to an entry of the Bundle")
            return
        allowed = {
            p.rsplit("/", 1)[1] for t in element.get("type", []) for p in t.get("targetProfile", [])
        }
        if allowed and target not in allowed and "Resource" not in allowed:
            self.error(
                "reference",
                where,
                f"refers to a {target}; {element['path']} allows " + ", ".join(sorted(allowed)),
            )

    def _codings(self, item: Json, where: str) -> None:
        codings = item.get("coding", []) if "coding" in item or "text" in item else [item]
        for coding in codings:
            system, code = coding.get("system"), coding.get("code")
            if not system:
                continue
            naming = self.defs.naming.get(system.rstrip("/"))
            if naming and naming[0] != system:
                self.error(
                    "code system",
                    where,
                    f"{system} is not the canonical uri of "
                    f"{naming[1]}: use {naming[0]} (HL7 NamingSystem)",
                )
                continue
            tree = self.defs.code_system(system)
            if tree is not None and code not in tree:
                self.error("code system", where, f"{code!r} is not a code of {system}")
            elif tree is None and naming is None and system not in self.defs.by_url:
                self.warn(
                    "code system", where, f"{system} is not a code system known to the packages"
                )

    def _binding(self, item: Any, element: Json, type_code: str, where: str) -> None:
        binding = element.get("binding") or {}
        strength = binding.get("strength")
        if strength not in ("required", "extensible") or not binding.get("valueSet"):
            return
        url = binding["valueSet"].split("|", 1)[0]
        if url == "http://hl7.org/fhir/ValueSet/all-languages":
            if isinstance(item, str) and not BCP47.fullmatch(item):
                self.error("binding", where, f"{item!r} is not a BCP 47 language tag")
            return
        codes = self.defs.value_set(url)
        if codes is None:
            self.warn("binding", where, f"value set {url} cannot be expanded from the packages")
            return
        if type_code == "code" and isinstance(item, str):
            ok = any(code == item for _, code in codes)
            shown = item
        elif isinstance(item, dict) and type_code in ("Coding", "CodeableConcept"):
            codings = item.get("coding", []) if type_code == "CodeableConcept" else [item]
            ok = any((c.get("system"), c.get("code")) in codes for c in codings)
            shown = json.dumps(codings) if codings else f"text only {item.get('text')!r}"
        else:
            return
        if ok:
            return
        message = f"{shown} is not in the {strength} value set {url}"
        if strength == "required":
            self.error("binding", where, message)
        else:
            self.warn("binding", where, message)

    def _invariants(
        self,
        element: Json,
        node: Json,
        where: str,
        root: Json,
        skip: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        for constraint in element.get("constraint", []):
            expression = constraint.get("expression")
            if not expression or constraint["key"] in skip:
                continue
            key = constraint["key"]
            try:
                result = evaluate(expression, node, element["path"], root)
            except Exception as exc:  # an expression the engine cannot run is a finding too
                self.error(f"invariant {key}", where, f"cannot evaluate {expression!r}: {exc}")
                continue
            if result != [True]:
                severity = "error" if constraint.get("severity") == "error" else "warning"
                self.issues.append(
                    Issue(severity, f"invariant {key}", where, constraint.get("human", expression))
                )


def validate_bundle(bundle: Json, definitions: Definitions) -> list[Issue]:
    return Validator(definitions).bundle(bundle)
