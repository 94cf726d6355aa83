"""Stable identifiers for exported resources: JSON-LD `@id` IRIs and FHIR `urn:uuid:` fullUrls.

Both depend only on the article (its slug and front-matter url) and a resource key, so the same
input always gives the same ids.
"""

from __future__ import annotations

import uuid

# Fixed namespace for kettools' uuid5 values (itself uuid5 of the DNS namespace and a fixed name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "kettools.export")


def base_iri(slug: str, url: str | None) -> str:
    """The article's IRI: its published url without a fragment, else `urn:kettools:<slug>`."""
    if url:
        return url.split("#", 1)[0]
    return f"urn:kettools:{slug}"


def iri(slug: str, url: str | None, fragment: str = "") -> str:
    """`<base>#<fragment>`, or the base itself when the fragment is empty."""
    base = base_iri(slug, url)
    return f"{base}#{fragment}" if fragment else base


def full_url(slug: str, key: str) -> str:
    """A deterministic FHIR fullUrl: uuid5(NAMESPACE, "<slug>/<key>")."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{slug}/{key}')}"
