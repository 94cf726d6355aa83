"""Review one article: read its cues once, judge every criterion, rate it; and the
evidence level its words describe, for the policies on causal wording (KT203, KT204)."""

from __future__ import annotations

from typing import Any

from kettools.ingest.document import Article
from kettools.models.reference import Evidence
from kettools.models.review import KEYS, Review, rating
from kettools.review.criteria import JUDGES, Reading
from kettools.review.sources import has_quote, read_sources
from kettools.review.study import Study, read_study
from kettools.review.text import Text


def read(article: Article) -> Reading:
    text = Text(article)
    return Reading(text, read_study(text), read_sources(text))


def review(article: Article, reading: Reading | None = None) -> Review:
    reading = reading or read(article)
    criteria = {key: JUDGES[key](reading) for key in KEYS}
    return Review(rating=rating(criteria), criteria=criteria)


_JUDGED_KINDS = frozenset({"efficacy", "safety", "comparative"})


def text_evidence(claims: list[dict[str, Any]], study: Study) -> list[dict[str, Any]]:
    """Claim records as the policies read them, with the evidence level the article's
    words describe set where the citations give none, on the claims the policies should
    then judge: a causal claim about people (the sentence names people or patients, and
    is not a quotation) in an article that describes animal or cell work and no study in
    people is KT204. Designs described in words are not used for KT203: measured on
    well-rated news, the causal claims they would flag were quotations and general
    statements, not claims resting on the study. Sidecars and exports keep the cited
    level only."""
    level = study.level()
    if level != Evidence.preclinical:
        return claims
    for claim in claims:
        if claim["evidence"] is not None:
            continue
        causal = claim["kind"] in _JUDGED_KINDS and claim["strength"] == "direct_causal"
        if causal and claim["subject"]["population"] == "human" and not has_quote(claim["text"]):
            claim["evidence"] = level.value
            claim["evidence_from_text"] = True
    return claims
