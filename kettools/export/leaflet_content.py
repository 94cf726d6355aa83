"""The patient leaflet's content, built from claim records and the catalog.

Nothing here reads the article's raw text: claims come from their records (the sentence
whose span matches the claim, rendered as plain text with citations removed), and the
treatment, its side effects and who should not use it come from the catalog caveats the
article states (`record.caveats_present`). The content model and the strength wording
are in `leaflet_model`.
"""

from __future__ import annotations

import datetime as dt
import re

from kettools import readability
from kettools.export import ExportInput, common
from kettools.export.leaflet_model import (
    CaveatItem,
    EvidenceItem,
    Leaflet,
    ReferenceItem,
    plain,
    strength,
)
from kettools.ingest.document import Sentence
from kettools.models.catalog import Caveat, CaveatType, Drug, Status
from kettools.models.claims import ClaimKind, ClaimRecord, ReviewStatus
from kettools.models.finding import Severity
from kettools.models.frontmatter import Audience
from kettools.models.reference import Reference

BENEFIT_KINDS = {
    ClaimKind.efficacy,
    ClaimKind.comparative,
    ClaimKind.epidemiology,
    ClaimKind.mechanism,
}
USE_KINDS = {ClaimKind.safety, ClaimKind.dosing}

QUESTIONS: list[str] = [
    "Is {drug} a good choice for me, and why?",
    "What other treatments could I try?",
    "How will we know if it is working, and when would we stop?",
    "Which side effects should I watch for, and who do I call if they happen?",
    "Can I keep taking my other medicines?",
    "What will it cost, and who will pay for it?",
]

# caveat wording -> question; generic keywords, so no drug is named in the code
CAVEAT_QUESTIONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\bdrive\b", re.I),
        "How will I get home after each dose, since I should not drive?",
    ),
    (
        re.compile(r"misuse|depend", re.I),
        "Could I come to depend on {drug}, and how is that prevented?",
    ),
    (
        re.compile(r"fades|course|wears off", re.I),
        "How long would a course last, and what happens when it stops?",
    ),
    (
        re.compile(r"long-term|many years", re.I),
        "What is known about using {drug} for a long time?",
    ),
    (re.compile(r"pregnan", re.I), "What should I do if I am pregnant or plan to become pregnant?"),
]

def passed_claims(item: ExportInput) -> list[ClaimRecord]:
    failed = {f.claim_id for f in item.findings if f.severity == Severity.error and f.claim_id}
    return [
        c
        for c in item.claims
        if c.id not in failed
        and not c.stale
        and c.review.status != ReviewStatus.rejected
        and c.kind != ClaimKind.testimonial
    ]


def _sentences_by_span(item: ExportInput) -> dict[tuple[int, int, int, int], Sentence]:
    found: dict[tuple[int, int, int, int], Sentence] = {}
    for sentence in item.article.sentences:
        span = item.article.span(sentence.start, sentence.end)
        found[(span.line, span.column, span.end_line, span.end_column)] = sentence
    return found


_REFERS_BACK = re.compile(
    r"^(?:it|its|they|their|them|this|these|that|those|he|she|after that|after|but|so|if|"
    r"for those|then|also|however|here)\b",
    re.I,
)


def _error_lines(item: ExportInput) -> set[int]:
    return {
        line
        for f in item.findings
        if f.severity == Severity.error
        for line in range(f.line, f.end_line + 1)
    }


def _with_context(item: ExportInput, chosen: list[Sentence], blocked: set[int]) -> list[Sentence]:
    """The claim sentences of one paragraph, each with the sentence before it when it opens
    with a word that refers back ("It", "They", "After that", ...), so it reads on its own.
    A context sentence on a line with an error-level finding is never added."""
    block = item.article.blocks[chosen[0].block]
    order = {id(s): i for i, s in enumerate(block.sentences)}
    keep = {order[id(s)] for s in chosen if id(s) in order}
    for index in sorted(keep):
        at = index
        while (
            at > 0 and at in keep | {index} and _REFERS_BACK.match(plain(block.sentences[at].plain))
        ):
            before = block.sentences[at - 1]
            line = item.article.span(before.start, before.end).line
            if line in blocked or not plain(before.plain):
                break
            keep.add(at - 1)
            at -= 1
    return [block.sentences[i] for i in sorted(keep)] or chosen


def _month(date: dt.date | None) -> str:
    return f"{date:%B} {date.year}" if date else ""


def _treatment(drug: Drug, item: ExportInput) -> list[str]:
    names = ", ".join(s for s in drug.synonyms[:1])
    lines = [
        f"{drug.name[:1].upper()}{drug.name[1:]}"
        + (f" (also called {names})" if names else "")
        + " is a medicine."
    ]
    if drug.drug_class:
        lines.append(f"Its drug class is: {drug.drug_class}.")
    if drug.forms:
        lines.append(f"It comes as: {', '.join(drug.forms)}.")
    conditions = item.catalog.conditions
    seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for reg in sorted(drug.regulation, key=lambda r: (r.date is None, r.date or dt.date.min)):
        same = (reg.jurisdiction, reg.authority, reg.status.value, tuple(reg.conditions))
        if same in seen:
            continue
        seen.add(same)
        uses = reg.use(conditions)
        when = f" in {_month(reg.date)}" if reg.date else ""
        what = f" for {uses}" if uses else ""
        if reg.status == Status.approved:
            lines.append(f"In the {reg.jurisdiction}, the {reg.authority} approved it{what}{when}.")
        elif reg.status == Status.off_label:
            lines.append(
                f"In the {reg.jurisdiction}, its use{what} is off-label: "
                "it is not approved for this use."
            )
        else:
            lines.append(f"In the {reg.jurisdiction}, it is not approved{what}.")
    lines = list(dict.fromkeys(lines))  # one line per distinct statement
    for place, schedule in sorted(drug.schedules.items()):
        lines.append(f"In the {place}, it is a controlled drug ({schedule}).")
    if not drug.home_use:
        lines.append("It is never given to take home: you have it where staff can watch you.")
    return lines


def _reference_text(ref: Reference) -> str:
    """Compact: first author, journal, year. The title only when there is no DOI or PMID
    to find the work by (the identifiers follow in the template)."""
    authors = [a.family or a.literal or "" for a in ref.author if a.family or a.literal]
    who = f"{authors[0]} et al." if len(authors) > 1 else (f"{authors[0]}." if authors else "")
    year = ref.year
    parts = [
        who,
        f"{ref.title}." if ref.title and not (ref.DOI or ref.PMID) else "",
        f"{ref.container_title}." if ref.container_title else "",
        f"{year}." if year else "",
    ]
    return " ".join(p for p in parts if p)


def _reference_item(number: int, key: str, ref: Reference | None) -> ReferenceItem:
    if ref is None:
        return ReferenceItem(number, key, key, None, None, None, None)
    doi = ref.DOI.strip() if ref.DOI else None
    pmid = str(ref.PMID).strip() if ref.PMID else None
    doi_url = common.doi_url(doi) if doi else None
    # one link per reference: the DOI's, else PubMed's (each link costs the PDF a tagged
    # annotation; the PMID is still printed)
    pmid_url = common.pubmed_url(pmid) if pmid and pmid.isdigit() and not doi_url else None
    return ReferenceItem(number, key, _reference_text(ref), doi, doi_url, pmid, pmid_url)


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s<>\"']+$", url):
        return url
    return None


def build(item: ExportInput) -> Leaflet:
    fm = item.record.front_matter
    drug = item.catalog.drugs.get(fm.intervention or "")
    drug_name = drug.name if drug else (fm.intervention or "this treatment")
    refs = item.bibliography.references if item.bibliography else {}
    numbers: dict[str, int] = {}

    def cite(keys: list[str]) -> list[int]:
        for key in keys:
            numbers.setdefault(key, len(numbers) + 1)
        return sorted({numbers[k] for k in keys})

    by_span = _sentences_by_span(item)
    blocked = _error_lines(item)
    groups: list[tuple[bool, list[Sentence], list[ClaimRecord]]] = []  # one per paragraph
    for claim in sorted(passed_claims(item), key=lambda c: (c.span.line, c.span.column)):
        if claim.kind not in BENEFIT_KINDS | USE_KINDS:
            continue
        sentence = by_span.get(
            (claim.span.line, claim.span.column, claim.span.end_line, claim.span.end_column)
        )
        if sentence is None or not plain(sentence.plain):
            continue
        if groups and groups[-1][1][-1].block == sentence.block:
            groups[-1][1].append(sentence)
            groups[-1][2].append(claim)
        else:
            groups.append((claim.kind in BENEFIT_KINDS, [sentence], [claim]))
    benefits: list[EvidenceItem] = []
    use: list[EvidenceItem] = []
    # number the references in reading order: benefits first, then safety and use
    for benefit, sentences, claims in sorted(groups, key=lambda g: not g[0]):
        texts = [plain(x.plain) for x in _with_context(item, sentences, blocked)]
        evidence = EvidenceItem(
            " ".join(texts),
            strength(claims, refs),
            cite([k for c in claims for k in c.citations]),
            [c.id for c in claims],
        )
        (benefits if benefit else use).append(evidence)

    present = set(item.record.caveats_present)
    caveats: list[Caveat] = [c for c in (drug.caveats if drug else []) if c.id in present]
    safety = [
        CaveatItem(c.id, c.title, plain(c.text))
        for c in caveats
        if c.type != CaveatType.contraindication
    ]
    contra = [
        CaveatItem(c.id, c.title, plain(c.text))
        for c in caveats
        if c.type == CaveatType.contraindication
    ]

    questions = [q.format(drug=drug_name) for q in QUESTIONS]
    if drug and not drug.home_use:
        questions.append("Where will I have each dose, and how long must I stay afterwards?")
    if contra:
        questions.append(f"Do any of my health problems mean I should not use {drug_name}?")
    caveat_text = " ".join(c.text for c in caveats)
    for pattern, question in CAVEAT_QUESTIONS:
        if pattern.search(caveat_text):
            questions.append(question.format(drug=drug_name))

    audience = (fm.audience or Audience.patients).value
    target_grade = float(getattr(item.config.readability, audience))
    leaflet = Leaflet(
        lang=fm.language or "en",
        title=fm.title or item.article.title or item.slug,
        audience=audience,
        validated=item.validated,
        drug_name=drug_name,
        treatment=_treatment(drug, item) if drug else [],
        benefits=benefits,
        use=use,
        safety=safety,
        contraindications=contra,
        questions=questions,
        references=[_reference_item(n, key, refs.get(key)) for key, n in numbers.items()],
        reviewers=[
            ", ".join(x for x in (p.name, p.credentials, p.role) if x) for p in fm.reviewed_by
        ],
        last_reviewed=fm.last_reviewed,
        next_review=fm.next_review,
        url=_safe_url(fm.url),
        generated=item.today,
        tool_version=item.tool_version,
        target=target_grade,
    )
    leaflet.scores = readability.measure(leaflet.reading_sentences())
    return leaflet
