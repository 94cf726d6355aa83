"""Review one article: read its cues once, judge every criterion, rate it; and the
evidence level its words describe, for the policies on causal wording (KT203, KT204)."""

from __future__ import annotations

from typing import Any

from kettools.ingest.document import Article
from kettools.review.criteria import JUDGES, Reading
from kettools.review.model import KEYS, Review, rating
from kettools.review.sources import read_sources
from kettools.review.study import Study, read_study
from kettools.review.text import Text


def read(article: Article) -> Reading:
    text = Text(article)
    return Reading(text, read_study(text), read_sources(text))


def review(article: Article, reading: Reading | None = None) -> Review:
    reading = reading or read(article)
    criteria = {key: JUDGES[key](reading) for key in KEYS}
    return Review(rating=rating(criteria), criteria=criteria)  # type: ignore[arg-type]


_JUDGED_KINDS = frozenset({"efficacy", "safety", "comparative"})


def text_evidence(claims: list[dict[str, Any]], study: Study) -> list[dict[str, Any]]:
    """Claim records as the policies read them, with the evidence level the article's
    words describe set on efficacy, safety and comparative claims whose citations give
    none. So "a study in 60 rats" makes a claim about people a KT204 finding, and a
    described observational study makes direct causal wording a KT203 finding, with or
    without a bibliography. Sidecars and exports keep the cited level only."""
    level = study.level()
    if level is None:
        return claims
    for claim in claims:
        if claim["evidence"] is None and claim["kind"] in _JUDGED_KINDS:
            claim["evidence"] = level.value
            claim["evidence_from_text"] = True
    return claims
