"""What the JSON-LD and FHIR exporters share: the drug, the references and the claims to export."""

from __future__ import annotations

import re
from urllib.parse import quote

from kettools.export import ExportInput
from kettools.models.catalog import ATC, MESH, RXNORM, SNOMED, Condition, Drug
from kettools.models.claims import ClaimRecord, ReviewStatus
from kettools.models.reference import Evidence, Reference

SYSTEM_NAMES = {RXNORM: "RxNorm", ATC: "ATC", MESH: "MeSH", SNOMED: "SNOMED CT"}
# Other URIs of a code system -> its canonical URI (HL7 terminology NamingSystem "MeSH": the
# preferred uri is https://www.nlm.nih.gov/mesh; http://id.nlm.nih.gov/mesh/ is an iri-stem).
SYSTEM_ALIASES = {
    "http://id.nlm.nih.gov/mesh": MESH,
    "http://id.nlm.nih.gov/mesh/": MESH,
    "http://terminology.hl7.org/CodeSystem/MSH": MESH,
}


def canonical_system(system: str) -> str:
    return SYSTEM_ALIASES.get(system, system)


def system_name(system: str) -> str:
    return SYSTEM_NAMES.get(canonical_system(system), system)


# A Pandoc citation group: "[@key]", "[see @a, p. 3; @b]" (with the space before it).
CITATION_GROUP = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")


def claim_text(claim: ClaimRecord) -> str:
    """The claim's sentence for readers: its Pandoc citation markers removed (the cited works
    are linked separately)."""
    return CITATION_GROUP.sub("", claim.text).strip()


# CommonMark: any ASCII punctuation may be backslash-escaped. These are the characters that can
# start HTML, an entity, a link, emphasis or code; escaped, the text renders as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>&!|~#])")


def markdown_text(text: str) -> str:
    """Plain text as FHIR markdown that renders as the same text: no HTML, link or emphasis
    from an article reaches a consumer that renders the markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def issued(ref: Reference) -> str | None:
    """The reference's issue date as ISO 8601 with the precision it has: YYYY, YYYY-MM or
    YYYY-MM-DD."""
    parts = ref.issued.date_parts[0] if ref.issued and ref.issued.date_parts else []
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return None
    if not numbers:
        return None
    widths = (4, 2, 2)
    return "-".join(f"{n:0{w}d}" for n, w in zip(numbers, widths, strict=False))


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
