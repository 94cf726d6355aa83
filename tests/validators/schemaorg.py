"""Validate a schema.org JSON-LD document against the schema.org vocabulary and against the
search-engine requirements written down as data in `search_requirements.json`.

The vocabulary is schema.org's own RDF (every layer, pending included) as shipped in the npm
package @zazuko/rdf-vocabularies (`ontologies/schema.nq`); see `packages.py`. The document is
read in its compact form with `"@context": "https://schema.org"`, as search engines read it.

Checks, each an `Issue` (from `fhir_r5`):

- every `@type` is a schema.org class (error), not retired to the attic (error), not superseded
  (warning), and not in the pending area (warning, "pending");
- every property is a schema.org property (error) whose `domainIncludes` has one of the node's
  types or their superclasses (error);
- every value fits the property's `rangeIncludes`: a node by its types, a reference by the type
  of the node it names, a string as Text / URL / Date / DateTime, a number as Number, Integer or
  Float, a boolean as Boolean (error); Dates must be ISO 8601 (an xsd:gYear / gYearMonth literal
  counts as a reduced-precision Date);
- per type, the required (error) and recommended (warning) properties of the requirements file.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.validators.fhir_r5 import Issue

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PENDING = "http://pending.schema.org"
ATTIC = "http://attic.schema.org"
REQUIREMENTS = Path(__file__).with_name("search_requirements.json")
_QUAD = re.compile(r'^<([^>]*)> <([^>]*)> (<[^>]*>|"(?:[^"\\]|\\.)*"\S*) ')
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
REDUCED_DATES = {
    XSD + "gYear": re.compile(r"^\d{4}$"),
    XSD + "gYearMonth": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
}
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
# Properties whose values the schema.org context types as @id (IRIs).
IRI_PROPERTIES = {"url", "sameAs", "additionalType"}

Node = dict[str, Any]


class Vocabulary:
    def __init__(self, nquads: Path) -> None:
        self.classes: set[str] = set()
        self.properties: set[str] = set()
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.domains: dict[str, set[str]] = defaultdict(set)
        self.ranges: dict[str, set[str]] = defaultdict(set)
        self.layer: dict[str, str] = {}
        self.superseded: dict[str, str] = {}
        with nquads.open(encoding="utf-8") as lines:
            for line in lines:
                m = _QUAD.match(line)
                if not m or not m.group(1).startswith(SCHEMA):
                    continue
                s, p, o = m.group(1)[len(SCHEMA) :], m.group(2), m.group(3).strip("<>")
                short = o[len(SCHEMA) :] if o.startswith(SCHEMA) else o
                if p == RDF_TYPE and o == RDFS + "Class":
                    self.classes.add(s)
                elif p == RDF_TYPE and o == "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property":
                    self.properties.add(s)
                elif p == RDFS + "subClassOf":
                    self.parents[s].add(short)
                elif p == SCHEMA + "domainIncludes":
                    self.domains[s].add(short)
                elif p == SCHEMA + "rangeIncludes":
                    self.ranges[s].add(short)
                elif p == SCHEMA + "isPartOf":
                    self.layer[s] = o
                elif p == SCHEMA + "supersededBy":
                    self.superseded[s] = short

    @functools.cache  # noqa: B019 - one vocabulary per test session
    def ancestors(self, name: str) -> frozenset[str]:
        out = {name}
        for parent in self.parents.get(name, ()):
            out |= self.ancestors(parent)
        return frozenset(out)

    def kinds(self, types: list[str]) -> set[str]:
        return {a for t in types for a in self.ancestors(t)}


def _types(node: Node) -> list[str]:
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else list(value)


class Checker:
    def __init__(self, vocabulary: Vocabulary, requirements: dict[str, Any]) -> None:
        self.vocab = vocabulary
        self.requirements = requirements
        self.issues: list[Issue] = []
        self.by_id: dict[str, Node] = {}

    def error(self, rule: str, where: str, message: str) -> None:
        self.issues.append(Issue("error", rule, where, message))

    def warn(self, rule: str, where: str, message: str) -> None:
        self.issues.append(Issue("warning", rule, where, message))

    def document(self, doc: Node) -> list[Issue]:
        if doc.get("@context") not in (
            "https://schema.org",
            "http://schema.org",
            "https://schema.org/",
            "http://schema.org/",
        ):
            self.error("context", "$", f"the @context is {doc.get('@context')!r}, not schema.org")
        self._index(doc)
        self.node(doc, "$")
        return self.issues

    def _index(self, value: Any) -> None:
        if isinstance(value, dict):
            if "@id" in value and "@type" in value:
                self.by_id[value["@id"]] = value
            for item in value.values():
                self._index(item)
        elif isinstance(value, list):
            for item in value:
                self._index(item)

    def node(self, node: Node, where: str) -> None:
        types = _types(node)
        if not types:
            self.error("type", where, "a node without @type")
        for t in types:
            self._term(t, where, is_class=True)
        kinds = self.vocab.kinds(types)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            at = f"{where}.{key}"
            if key not in self.vocab.properties:
                self.error("property", at, f"{key} is not a schema.org property")
                continue
            self._term(key, at, is_class=False)
            domains = self.vocab.domains.get(key, set())
            if domains and not (domains & kinds):
                self.error(
                    "domain",
                    at,
                    f"{key} is not a property of {'/'.join(types)} "
                    f"(domain: {', '.join(sorted(domains))})",
                )
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                self._value(key, item, f"{at}[{index}]" if isinstance(value, list) else at)
        self._required(node, types, where)

    def _term(self, name: str, where: str, *, is_class: bool) -> None:
        if is_class and name not in self.vocab.classes:
            self.error("type", where, f"{name} is not a schema.org type")
            return
        layer = self.vocab.layer.get(name)
        if layer == ATTIC:
            self.error("retired", where, f"{name} is retired (attic)")
        elif layer == PENDING:
            self.warn("pending", where, f"{name} is in schema.org's pending area")
        if name in self.vocab.superseded:
            self.warn("superseded", where, f"{name} is superseded by {self.vocab.superseded[name]}")

    def _value(self, key: str, item: Any, where: str) -> None:
        ranges = self.vocab.ranges.get(key, set())
        ok: bool
        if isinstance(item, dict) and "@value" in item:
            pattern = REDUCED_DATES.get(item.get("@type", ""))
            ok = bool(pattern and "Date" in ranges and pattern.fullmatch(str(item["@value"])))
            shown = f"literal {item.get('@type')}"
        elif isinstance(item, dict) and "@type" in item:
            self.node(item, where)
            ok = bool(self.vocab.kinds(_types(item)) & ranges)
            shown = "/".join(_types(item))
        elif isinstance(item, dict) and "@id" in item:
            target = self.by_id.get(item["@id"])
            if target is None:  # a link to a node outside the document
                ok = bool(ranges - {"Text", "Number", "Integer", "Boolean", "Date", "DateTime"})
                shown = "an external reference"
            else:
                ok = bool(self.vocab.kinds(_types(target)) & ranges)
                shown = "a reference to " + "/".join(_types(target))
        elif isinstance(item, bool):
            ok, shown = "Boolean" in ranges, "a boolean"
        elif isinstance(item, int | float):
            number = {"Number", "Float"} | ({"Integer"} if isinstance(item, int) else set())
            ok, shown = bool(number & ranges), "a number"
        elif isinstance(item, str):
            ok, shown = self._text_fits(key, item, ranges), "text"
        else:
            ok, shown = False, type(item).__name__
        if not ok:
            self.error(
                "range", where, f"{shown} does not fit {key} (range: {', '.join(sorted(ranges))})"
            )

    @staticmethod
    def _text_fits(key: str, text: str, ranges: set[str]) -> bool:
        if key in IRI_PROPERTIES:
            return "URL" in ranges and bool(URL.match(text))
        if "Text" in ranges or ("URL" in ranges and URL.match(text)):
            return True
        if "Date" in ranges and DATE.fullmatch(text):
            return True
        return "DateTime" in ranges and bool(DATETIME.fullmatch(text))

    def _required(self, node: Node, types: list[str], where: str) -> None:
        for t in types:
            rules = self.requirements.get("types", {}).get(t)
            if not rules:
                continue
            for path in rules.get("required", []):
                if not self._has(node, path):
                    self.error("required", where, f"{t} needs {path} ({rules['source']})")
            for path in rules.get("recommended", []):
                if not self._has(node, path):
                    self.warn("recommended", where, f"{t} should have {path} ({rules['source']})")

    def _has(self, node: Node, path: str) -> bool:
        """`a.b` or `a|b` (either) present and non-empty, following references in the doc."""
        if "|" in path:
            return any(self._has(node, p) for p in path.split("|"))
        head, _, rest = path.partition(".")
        value = node.get(head)
        values = value if isinstance(value, list) else [value]
        values = [v for v in values if v not in (None, "", [])]
        if not rest:
            return bool(values)
        for v in values:
            if isinstance(v, dict):
                target = self.by_id.get(v.get("@id", ""), v) if "@type" not in v else v
                if self._has(target, rest):
                    return True
        return False


@functools.cache
def requirements() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REQUIREMENTS.read_text(encoding="utf-8"))
    return data


def validate(doc: Node, vocabulary: Vocabulary) -> list[Issue]:
    return Checker(vocabulary, requirements()).document(doc)
