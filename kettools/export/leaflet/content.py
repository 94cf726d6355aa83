"""The patient leaflet's content: the article's own sentences, placed by `leaflet_place`,
and the catalog's facts about the drug.

- Key facts: the catalog drug (the front matter's `intervention`, else the catalog drug
  the claims are most often about, as for plain text and HTML articles): what it is,
  its approvals and off-label uses, controlled status, whether it is taken home.
- Sections: every sentence of the article that is not left out, in article order, one
  item per paragraph and section (`leaflet_place`). Reference numbers follow each item;
  only items in "How well it works" carry the strength of their evidence.
- Safety once: a catalog caveat is added (with a note that it comes from the drug's
  checked safety information) only when the article requires it and no placed sentence
  states it.
- Questions the leaflet adds: from the drug and its caveats, none that repeats one of the
  article's own; the generic ones only when the article asks fewer than three.
- Sources: references with authors, title, journal and year; authors, reviewers, the
  funding and interests disclosure and the review dates. The tool version and reading
  grades are for staff: they stay in the document's metadata and `--explain`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from kettools.export import ExportInput, common
from kettools.export.leaflet.model import HEADINGS, Item, Leaflet, ReferenceItem, plain, strength
from kettools.export.leaflet.place import Placement, Unit, place, qualifier, section_of
from kettools.language import readability
from kettools.language.caveats import stated
from kettools.models.catalog import CaveatType, Condition, Drug, Regulation, Status
from kettools.models.claims import ClaimKind
from kettools.models.frontmatter import Audience
from kettools.models.reference import Reference

Cite = Callable[[list[str]], list[int]]  # bibliography keys -> reference numbers

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


def _a(phrase: str) -> str:
    """ "a" or "an" before a phrase, by its sound ("an NMDA", "an SSRI", "a nasal")."""
    word = phrase.split()[0] if phrase.split() else ""
    if word.isupper() and len(word) > 1:
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if word[:1].lower() in "aeiou" else "a"


def _month(date: dt.date | None) -> str:
    return f"{date:%B} {date.year}" if date else ""


def article_drug(item: ExportInput) -> Drug | None:
    """The front matter's drug, else the catalog drug the claims are most often about."""
    drugs = item.catalog.drugs
    declared = item.record.front_matter.intervention
    if declared:
        return drugs.get(declared)
    counts = Counter(c.subject.intervention for c in item.claims if c.subject.intervention)
    for drug_id, _ in counts.most_common():
        if drug_id in drugs:
            return drugs[drug_id]
    return None


def _brand(drug: Drug) -> str | None:
    """The first synonym that reads as a brand name: one capitalised word, not the name."""
    for name in drug.synonyms:
        if re.fullmatch(r"[A-Z][a-z]+", name) and name.lower() != drug.name.lower():
            return name
    return None


def _uses(reg: Regulation, conditions: dict[str, Condition]) -> str:
    """The use a regulation covers, in words: "a, b and c"."""
    if reg.indication or len(reg.conditions) < 3:
        return reg.use(conditions)
    names = [conditions[c].name if c in conditions else c for c in reg.conditions]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def key_facts(drug: Drug, item: ExportInput, approvals: bool = True) -> list[str]:
    """What the catalog says about the drug, as a person would say it. "Medicine" only
    for a drug approved somewhere; "not taken home" only where it is approved so. The
    approvals only when `approvals` (the article states none of its own): said once."""
    approved = [r for r in drug.regulation if r.status == Status.approved]
    brand = _brand(drug)
    name = _capital(drug.name) + (f" (brand name {brand})" if brand else "")
    forms = " or ".join(drug.forms)
    what = "a medicine" if approved else "a drug"
    lines = [f"{name} is {what}" + (f" given as {_a(forms)} {forms}." if forms else ".")]
    if drug.drug_class:
        lines.append(f"It is {_a(drug.drug_class)} {drug.drug_class}.")
    conditions = item.catalog.conditions
    seen: set[tuple[str, str, str, str]] = set()
    for reg in sorted(drug.regulation, key=lambda r: (r.date is None, r.date or dt.date.min)):
        if not approvals:
            break
        uses = _uses(reg, conditions)
        same = (reg.jurisdiction, reg.authority, reg.status.value, uses)
        if same in seen:  # the same approval again (a later change): said once
            continue
        seen.add(same)
        what_for = f" for {uses}" if uses else ""
        when = f" in {_month(reg.date)}" if reg.date else ""
        if reg.status == Status.approved:
            lines.append(
                f"In the {reg.jurisdiction}, the {reg.authority} approved it{what_for}{when}."
            )
        elif reg.status == Status.off_label:
            lines.append(
                f"In the {reg.jurisdiction}, using it{what_for} is off-label: "
                "it is not approved for this."
            )
        else:
            form = f" as a {' or '.join(reg.forms)}" if reg.forms and not uses else ""
            lines.append(f"In the {reg.jurisdiction}, it is not approved{form}{what_for}.")
    for place_name, schedule in sorted(drug.schedules.items()):
        lines.append(
            f"In the {place_name}, it is a controlled drug ({schedule}): the law limits who "
            "may prescribe and keep it."
        )
    if approved and not drug.home_use:
        lines.append("You do not take it home: you have each dose where staff can watch you.")
    return lines


def _reference_text(ref: Reference) -> str:
    """Authors (up to three, then "et al."), title, journal, year."""
    names = []
    for a in ref.author:
        if a.family:
            initials = "".join(p[:1] for p in re.split(r"[\s.-]+", a.given or "") if p)
            names.append(f"{a.family} {initials}".strip())
        elif a.literal:
            names.append(a.literal)
    who = ", ".join(names[:3]) + (", et al" if len(names) > 3 else "")
    parts = [
        f"{who}." if who else "",
        (ref.title if ref.title.endswith(("?", "!", ".")) else f"{ref.title}.")
        if ref.title
        else "",
        f"{ref.container_title}." if ref.container_title else "",
        f"{ref.year}." if ref.year else "",
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


def _item(
    item: ExportInput,
    units: list[Unit],
    refs: dict[str, Reference],
    cite: Cite,
) -> Item:
    sentences = [s for u in units for s in u.sentences]
    claims = [c for u in units for c in u.claims]
    texts = [plain(s.plain) for s in sentences]
    keys = [c.key for s in sentences for c in s.citations]
    section = units[0].section
    label = None
    evidence = [c for c in claims if c.kind not in (ClaimKind.regulatory, ClaimKind.testimonial)]
    if section == "works" and evidence:
        certainty = next(
            (t for t in texts if re.search(r"\blow\b", t) and _CERTAINTY.search(t)), None
        )
        label = strength(evidence, refs, certainty)
    return Item(
        " ".join(texts),
        cite(keys),
        [c.id for c in claims],
        label,
        urgent=[t for t in texts if _CRISIS.search(t)],
    )


def _items(
    placement: Placement, item: ExportInput, refs: dict[str, Reference], cite: Cite
) -> dict[str, list[Item]]:
    """One item per run of units of one paragraph that go to one section."""
    sections: dict[str, list[Item]] = {key: [] for key in HEADINGS}
    run: list[Unit] = []
    for unit in [*placement.units, None]:
        if run and (unit is None or unit.block != run[-1].block or unit.section != run[-1].section):
            sections[run[0].section or "what"].append(_item(item, run, refs, cite))
            run = []
        if unit is not None:
            run.append(unit)
    return sections


def _missing_caveats(drug: Drug, item: ExportInput, sections: dict[str, list[Item]]) -> None:
    """Required catalog caveats no placed sentence states: added once, with a note."""
    shown = set(stated([i.text for items in sections.values() for i in items], drug))
    for caveat in drug.caveats:
        if not caveat.required or caveat.id in shown:
            continue
        # the section its own words ask for (giving, a precaution, a harm); else by type
        first = re.split(r"(?<=[.!?])\s+", plain(caveat.text))[0]
        contra = caveat.type == CaveatType.contraindication
        asked = section_of(first, None, None)
        if contra or asked in ("before", "how"):
            section = "before" if contra else str(asked)
        elif qualifier(caveat.text) == "off-label":
            section = "what"  # what it is approved for
        else:
            section = "effects"
        sections[section].append(
            Item(
                plain(caveat.text),
                [],
                [],
                title=caveat.title.rstrip("."),
                note=MISSING_NOTE.format(drug=drug.name),
            )
        )


def _questions(
    drug: Drug | None, drug_name: str, asked: list[str], sections: dict[str, list[Item]]
) -> list[str]:
    """Questions to add to the article's own: none that shares three content words with one."""

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[a-z]{4,}", text.lower())}

    candidates = [q.format(drug=drug_name) for q in QUESTIONS] if len(asked) < 3 else []
    if drug and not drug.home_use:
        candidates.append("Where will I have each dose, and how long must I stay afterwards?")
    if sections["before"]:
        candidates.append(f"Do any of my health problems mean I should not use {drug_name}?")
    text = " ".join(i.text for items in sections.values() for i in items)
    if drug:
        text += " " + " ".join(c.text for c in drug.caveats if c.id in stated([text], drug))
    for pattern, question in CAVEAT_QUESTIONS:
        if pattern.search(text):
            candidates.append(question.format(drug=drug_name))
    added: list[str] = []
    for q in candidates:
        if all(len(words(q) & words(other)) < 3 for other in [*asked, *added]):
            added.append(q)
    return added


MISSING_NOTE = (
    "The article does not say the following. It comes from the checked safety information "
    "about {drug}:"
)
_CERTAINTY = re.compile(r"\b(certainty|confidence|quality|trust)\b", re.I)
_CRISIS = re.compile(
    r"\b(call|text|phone|ring|dial)\b[^.]{0,40}\b\d{3}\b|\bcrisis (line|team|service)|"
    r"\bhelpline\b|\bget (medical )?help (at once|now|right away|straight away)",
    re.I,
)


def _states_regulation(placement: Placement) -> bool:
    """Whether the leaflet shows a regulatory claim of the article's own."""
    return any(c.kind == ClaimKind.regulatory for u in placement.units for c in u.claims)


def _title(item: ExportInput, drug_name: str, drug: Drug | None) -> str:
    """The front matter's title; else the article's opening heading; else "About <drug>"."""
    fm = item.record.front_matter
    if fm.title:
        return fm.title
    blocks = item.article.blocks
    if blocks and blocks[0].kind == "heading" and blocks[0].plain.strip():
        return plain(blocks[0].plain)
    if item.article.title:
        return item.article.title
    return f"About {drug_name}" if drug else "About this treatment"


def _person(p: object) -> str:
    return ", ".join(x for x in (p.name, p.credentials, p.role) if x)  # type: ignore[attr-defined]


def build(item: ExportInput) -> Leaflet:
    fm = item.record.front_matter
    drug = article_drug(item)
    drug_name = drug.name if drug else (fm.intervention or "this treatment")
    refs = item.bibliography.references if item.bibliography else {}
    numbers: dict[str, int] = {}

    def cite(keys: list[str]) -> list[int]:
        for key in keys:
            numbers.setdefault(key, len(numbers) + 1)
        return sorted({numbers[k] for k in keys})

    placement = place(item, drug)
    sections = _items(placement, item, refs, cite)
    if drug is not None:
        _missing_caveats(drug, item, sections)
    asked = [i.text for i in sections["questions"]]
    audience = (fm.audience or Audience.patients).value
    leaflet = Leaflet(
        lang=fm.language or "en",
        title=_title(item, drug_name, drug),
        audience=audience,
        validated=item.validated,
        drug_name=drug_name,
        facts=key_facts(drug, item, approvals=not _states_regulation(placement)) if drug else [],
        sections=sections,
        questions=_questions(drug, drug_name, asked, sections),
        references=[_reference_item(n, key, refs.get(key)) for key, n in numbers.items()],
        authors=[_person(p) for p in fm.authors],
        reviewers=[_person(p) for p in fm.reviewed_by],
        disclosure=fm.disclosure,
        last_reviewed=fm.last_reviewed,
        next_review=fm.next_review,
        url=_safe_url(fm.url),
        generated=item.today,
        tool_version=item.tool_version,
        headings={k: v.format(drug=drug_name) for k, v in HEADINGS.items()},
        target=float(getattr(item.config.readability, audience)),
    )
    leaflet.scores = readability.measure(leaflet.reading_sentences())
    return leaflet
