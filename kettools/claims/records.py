"""Build claim records from an ingested article and the sentence analysis.

- Citations: a sentence's own keys; a sentence without any inherits those of its
  paragraph's last sentence when the paragraph cites once, at its end.
- Evidence: the editor's override, else the strongest level among resolvable citations.
- Caveats: catalog caveats of the article's drug whose phrases occur in the claim's
  section (the text between two headings).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from kettools.claims.analysis import Analyzer, SentenceAnalysis
from kettools.ingest.document import Article, Sentence
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


@cache
def _caveat_patterns(
    caveats: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for cid, phrases in caveats:
        body = "|".join(re.escape(p) for p in phrases)
        # a lookahead on the phrases' first letters lets the engine skip most positions
        # before trying every phrase (the same matches, several times faster)
        firsts = {p[0] for p in phrases if p}
        guard = f"(?=[{re.escape(''.join(sorted(firsts)))}])" if all(phrases) and firsts else ""
        compiled.append((cid, re.compile(rf"\b{guard}(?:{body})\b", re.IGNORECASE)))
    return tuple(compiled)


def caveat_patterns(drug: Drug) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(id, pattern) of each of the drug's caveats, in catalog order, compiled once."""
    return _caveat_patterns(tuple((c.id, tuple(c.phrases)) for c in drug.caveats))


def caveats_in(text: str, drug: Drug | None) -> list[str]:
    """Ids of the drug's caveats whose phrases occur in `text` (whole words, any case)."""
    if drug is None:
        return []
    return [cid for cid, pattern in caveat_patterns(drug) if pattern.search(text)]


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
) -> list[ClaimRecord]:
    section_of = sections(article)
    section_text: dict[int, str] = {}
    for number, block in zip(section_of, article.blocks, strict=True):
        section_text[number] = section_text.get(number, "") + " " + block.plain
    found: dict[int, tuple[str, ...]] = {}

    def section_caveats(number: int) -> tuple[str, ...]:
        if number not in found:  # once per section, not once per claim
            found[number] = tuple(caveats_in(section_text[number], drug))
        return found[number]

    claims: list[ClaimRecord] = []
    seen: set[str] = set()
    for sentence in article.sentences:
        if article.blocks[sentence.block].kind == "heading":
            continue  # headings name topics; they are not claims
        analysis = analyzer.analyze(sentence.plain)
        if not analysis.is_claim:
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
                    intervention=analysis.intervention or (drug.id if drug else None),
                    conditions=list(analysis.conditions),
                    population=analysis.population,
                ),
                citations=keys,
                evidence=strongest(keys, references),
                caveats=list(section_caveats(section_of[sentence.block])),
            )
        )
    return claims
