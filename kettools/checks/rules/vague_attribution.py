"""KT102: "studies show" and the like, with no citation in the sentence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    any_of,
    body_sentences,
    load_data,
    lower_case_words,
    sentence_keys,
    source_range,
)
from kettools.models.finding import Finding, Severity
from kettools.review.sources import speakers
from kettools.review.study import Study


@cache
def pattern() -> re.Pattern[str]:
    return any_of(load_data("attribution.yaml")["vague"])


@cache
def not_names() -> frozenset[str]:
    return frozenset(load_data("attribution.yaml")["not_names"])


# The noun an attribution credits, and the words before it that make it a particular one.
_NOUN = re.compile(
    r"\b(?:studies|research|science|evidence|experts|scientists|researchers|data)\b", re.I
)
_GENERIC = frozenset({"research", "science", "evidence"})  # "the research shows" names nothing
_POINTING = frozenset("these those this that both its their his her whose".split())
# "most of the studies", "a number of experts": a share of an unnamed crowd, still vague
_SHARE = frozenset(
    "most many some all several none one two three few majority number lot lots plenty "
    "dozens hundreds thousands handful".split()
)
_SUPPOSING = frozenset("if whether unless until once".split())  # "if further studies show"
_LINKS = frozenset({"of", "from"})  # "a review of 12 studies", "the findings from two studies"
_OTHERS = frozenset("other outside independent leading top".split())  # not the study's own
# a name after the noun: "research in the Journal of ...", "researchers at Northfield ..."
_PLACE = re.compile(
    r"\s+(?:published\b[^.;]{0,30}?\s)?(?:at|from|in|of)\s+(?:the\s+)?(?:journal\s+)?[A-Z]"
)
# "he said", "she adds": the person the paragraph has named speaks on
_PRONOUN_SAYS = re.compile(
    r"\b(?:he|she)\s+(?:says|said|adds|added|notes|noted|explains|explained)\b", re.I
)
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
    noun = _NOUN.search(text, start, end)
    if noun is None:
        return False
    cut = max(text.rfind(mark, 0, noun.start()) for mark in _BREAKS) + 1
    clause = _TOKEN.findall(text[cut : noun.start()])  # the words before it, in its clause
    near = [w.lower() for w in clause[-3:]]
    if any(w.lower() in _SUPPOSING for w in clause):
        return True
    if near and (near[-1] in _SHARE or near[-1] in _OTHERS):
        return False
    link = next((w for w in reversed(near) if w in _LINKS), None)
    if link is not None:
        at = len(near) - 1 - near[::-1].index(link)
        head = near[at - 1] if at > 0 else (clause[-4].lower() if len(clause) > 3 else "")
        return bool(head) and head not in _SHARE
    kind = noun.group().lower()
    if study and (kind == "researchers" or near[-1:] == ["new"]):
        return True
    if _PLACE.match(text, noun.end()):
        return True
    if any(w.lower() in _POINTING for w in clause[-4:]):
        return True
    if not clause:
        return False
    word = clause[-1]
    if near[-1] == "the":
        return study and kind not in _GENERIC
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
            first = pattern().search(text)
            if first is None or sentence_keys(ctx, sentence) or speakers(text):
                continue
            if _PRONOUN_SAYS.search(text) and speakers(ctx.article.blocks[sentence.block].plain):
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
