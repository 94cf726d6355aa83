"""KT102: "studies show" and the like, with no citation in the sentence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    Guarded,
    any_of,
    body_sentences,
    folded,
    guarded,
    lower_case_words,
    phrases,
    sentence_keys,
    source_range,
    words,
)
from kettools.models.finding import Finding, Severity
from kettools.review.sources import speakers
from kettools.review.study import Study

_DATA = "attribution.yaml"


def _words(key: str) -> frozenset[str]:
    return words(_DATA, key)


def _alternation(key: str) -> str:
    return "|".join(phrases(_DATA, key))


@cache
def pattern() -> re.Pattern[str]:
    return any_of(list(phrases(_DATA, "vague", bounded=True)))


@cache
def _guarded() -> Guarded:
    return guarded("vague", [pattern()])[0]


@cache
def not_names() -> frozenset[str]:
    """Sentence-opening words that are no names, capitalised ("The", "Many")."""
    return frozenset(w.capitalize() for w in _words("not_names"))


@cache
def _noun() -> re.Pattern[str]:
    """The noun an attribution credits."""
    return re.compile(rf"\b(?:{_alternation('credited')})\b", re.I)


@cache
def _place() -> re.Pattern[str]:
    """A name after the noun: "research in the Journal of ...", "researchers at Northfield ..."."""
    return re.compile(
        r"\s+(?:published\b[^.;]{0,30}?\s)?"
        rf"(?:{_alternation('place')})\s+(?:the\s+)?(?:journal\s+)?[A-Z]"
    )


@cache
def _pronoun_says() -> re.Pattern[str]:
    """A pronoun that speaks on ("he said", "she adds") for the person the paragraph names."""
    return re.compile(rf"\b(?:{_alternation('pronoun_says')})\b", re.I)


_BREAKS = ",;:()—–"  # marks that end a clause
_TOKEN = re.compile(r"[\w’'-]+")


def describes_study(study: Study | None) -> bool:
    """The article describes a study of its own: a design (as the review reads designs:
    "associated with" is none), a size, a stage or a journal."""
    return study is not None and bool(
        study.level() is not None or study.size or study.stage or study.publication
    )


def particular(text: str, start: int, end: int, lower: Counter[str], study: bool) -> bool:
    """The attribution at `start`..`end` of a sentence credits a particular source, not an
    unnamed crowd. `study`: the article describes its study. Read on the words before
    the noun in its clause (a comma, a colon or a bracket ends a clause), in order:

    0. a supposition attributes nothing: "if more studies show the spray is safe";
    1. a share of a crowd stays vague: "many researchers", "most of the studies",
       "other experts";
    2. the noun is the complement of another head: "an analysis of 12 studies found",
       "the findings from two studies suggest";
    3. "researchers", "the researchers" and "new research" of an article that
       describes its study are that study's;
    4. a name after the noun: "research published in May in the journal Sleep",
       "researchers at Northfield University say";
    5. a word that points back: "these two small studies", "his earlier research";
    6. a name before the noun: "a paper in Clinical Sleep Research found", "Nordic
       researchers found" (KT103 judges named sources). A capital that opens the
       sentence is a name only when the article never writes the word in lower case
       and it is not one of KT103's `not_names`.
    """
    noun = _noun().search(text, start, end)
    if noun is None:
        return False
    cut = max(text.rfind(mark, 0, noun.start()) for mark in _BREAKS) + 1
    clause = _TOKEN.findall(text[cut : noun.start()])  # the words before it, in its clause
    near = [w.lower() for w in clause[-3:]]
    share = _words("share")
    if any(w.lower() in _words("supposing") for w in clause):
        return True
    if near and (near[-1] in share or near[-1] in _words("others")):
        return False
    link = next((w for w in reversed(near) if w in _words("linking")), None)
    if link is not None:
        at = len(near) - 1 - near[::-1].index(link)
        head = near[at - 1] if at > 0 else (clause[-4].lower() if len(clause) > 3 else "")
        return bool(head) and head not in share
    kind = noun.group().lower()
    if study and (kind == "researchers" or near[-1:] == ["new"]):
        return True
    if _place().match(text, noun.end()):
        return True
    if any(w.lower() in _words("pointing") for w in clause[-4:]):
        return True
    if not clause:
        return False
    word = clause[-1]
    if near[-1] == "the":
        return study and kind not in _words("generic")
    if not word[0].isupper() or word in not_names():
        return False
    return len(clause) > 1 or lower[near[-1]] == 0


class VagueAttribution(Rule):
    """A claim credited to "studies", "research" or "experts" without saying which.

    Sentences of the article's prose (not headings) are matched against the vague
    attributions in `kettools/checks/rules/data/attribution.yaml`: "studies show", "research
    has demonstrated", "numerous studies have proven", "experts agree", "science says",
    "according to experts", "clinically proven". When the sentence (or its paragraph,
    where a paragraph cites once at its end) carries no citation, the finding sits on
    the attribution words. A cited sentence passes: the reader can check the study. So
    does a statement the sentence ties to a named person ("Studies show it helps, said
    Dr. Ana Ruiz", quoted or not, or "she said" in a paragraph that names her): the
    reader knows who says it, as in news reporting.
    And so do words that credit a particular source rather than an unnamed crowd: "these
    studies", "(the) researchers found" in an article that describes its study (a
    design, a size, a stage or a journal: they are that study's researchers), "a review
    of 12 studies found", or a name before the noun ("Nordic researchers found"; KT103
    judges named sources). "Many researchers", "most of the studies" and "other
    experts" stay vague (`particular` gives the steps).

    Failing:

        Studies have shown that ketamine lifts mood within hours.

    Passing:

        In a trial of 73 people, depression scores fell a day after one infusion [@murrough2013].

        In a trial of 73 adults, the researchers found that scores fell within a day.
    """

    code = "KT102"
    name = "vague-attribution"
    category = "unsupported"
    severity = Severity.error
    help = "Cite the studies you mean ([@key]), or say who found what and where it was published."

    def check(self, ctx: Context) -> Iterator[Finding]:
        lower: Counter[str] | None = None
        study = describes_study(ctx.study)
        for sentence in body_sentences(ctx):
            text = sentence.plain
            first = _guarded().search(text, folded(text))
            if first is None or sentence_keys(ctx, sentence) or speakers(text):
                continue
            if _pronoun_says().search(text) and speakers(ctx.article.blocks[sentence.block].plain):
                continue
            if lower is None:
                lower = lower_case_words(ctx)
            for match in pattern().finditer(text, first.start()):
                if particular(text, match.start(), match.end(), lower, study):
                    continue
                start, end = source_range(sentence.offsets, match.start(), match.end())
                yield self.finding(
                    ctx,
                    start,
                    end,
                    f"'{match.group()}' names no source: which studies, and where?",
                )
                break
