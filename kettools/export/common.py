"""What the JSON-LD and FHIR exporters share: the drug, the references and the claims to export."""

from __future__ import annotations

from urllib.parse import quote

from kettools.export import ExportInput
from kettools.models.catalog import ATC, MESH, RXNORM, SNOMED, Condition, Drug
from kettools.models.claims import ClaimRecord, ReviewStatus
from kettools.models.reference import Evidence, Reference

SYSTEM_NAMES = {RXNORM: "RxNorm", ATC: "ATC", MESH: "MeSH", SNOMED: "SNOMED CT"}


def system_name(system: str) -> str:
    return SYSTEM_NAMES.get(system, system)


def drug(item: ExportInput) -> Drug | None:
    intervention = item.record.front_matter.intervention
    return item.catalog.drugs.get(intervention) if intervention else None


def conditions(item: ExportInput) -> list[Condition]:
    found = (item.catalog.conditions.get(c) for c in item.record.front_matter.conditions)
    return [c for c in found if c is not None]


def references(item: ExportInput) -> list[Reference]:
    """The references the article cites that resolve, in order of first citation."""
    if item.bibliography is None:
        return []
    known = item.bibliography.references
    keys = dict.fromkeys([*item.record.cited_keys, *(k for c in item.claims for k in c.citations)])
    return [known[k] for k in keys if k in known]


def claims(item: ExportInput) -> list[ClaimRecord]:
    """Current claims in source order: stale ones and those an editor rejected are left out
    (as in the leaflet)."""
    live = [c for c in item.claims if not c.stale and c.review.status != ReviewStatus.rejected]
    return sorted(live, key=lambda c: (c.span.line, c.span.column, c.id))


def evidence(claim: ClaimRecord) -> Evidence | None:
    """The editor's evidence level when set, else the extracted one."""
    return claim.review.evidence or claim.evidence


# Kept as they are in a DOI's link: the path separator and the punctuation common in DOI suffixes
# (RFC 3986 allows them in a path). Everything else but letters, digits and "-._~" is
# percent-encoded as UTF-8: the DOI Handbook's mandatory rules (% " # ? space), its recommended
# ones (< > { } ^ [ ] ` | \ +), and the rest (! $ & ' * , = @, controls, non-ASCII).
DOI_SAFE = "/().;:"
DOT_SEGMENTS = (".", "..")


def doi_url(doi: str) -> str:
    """The doi.org link of a DOI: `https://doi.org/` and the DOI percent-encoded for a URL path,
    so that `urllib.parse.unquote` of the path gives the DOI back. An ordinary DOI is unchanged
    (`10.1016/S0006-3223(99)00230-9`).

    A `.` or `..` segment (`10.1000/./x`) would be removed when the URL is normalised (RFC 3986
    5.2.4), so the slash joining it to its neighbour is encoded too, as the DOI Handbook advises.
    """
    segments = quote(doi, safe=DOI_SAFE).split("/")
    path = segments[0]
    for index, segment in enumerate(segments[1:], start=1):
        dot = segment in DOT_SEGMENTS or (index == 1 and segments[0] in DOT_SEGMENTS)
        path += ("%2F" if dot else "/") + segment
    return f"https://doi.org/{path}"


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def year(ref: Reference) -> str | None:
    return str(ref.year) if ref.year is not None else None


def author_names(ref: Reference) -> list[str]:
    names = []
    for a in ref.author:
        name = a.literal or " ".join(p for p in (a.given, a.family) if p)
        if name:
            names.append(name)
    return names


NOT_VALIDATED = "exported with --allow-errors; not validated"
