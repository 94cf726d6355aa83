"""The shipped schema.org JSON-LD context and a pyld document loader that never fetches.

`@context: "https://schema.org"` in our documents resolves to `context/schemaorg.jsonld`, a
context that defines only the terms kettools writes (all mapped to `http://schema.org/`, the
namespace schema.org's own context uses). Every other URL is refused with a pyld `JsonLdError`.
pyld is imported only when a loader or an expansion is asked for.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_ORG = "http://schema.org/"
CONTEXT_URLS = frozenset(
    f"{scheme}://{host}{path}"
    for scheme in ("http", "https")
    for host in ("schema.org", "www.schema.org")
    for path in ("", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json")
)


@functools.cache
def context_document() -> dict[str, Any]:
    """The shipped context file, parsed once."""
    text = (
        resources.files("kettools.export")
        .joinpath("context/schemaorg.jsonld")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def context_terms() -> frozenset[str]:
    context: dict[str, Any] = context_document()["@context"]
    return frozenset(k for k in context if not k.startswith("@"))


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the shipped context for schema.org URLs, a JsonLdError otherwise."""
    from pyld.jsonld import JsonLdError

    if url in CONTEXT_URLS:
        return {"contextUrl": None, "documentUrl": url, "document": context_document()}
    raise JsonLdError(
        f"kettools loads no remote JSON-LD documents; refused {url!r}",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading remote context failed",
    )


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand with pyld, offline."""
    from pyld import jsonld

    result: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": offline_loader})
    return result


def to_nquads(document: dict[str, Any]) -> str:
    """The document as canonical-free N-Quads (for rdflib and SHACL), offline."""
    from pyld import jsonld

    text: str = jsonld.to_rdf(
        document, {"documentLoader": offline_loader, "format": "application/n-quads"}
    )
    return text
