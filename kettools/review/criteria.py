"""The twelve criteria, one small judge each. A judge reads the cues it needs and returns
a score (how sure it is that the criterion is NOT satisfied), the cues that decided it,
and why.

Scores are a logistic function of a few counted cues, with weights written here; the
same cues give the same score in any article, so scores compare across articles. A score
of 0.5 or more is `not_satisfactory`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from kettools.models.review import Criterion, EvidenceSpan, Verdict
from kettools.review.sources import Sources, has_quote
from kettools.review.study import Study
from kettools.review.text import Hit, Text


@dataclass(slots=True)
class Reading:
    """What the judges read: the prose, the study described, and the sources."""

    text: Text
    study: Study
    sources: Sources


_NOT_DESIGNS = frozenset({"association", "modelling"})  # not a design of a study in people


def logistic(x: float) -> float:
    return round(1 / (1 + math.exp(-x)), 3)


def judged(
    score: float, met: str, unmet: str, spans: list[EvidenceSpan], na: str | None = None
) -> Criterion:
    if na is not None:
        return Criterion(verdict=Verdict.not_applicable, score=score, why=na, evidence=spans)
    if score >= 0.5:
        return Criterion(verdict=Verdict.not_satisfactory, score=score, why=unmet, evidence=spans)
    return Criterion(verdict=Verdict.satisfactory, score=score, why=met, evidence=spans)


def _n(hits: list[Hit], cap: int = 3) -> int:
    """How many distinct paragraphs hold a cue, capped: one repeated word is one cue."""
    return min(len({h.block for h in hits}), cap)


def costs(r: Reading) -> Criterion:
    t = r.text
    price = t.cues("costs", "price")
    mention = t.cues("costs", "mention")
    x = 2.0 - 1.0 * _n(mention, 3) - 1.6 * min(len(price), 1)
    return judged(
        logistic(x),
        "it says what the intervention costs or who pays",
        "it says what the intervention costs or who pays only in passing"
        if price or mention
        else "it never says what the intervention costs or whether insurance pays",
        t.spans(price + mention),
    )


def _distinct(hits: list[Hit], cap: int = 3) -> int:
    """How many different phrases the hits are, capped: a caveat said twice is one."""
    return min(len({h.text.lower() for h in hits}), cap)


def _sentences(t: Text, hits: list[Hit], least: int = 1) -> int:
    """How many sentences hold at least `least` of the hits."""
    counts: dict[tuple[int, int], int] = {}
    for hit in hits:
        key = t.sentence_at(hit)
        counts[key] = counts.get(key, 0) + 1
    return sum(1 for n in counts.values() if n >= least)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _figures(t: Text) -> list[Hit]:
    """Figures in the text, years left out."""
    return [h for h in t.cues("benefits", "figure") if not _YEAR.fullmatch(h.text)]


def benefits(r: Reading) -> Criterion:
    t = r.text
    absolute = t.cues("benefits", "absolute")
    counted = t.cues("benefits", "counted")
    relative = t.cues("benefits", "relative")
    percent = _sentences(t, t.cues("benefits", "percent"))
    figures = _sentences(t, _figures(t), least=2)
    x = (
        1.15
        - 0.35 * min(percent, 3)
        - 1.2 * _n(absolute, 2)
        - 0.3 * _n(counted, 2)
        - 0.15 * min(figures, 8)
    )
    if absolute:
        why = "it gives the benefit as absolute numbers"
    elif relative:
        why = "it gives relative figures with no absolute numbers beside them"
    elif counted:
        why = "it counts people or gives shares, but sets no two results side by side"
    elif percent or figures:
        why = f"it gives figures in {max(percent, figures)} sentences but no absolute comparison"
    else:
        why = "it does not put a number on the benefit"
    return judged(logistic(x), why, why, t.spans(absolute or relative or counted))


def harms(r: Reading) -> Criterion:
    t = r.text
    direct = t.cues("harms", "direct")
    symptoms = t.in_sentence_with(t.cues("harms", "symptom"), t.cues("harms", "symptom_context"))
    vague = t.cues("harms", "vague_safe")
    safety = t.cues("harms", "safety")
    counted = t.in_sentence_with(direct + symptoms, t.cues("harms", "frequency"))
    x = (
        1.7
        - 0.75 * _n(direct, 4)
        - 0.7 * _n(symptoms, 4)
        - 0.5 * _n(counted, 2)
        - 0.4 * _n(safety, 2)
        + 0.8 * min(len(vague), 1)
    )
    return judged(
        logistic(x),
        "it names side effects, risks or complications",
        (
            "it mentions harms only in passing"
            if direct or symptoms or safety
            else "it names no harms"
        )
        + (" and calls the intervention safe" if vague else ""),
        t.spans(direct + symptoms + safety + vague),
    )


def evidence(r: Reading) -> Criterion:
    s, t = r.study, r.text
    designs = [h for k, hits in s.design.items() if k not in _NOT_DESIGNS for h in hits]
    stages = [h for hits in s.stage.values() for h in hits]
    details = _sentences(t, _figures(t))
    x = (
        2.1
        - 0.7 * _distinct(s.limitation + s.small, 3)
        - 0.5 * _n(designs, 2)
        - 0.3 * _n(s.size, 3)
        - 0.4 * _n(stages, 2)
        - 0.8 * _n(s.allocation, 1)
        - 0.4 * _n(s.follow_up, 1)
        - 0.06 * min(details, 15)
    )
    cues = s.limitation + stages + designs + s.allocation + s.size + s.follow_up
    if s.limitation:
        met = "it says what kind of study this was and what it cannot show"
    else:
        met = "it describes the study's design, size or stage, with figures"
    unmet = (
        "it reports an animal or cell study without saying it may not hold in people"
        if s.preclinical_only
        else "it says little about how strong the evidence is (design, size, stage, limits)"
    )
    return judged(logistic(x), met, unmet, t.spans(cues + s.preclinical))


def mongering(r: Reading) -> Criterion:
    t = r.text
    hits = t.cues("language", "mongering", headings=True)
    x = -2.0 + 0.6 * _n(hits, 4)
    return judged(
        logistic(x),
        "it does not widen or dramatise the condition",
        "it dramatises how common or serious the condition is",
        t.spans(hits),
    )


def _declared(t: Text, key: str) -> list[EvidenceSpan]:
    """The front-matter line that states `key` (`disclosure: ...`), as evidence: what an
    article declares in its front matter is published with it."""
    article = t.article
    line = article.front_matter_lines.get(key)
    if line is None or not str(article.front_matter.get(key) or "").strip():
        return []
    text = article.source.line_text(line)
    return [EvidenceSpan(line=line, column=1, end_line=line, end_column=len(text) + 1, text=text)]


def funding_coi(r: Reading) -> Criterion:
    t = r.text
    hits = r.sources.funding
    declared = _declared(t, "disclosure")  # counts as one paragraph that discloses
    x = 1.2 - 1.3 * min(_n(hits, 3) + len(declared), 3)
    return judged(
        logistic(x),
        "it says who paid for the work or states the conflicts of interest",
        "it does not say who paid for the work or whether anyone has a conflict of interest",
        declared + t.spans(hits),
    )


def independent_sources(r: Reading) -> Criterion:
    t, s = r.text, r.sources
    x = 1.8 - 2.0 * _n(s.independent, 2) - 0.5 * min(len(s.names), 4) - 1.0 * min(len(s.outside), 2)
    if s.independent:
        met = "it quotes someone not involved in the study"
    elif s.outside:
        met = "it quotes people described by their work, not as the study's authors"
    else:
        met = f"it quotes {len(s.names)} named people"
    return judged(
        logistic(x),
        met,
        "it quotes no one independent of the study",
        t.spans(s.independent + (s.outside or s.quotes)),
    )


def alternatives(r: Reading) -> Criterion:
    t = r.text
    named = t.cues("alternatives", "named")
    hinted = t.cues("alternatives", "hinted")
    # A trial that allots its groups one of two options at random, none a placebo or a
    # control, compares them head to head: weighed as one named option.
    allotted = (
        t.in_sentence_with(r.study.allocation, t.cues("alternatives", "arms"))
        if r.study.allocation
        else []
    )
    inactive = t.in_sentence_with(allotted, t.cues("alternatives", "inactive")) if allotted else []
    trial = [h for h in allotted if h not in inactive]
    # Work on animals or cells, and no study in people, is far from the options patients
    # have: a sign against, weighed below one named option.
    lab = bool(r.study.preclinical) and not r.study.human_study
    x = 0.6 - 0.9 * min(_n(named, 3) + _n(trial, 1), 3) - 0.3 * _n(hinted, 3) + 0.6 * lab
    named = named + trial
    if named or hinted:
        unmet = "it only hints at existing options"
    elif lab:
        unmet = "it reports work on animals or cells and names none of the options patients have"
    else:
        unmet = "it does not compare the approach with existing options"
    return judged(
        logistic(x),
        "it compares the approach with existing options",
        unmet,
        t.spans(named + hinted or (r.study.preclinical if lab else [])),
    )


def availability(r: Reading) -> Criterion:
    t = r.text
    status = t.cues("availability", "status")
    stated = t.cues("availability", "stated")
    everyday = t.cues("availability", "everyday")
    price = t.cues("costs", "price")  # what it costs says one can buy it
    # A link reported in two paragraphs or more ("linked to", "associated with") is about
    # something people already eat, take or do, so likely to be had: weighed as one
    # paragraph of stated words, it does not satisfy the criterion alone.
    linked = r.study.design.get("association", [])
    exposure = _n(linked, 2) == 2
    x = (
        1.6
        - 1.2 * _n(status, 2)
        - 0.6 * _n(stated, 3)
        - 0.6 * min(len(price), 1)
        - 0.3 * _n(everyday, 2)
        - 0.6 * exposure
    )
    return judged(
        logistic(x),
        "it says whether and where the intervention can be had"
        + (", and it reports a link with something people already have or do" if exposure else ""),
        "it says little about whether the intervention is available"
        if status or stated
        else "it does not say whether the intervention is available",
        t.spans(status + stated + price + (linked if exposure else [])),
    )


def novelty(r: Reading) -> Criterion:
    t = r.text
    placed = t.cues("novelty", "placed", headings=True)
    first = t.cues("novelty", "first", headings=True)
    # Earlier work placed by the writer, or by a voice independent of the study, counts
    # in full; the same words in a quotation from anyone else ("this confirms what we
    # thought") are the study's own people judging their work, and count half.
    independent = {h.block for h in r.sources.independent}
    written = [h for h in placed if h.block in independent or not has_quote(t.sentence(h))]
    x = 0.5 - 0.3 * (_n(placed, 4) + _n(written, 4)) - 0.3 * _n(first, 2)
    if first and not placed:
        unmet = "it calls the work new or the first but does not say what came before"
    elif placed and not written:
        unmet = "only the study's own people, in quotations, say how it fits earlier work"
    else:
        unmet = "it does not say what is new here or what came before"
    return judged(
        logistic(x),
        "it says what is new and places it among earlier work",
        unmet,
        t.spans(placed + first),
    )


def news_release(r: Reading) -> Criterion:
    t, s = r.text, r.sources
    x = (
        -1.1
        + 1.0 * _n(s.release, 3)
        + 1.0 * min(len(s.reliance), 2)
        - 0.6 * min(len(s.independent), 1)
        - 1.0 * _n(s.reporting, 2)
    )
    return judged(
        logistic(x),
        "it does not read as, or rest on, a press release",
        "it reads as a press release or rests on one",
        t.spans(s.release + s.reliance),
    )


def sensational(r: Reading) -> Criterion:
    t = r.text
    strong = t.cues("language", "sensational", headings=True)
    claims = [  # in the headline (a level-1 heading), not in a section's heading
        h
        for h in t.cues("language", "claim", headings=True)
        if h.block in t.heading and t.article.blocks[h.block].level == 1
    ]
    hedged: set[int] = set()  # looked for only where a headline claims
    if claims:
        hedged = {h.block for h in t.cues("language", "hedged", headings=True)}
        asked = {h.block for h in t.cues("language", "questioned", headings=True)}
        asked |= {i for i in t.heading if "?" in t.article.blocks[i].plain}
        claims = [h for h in claims if h.block not in hedged | asked]
    # A settled headline is sensational alone unless the lead (the first two
    # paragraphs) hedges what it claims; then it weighs as one strong word.
    lead = {i for i, _ in t.blocks[:2]}
    claimed = (0.7 if hedged & lead else 1.0) * _n(claims, 1)
    x = -1.0 + 0.7 * min(len(strong), 5) + claimed
    return judged(
        logistic(x),
        "its language stays measured",
        (
            "it uses sensational language the evidence does not justify"
            + (" and a headline states a health effect as settled" if claims else "")
            if strong
            else "its headline states a health effect as settled and its lead does not hedge it"
        ),
        t.spans(claims + strong),
    )


JUDGES: dict[str, Callable[[Reading], Criterion]] = {
    "costs": costs,
    "benefits": benefits,
    "harms": harms,
    "evidence": evidence,
    "mongering": mongering,
    "funding_coi": funding_coi,
    "independent_sources": independent_sources,
    "alternatives": alternatives,
    "availability": availability,
    "novelty": novelty,
    "news_release": news_release,
    "sensational": sensational,
}
