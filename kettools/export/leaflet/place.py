"""Where each sentence of the article goes in the patient leaflet, or why it is left out.

Fidelity by construction: `place` returns one `Placed` for every sentence of the article,
in reading order. A sentence is either in a section of the leaflet or left out with a
reason that `kettools export --explain` prints. Nothing is summarised or reworded.

Units. Sentences are read in units: a sentence joins the one before it in the same
paragraph or list item when it refers back ("It", "This", "But", "If ...") or qualifies
it (a hedge, a limitation, the certainty of the evidence, a crisis line), so that a
finding and what qualifies it always travel together. Units of one paragraph that go
to the same section form one leaflet item.

Left out, with the reason:
- headings (the leaflet has its own sections);
- a sentence with an error-level finding in it (or on its claim), a testimonial, a
  claim an editor rejected;
- the rest of a unit whose head or a qualifier was left out: a benefit is never shown
  without the hedge, limitation or certainty statement that follows it. Safety
  qualifiers (a crisis line, an "off-label" statement, a catalog caveat) are never
  dropped with their unit: they stay as a unit of their own unless they have an
  error themselves.

Sections (`SECTIONS`), chosen for each unit by its first sentence that asks for one; a
sentence asks, in this order, for: a
question; "do not use ... if" (before you use it); giving and dosing (how it is given);
"tell your doctor", "watch for" (before you use it); harms, side effects and catalog
undesirable effects (possible side effects); a benefit claim (how well it works); a
regulatory claim (what it is). Anything else (background, an "off-label" lead-in, a
limitation or another catalog caveat on its own) goes with the next unit of its
paragraph (a lead-in), else follows the article's heading when that names a section
("Side effects", "What the trials found"), else the next unit under the same heading,
else the one before. A lead-in qualifier that is left out takes the rest of its
paragraph with it.

    >>> qualifier("But the effect was short-lived.")
    'limitation'
    >>> qualifier("But most people in the trial were young.")
    'hedge'
    >>> qualifier("The authors rated the certainty of this evidence as very low.")
    'certainty'
    >>> qualifier("Doctors may use it off-label for this.")
    'off-label'
    >>> qualifier("The drug helped most people in the trial.") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kettools.claims.records import claim_id
from kettools.export import ExportInput
from kettools.export.leaflet.model import plain
from kettools.ingest.document import Block, Sentence
from kettools.language.caveats import stated
from kettools.models.catalog import CaveatType, Drug
from kettools.models.claims import ClaimKind, ClaimRecord, ReviewStatus
from kettools.models.finding import Finding, Severity

SECTIONS = ("what", "before", "how", "effects", "works", "questions")

BENEFIT_KINDS = {
    ClaimKind.efficacy,
    ClaimKind.comparative,
    ClaimKind.epidemiology,
    ClaimKind.mechanism,
}
# qualifiers that are safety information: kept even when the unit they belong to is not
SAFETY_QUALIFIERS = {"crisis", "off-label", "caveat"}

_I = re.I
QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "crisis",
        re.compile(
            r"\b(call|text|phone|ring|dial)\b[^.]{0,40}\b\d{3}\b|\bcrisis (line|team|service)|"
            r"\bhelpline\b|\bhotline\b|\bemergency (department|services|number)\b|"
            r"\b(get|seek) (medical )?help (at once|now|right away|straight away|immediately)",
            _I,
        ),
    ),
    ("off-label", re.compile(r"\boff[- ]label\b|\bunlicensed\b|\bnot (been )?licensed\b", _I)),
    (
        "certainty",
        re.compile(
            r"\b(very low|low|moderate)\b[^.]{0,30}\b(certainty|confidence|quality|trust)\b|"
            r"\b(certainty|confidence|trust)\b[^.]{0,50}\b(very low|low|moderate)\b",
            _I,
        ),
    ),
    (
        "limitation",
        re.compile(
            r"\bshort[- ]lived\b|\bsmall (study|studies|trial|trials|number)\b|"
            r"\bno (placebo|control|comparison) group\b|\bnot blinded\b|\bearly stage\b|"
            r"\bpreliminary\b|\bweak (support|evidence)\b|"
            r"\b(more|further) (research|studies|trials)\b|"
            r"\bnot (well |yet )?(known|understood|proven|studied)\b|\bunknown\b|\bwears? off\b|"
            r"\bfades?\b|\bdid not last\b|\bonly (lasted|a few)\b|\bmodest\b|\blimited\b|"
            r"\buncertain\b|\bnot everyone\b|\bdid not (help|work|improve)\b",
            _I,
        ),
    ),
    (
        "hedge",
        re.compile(
            r"^(but|however|although|though|yet|still|even so|that said)\b|"
            r"\b(may|might|could) (not|also)\b|\bit is not clear\b|\bunclear\b",
            _I,
        ),
    ),
]
# qualifiers that join the sentence before them (safety ones may open a unit)
_JOINS = {"crisis", "off-label", "certainty", "limitation", "hedge"}

_REFERS_BACK = re.compile(
    r"^(?:it|its|they|their|them|this|these|that|those|he|she|after that|after|but|so|if|"
    r"for those|then|also|however|here|even so|still|yet|otherwise)\b",
    _I,
)
_INSTRUCTION_AFTER = re.compile(
    r"^(tell|ask|talk to|speak to) (your|a) (doctor|nurse|pharmacist|care team)", _I
)
_CONTRA = re.compile(
    r"^(do not|don't|never|you should not|you must not) (use|take|have|be given)\b[^.]*\bif\b|"
    r"\bnot (advised|recommended|suitable)\b[^.]*\b(if|for|in|during|while)\b|"
    r"\bshould not (use|take|have|be given)\b",
    _I,
)
_HOW = re.compile(
    r"\b(drive|driving)\b|\b(watch|watches|observe|observes|monitor|monitors) you\b|"
    r"\bstaff (watch|observe|check|monitor)|\btake [^.]{0,25}\bhome\b|"
    r"\b(once|twice|three times|every) (a |per |in |every )?(day|week|month|two weeks)\b|"
    r"\byou (use|take|have|get) (it|the)\b",
    _I,
)
_PRECAUTION = re.compile(
    r"^(tell|ask|talk to|speak to) (your|a) (doctor|nurse|pharmacist|care team)|"
    r"^(watch|look out) for\b|^before (you|starting|taking|using)\b",
    _I,
)
_HARM = re.compile(
    r"\bside[- ]effects?\b|\badverse\b|\brisks?\b|\bharms?\b|\bdamage\b|\btoxic|"
    r"\bdizz|\bnause|\bheadache|\bvomit|\bsleepy\b|\bdrows|\bmisused?\b|\bdepend on\b|"
    r"\baddict|\bblood pressure\b|\bdissociat|\bworsen|\ballerg|\boverdose",
    _I,
)
_EVIDENCE = re.compile(
    r"\btrials?\b|\bstud(y|ies)\b|\breview\b|\bplacebo\b|\bresponded\b|\bimproved\b|"
    r"\bbetter than\b|\bno worse\b|\bcompared (with|to)\b|\bmore than\b",
    _I,
)
# an article heading that names a leaflet section (used for sentences nothing else places)
HEADING_HINTS: list[tuple[str, re.Pattern[str]]] = [
    ("questions", re.compile(r"\bquestions?\b", _I)),
    ("before", re.compile(r"\bwho should not\b|\bbefore\b|\bwarnings?\b|\bprecautions?\b", _I)),
    ("effects", re.compile(r"\bside[- ]effects?\b|\brisks?\b|\bsafety\b|\bharms?\b", _I)),
    ("how", re.compile(r"\bhow\b[^.]*\b(given|used|taken|use)\b|\bdos(e|es|ing)\b", _I)),
    ("what", re.compile(r"^what\b[^.]*\b(is|are)\b|\babout\b", _I)),
    (
        "works",
        re.compile(r"\btrials?\b|\bevidence\b|\bresearch\b|\bworks?\b|\bfound\b|\bresults?\b", _I),
    ),
]


def qualifier(text: str, drug: Drug | None = None) -> str | None:
    """The kind of qualification a sentence gives, if any: crisis, off-label, certainty,
    limitation, hedge, or caveat (it states one of the drug's catalog caveats)."""
    for kind, pattern in QUALIFIERS:
        if pattern.search(text):
            return kind
    if drug is not None and stated([text], drug):
        return "caveat"
    return None


@dataclass(frozen=True, slots=True)
class Placed:
    """One sentence of the article and what the leaflet did with it."""

    line: int
    column: int
    text: str  # the sentence as the leaflet shows it (plain text)
    section: str | None  # None: left out
    reason: str  # why it is there, or why it is left out
    qualifier: str | None = None


@dataclass(slots=True)
class Unit:
    sentences: list[Sentence]
    block: int
    part: int  # the article part (heading) it is under
    section: str | None = None
    claims: list[ClaimRecord] = field(default_factory=list)
    out: str | None = None  # why the unit is left out


@dataclass(slots=True)
class Placement:
    """What `place` found: the placed units in reading order, and every sentence."""

    units: list[Unit]
    sentences: list[Placed]
    drug: Drug | None

    def left_out(self) -> list[Placed]:
        return [p for p in self.sentences if p.section is None]


def _span(item: ExportInput, s: Sentence) -> tuple[int, int, int, int]:
    span = item.article.span(s.start, s.end)
    return span.line, span.column, span.end_line, span.end_column


def _error_for(item: ExportInput, s: Sentence, claim: ClaimRecord | None) -> Finding | None:
    """An error-level finding on the sentence: on its claim, with a non-empty range
    inside it (article-level findings point at an empty range and drop nothing), or
    one whose words (three or more: a stuffed search phrase) the sentence holds twice."""
    line, col, end_line, end_col = _span(item, s)
    # by id too: a sentence written twice is one claim, found at its first place
    ids = {claim.id if claim is not None else "", claim_id(s.plain)}
    for f in item.findings:
        # metadata findings are about the front matter (author, reviewer, dates); without
        # front matter they point at the first line, which holds sentences
        if f.severity != Severity.error or f.category == "metadata":
            continue
        if f.claim_id in ids:
            return f
        start, end = (f.line, f.column), (f.end_line, f.end_column)
        if end > start and (line, col) <= start and end <= (end_line, end_col):
            return f
    text = " ".join(s.plain.lower().split())
    for f in item.findings:  # an error's phrase stuffed into this sentence too (twice or more)
        words = " ".join(f.excerpt.lower().split())
        if f.severity == Severity.error and len(words.split()) >= 3 and text.count(words) >= 2:
            return f
    return None


def _why_out(item: ExportInput, s: Sentence, claim: ClaimRecord | None) -> str | None:
    found = _error_for(item, s, claim)
    if found is not None:
        return f"error {found.code} {found.name}: {found.message}"
    if claim is not None and claim.review.status == ReviewStatus.rejected:
        return "an editor rejected this claim"
    if claim is not None and claim.kind == ClaimKind.testimonial:
        return "a personal story, not evidence"
    return None


def section_of(text: str, claim: ClaimRecord | None, drug: Drug | None) -> str | None:
    """The section a sentence asks for by itself, or None (it follows its context)."""
    kind = claim.kind if claim else None
    caveat_types = set()
    if drug is not None:
        ids = set(stated([text], drug))
        caveat_types = {c.type for c in drug.caveats if c.id in ids}
    own = qualifier(text)
    if text.rstrip().endswith("?"):
        return "questions"
    if _CONTRA.search(text) or CaveatType.contraindication in caveat_types:
        return "before"
    if _HOW.search(text):
        return "how"
    if _PRECAUTION.search(text):
        return "before"
    if _HARM.search(text) or CaveatType.undesirable_effect in caveat_types:
        return "effects"
    if own in ("off-label", "limitation", "certainty", "hedge") or caveat_types:
        return None  # a qualifier or a catalog caveat goes where its context goes
    if _EVIDENCE.search(text) and kind != ClaimKind.regulatory:
        return "works"
    if kind == ClaimKind.dosing:
        return "how"
    if kind == ClaimKind.safety:
        return "effects"
    if kind in BENEFIT_KINDS:
        return "works"
    if kind == ClaimKind.regulatory:
        return "what"
    return None


def _heading_hint(heading: str) -> str | None:
    for section, pattern in HEADING_HINTS:
        if pattern.search(heading):
            return section
    return None


def _units(
    item: ExportInput, drug: Drug | None, claims: dict[tuple[int, int, int, int], ClaimRecord]
) -> tuple[list[Unit], list[Placed]]:
    """Split the article into units and note the headings and lone left-out sentences."""
    units: list[Unit] = []
    placed: list[Placed] = []
    part = 0
    for index, block in enumerate(item.article.blocks):
        if block.kind == "heading":
            part = index
            for s in block.sentences:
                line, col, _, _ = _span(item, s)
                placed.append(
                    Placed(line, col, plain(s.plain), None, "a heading: the leaflet has its own")
                )
            continue
        current: Unit | None = None
        for s in block.sentences:
            text = plain(s.plain)
            if not text:
                continue
            kind = qualifier(text, drug)
            joins = current is not None and (
                bool(_REFERS_BACK.match(text))
                or kind in _JOINS
                or bool(_INSTRUCTION_AFTER.match(text))
            )
            if not joins or current is None:
                current = Unit([], index, part)
                units.append(current)
            current.sentences.append(s)
            claim = claims.get(_span(item, s))
            if claim is not None:
                current.claims.append(claim)
    return units, placed


def _block_heading(item: ExportInput, part: int) -> str:
    block: Block = item.article.blocks[part]
    return block.plain if block.kind == "heading" else ""


def place(item: ExportInput, drug: Drug | None) -> Placement:
    """Every sentence of the article, placed in a section or left out with a reason."""
    claims = {
        (c.span.line, c.span.column, c.span.end_line, c.span.end_column): c
        for c in item.claims
        if not c.stale
    }
    units, placed = _units(item, drug, claims)
    notes: dict[int, tuple[str | None, str]] = {}  # id(sentence) -> (qualifier, reason)

    # leave out what must go; rescue safety qualifiers of a unit that goes
    kept: list[Unit] = []
    lead_out: tuple[int, str] | None = None  # (block, reason): a qualifying lead-in that went
    for unit in units:
        reasons = []
        for s in unit.sentences:
            claim = claims.get(_span(item, s))
            why = _why_out(item, s, claim)
            if why:
                reasons.append((s, why))
        if not reasons and lead_out is not None and lead_out[0] == unit.block:
            # what a left-out hedge or limitation opened ("Early results only: ...") goes too
            reasons.append((unit.sentences[0], lead_out[1]))
            for s in unit.sentences[1:]:
                if qualifier(plain(s.plain), drug) not in SAFETY_QUALIFIERS:
                    reasons.append((s, lead_out[1]))
        lead_out = None
        head_kind = qualifier(plain(unit.sentences[0].plain), drug)
        if reasons and head_kind in _JOINS - SAFETY_QUALIFIERS:
            line = _span(item, unit.sentences[0])[0]
            lead_out = (unit.block, f"goes with the sentence on line {line}, left out")
        if not reasons:
            kept.append(unit)
            continue
        bad = {id(s) for s, _ in reasons}
        first_line = _span(item, reasons[0][0])[0]
        rescued: list[Sentence] = []
        for s in unit.sentences:
            text = plain(s.plain)
            kind = qualifier(text, drug)
            if id(s) in bad:
                why = next(w for x, w in reasons if x is s)
                notes[id(s)] = (kind, why)
            elif kind in SAFETY_QUALIFIERS:
                rescued.append(s)
            else:
                notes[id(s)] = (kind, f"goes with the sentence on line {first_line}, left out")
        unit.out = reasons[0][1]
        if rescued:
            kept.append(
                Unit(
                    rescued,
                    unit.block,
                    unit.part,
                    claims=[c for s in rescued if (c := claims.get(_span(item, s))) is not None],
                )
            )
    # sections: by a sentence that asks for one, else by the context
    for unit in kept:  # the first sentence that asks for a section decides
        unit.section = next(
            (
                section
                for x in unit.sentences
                if (section := section_of(plain(x.plain), claims.get(_span(item, x)), drug))
            ),
            None,
        )
    for i, unit in enumerate(kept):
        if unit.section is not None:
            continue
        # a lead-in ("Early results only.") goes where what it leads into goes
        after = kept[i + 1] if i + 1 < len(kept) and kept[i + 1].block == unit.block else None
        hint = _heading_hint(_block_heading(item, unit.part))
        later = next(
            (u.section for u in kept[i + 1 :] if u.part == unit.part and u.section),
            None,
        )
        earlier = next(
            (u.section for u in reversed(kept[:i]) if u.part == unit.part and u.section),
            None,
        )
        unit.section = (after.section if after else None) or hint or later or earlier or "what"
    # every sentence, in reading order
    for unit in kept:
        for s in unit.sentences:
            line, col, _, _ = _span(item, s)
            text = plain(s.plain)
            placed.append(Placed(line, col, text, unit.section, "placed", qualifier(text, drug)))
    for unit in units:
        for s in unit.sentences:
            if id(s) in notes:
                line, col, _, _ = _span(item, s)
                kind, why = notes[id(s)]
                placed.append(Placed(line, col, plain(s.plain), None, why, kind))
    placed.sort(key=lambda p: (p.line, p.column))
    return Placement(kept, placed, drug)
