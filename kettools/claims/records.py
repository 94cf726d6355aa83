"""Build claim records from an ingested article and the sentence analysis.

- Citations: a sentence's own keys; a sentence without any inherits those of its
  paragraph's last sentence when the paragraph cites once, at its end.
- Evidence: the editor's override, else the strongest level among resolvable citations.
- Caveats: catalog caveats of the article's drug stated in the claim's section (the
  blocks between two headings); see `kettools.language.caveats`.
- Intervention: the drug the sentence names; else the drug its section's heading names
  (a "Ketamine infusions" section of an esketamine article is about ketamine); else the
  article's drug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kettools.ingest.document import Article, Sentence
from kettools.language.analysis import Analyzer, SentenceAnalysis
from kettools.language.caveats import Stated
from kettools.models.catalog import Drug
from kettools.models.claims import ClaimRecord, Cue, Subject
from kettools.models.reference import Evidence, Reference

_SPACE = re.compile(r"\s+")


def claim_id(plain: str) -> str:
    """`c-` + 10 hex digits of the SHA-256 of the normalised sentence (case, space, quotes)."""
    text = unicodedata.normalize("NFKC", plain).casefold()
    text = _SPACE.sub(" ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()
    return "c-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def strongest(keys: list[str], references: dict[str, Reference]) -> Evidence | None:
    levels = [references[k].evidence for k in keys if k in references]
    known = [level for level in levels if level is not None]
    return max(known, key=lambda level: level.rank) if known else None


def sections(article: Article) -> list[int]:
    """Section number of each block (a heading starts a new section)."""
    numbers, current = [], 0
    for block in article.blocks:
        if block.kind == "heading":
            current += 1
        numbers.append(current)
    return numbers


def section_drugs(article: Article, analyzer: Analyzer) -> dict[int, str]:
    """Section number -> the catalog drug its heading names first (sections as `sections`)."""
    found: dict[int, str] = {}
    number = 0
    for block in article.blocks:
        if block.kind != "heading":
            continue
        number += 1
        hits = analyzer.subjects.find(block.plain.lower())
        drug = next((h.id for h in hits if h.kind == "drug"), None)
        if drug is not None:
            found[number] = drug
    return found


def _citations(article: Article, sentence: Sentence) -> list[str]:
    keys = [c.key for c in sentence.citations]
    if keys:
        return list(dict.fromkeys(keys))
    block = article.blocks[sentence.block]
    cited = [s for s in block.sentences if s.citations]
    if len(cited) == 1 and cited[0] is block.sentences[-1]:
        return list(dict.fromkeys(c.key for c in cited[0].citations))
    return []


def _cues(article: Article, sentence: Sentence, analysis: SentenceAnalysis) -> list[Cue]:
    cues = []
    for hit in analysis.cues:
        start = sentence.offsets[hit.start]
        end = sentence.offsets[hit.end - 1] + 1
        cues.append(
            Cue(kind=hit.kind, text=article.source.text[start:end], span=article.span(start, end))
        )
    return cues


def build_claims(
    article: Article,
    analyzer: Analyzer,
    references: dict[str, Reference],
    drug: Drug | None,
    caveats: Stated,
) -> list[ClaimRecord]:
    section_of = sections(article)
    heading_drug = section_drugs(article, analyzer)
    section_caveats: dict[int, list[str]] = {}
    for cid, blocks in caveats.items():  # catalog order
        for number in sorted({section_of[b] for b in blocks}):
            section_caveats.setdefault(number, []).append(cid)

    claims: list[ClaimRecord] = []
    seen: set[str] = set()
    for sentence in article.sentences:
        if article.blocks[sentence.block].kind == "heading":
            continue  # headings name topics; they are not claims
        analysis = analyzer.claim(sentence.plain)
        if analysis is None:
            continue
        cid = claim_id(sentence.plain)
        if cid in seen:  # the same sentence twice: one record, at its first place
            continue
        seen.add(cid)
        keys = _citations(article, sentence)
        claims.append(
            ClaimRecord(
                id=cid,
                text=sentence.text,
                span=article.span(sentence.start, sentence.end),
                kind=analysis.kind,
                strength=analysis.strength,
                certainty=analysis.certainty,
                cues=_cues(article, sentence, analysis),
                subject=Subject(
                    intervention=analysis.intervention
                    or heading_drug.get(section_of[sentence.block])
                    or (drug.id if drug else None),
                    conditions=list(analysis.conditions),
                    population=analysis.population,
                ),
                citations=keys,
                evidence=strongest(keys, references),
                caveats=list(section_caveats.get(section_of[sentence.block], ())),
            )
        )
    return claims
