"""Is a hype word or an absolute used as one here? Word sense, negation and scope.

A lexicon match is only a candidate. It is dropped when the words around it show that
the sentence does not make the overstated claim (context lists are data, in the
`hype.yaml` and `absolutes.yaml` lexicons):

* Hype (KT201). Negated or denied in its clause ("is not a cure", "hardly
  revolutionary"); named as a goal rather than a result ("the search for a cure",
  "closer to a breakthrough"); or, for words with an everyday sense, used in that
  sense: "instant" and "overnight" are hype only before an effect noun ("instant
  relief") or after a verb of effect ("it worked overnight"), not in "instant oatmeal"
  or "an overnight stay". An intensifier ("remarkable", "dramatically", "incredibly")
  is hype only in a clause about what a treatment does ("a remarkable recovery",
  "dramatically reduced symptoms"), not in "remarkably similar" or "a dramatic shift in
  care" (`treatment_outcome` in context.yaml, shared with the absolutes below). A cure
  with a share below 100 % in its clause is a measured rate ("cures up to 90 percent of
  children"), not hype.
* Absolutes (KT202). Inside a negated clause ("not always effective for all
  patients", "not everyone responds": the writer denies the absolute); "never" after a
  person ("who had never smoked": history, not a claim); an absolute about knowledge
  ("no one knows why", "to completely understand"), which states uncertainty; after
  a call for research ("more research is needed to fully ..."); after an approximator
  ("almost all", "nearly always"); stressing an absence ("absolutely no evidence");
  "no one" before a noun ("no one drug works for everyone": no single drug); or a
  quantifier followed by a past-tense verb that reports what happened in a study ("all
  patients had received", "everyone was given"). Three more readings of what a study
  or a story reports, in code: a share below 100 % later in the absolute's clause
  ("symptoms completely cleared in 40 % of patients": measured in part of a group); a
  comparison just before it ("versus no one in the placebo group": a count of zero); and
  "never" before a past-tense verb, not after "has", "have" or a form of "be" ("the rash
  never healed": what happened, not a rule).

  A quantifier ("always", "everyone", "no one") or a bare intensifier ("completely",
  "absolutely") is an absolute only about an outcome: its clause must name an effect,
  benefit, safety or harm ("always works", "everyone responds", "never causes side
  effects"; `treatment_outcome`). "There is never a good time", "the patient is completely
  awake" and "I was absolutely shocked" are ordinary speech, not claims of a treatment
  (`about_outcome`, read by ``analysis.py`` after the safety-instruction test). A
  quantifier followed by a past-tense verb reports what happened ("all patients
  suffered a reaction"), and one followed by an obligation gives advice ("no one should
  start a drug for this"); with a word of variation it says that people differ
  ("everyone heals differently"). A share, an approximation or the top of a range before
  the word ("about half of all patients", "relatively harmless", "from 80 to 100
  percent") is not all; "no", "none" and "nothing" deny it like "not".

The clause is the text since the last clause boundary (, ; : ( or a dash) before the
word, at most eight words back.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from kettools.language.lexicons import Match, exact, load, words

_BOUNDARY = re.compile(r"[,;:()\u2013\u2014]| - ")
_SHARE = re.compile(r"(?<![\d.])(?!100\b)\d{1,2}(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)")
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014!?]|\.(?!\d)")
# the words are in the context lexicon (context.yaml)
_COMPARED = re.compile(rf"(?:{words('compared_before')})\s*$")
_PAST = re.compile(rf"\s+(?:[a-z]+ly\s+)?(?:[a-z]{{2,}}ed|{exact('irregular_past')})\b")
_PERFECT_OR_BE = re.compile(rf"(?<![\w-])(?:{exact('perfect_or_be')})\s*$")
_NEVER = exact("absolute_never")
_NO_ONE = exact("absolute_no_one")
_WORDS_BACK = 8
_OUTCOME = re.compile(rf"(?<![\w-])(?:{words('treatment_outcome')})(?![\w-])")
#: Lexicon groups whose words are absolutes only about an outcome
#: (`treatment_outcome` in context.yaml).
_ABOUT_OUTCOME_ONLY = frozenset({"quantifier", "intensifier"})
_SPACE = r"\s+"


def _alternation(entries: list[str]) -> str:
    return "|".join("(?:" + e.replace(" ", _SPACE) + ")" for e in entries)


class _Hype(NamedTuple):
    negated: re.Pattern[str]
    aspired: re.Pattern[str]
    senses: dict[str, re.Pattern[str]]
    effect: re.Pattern[str]


class _Absolutes(NamedTuple):
    negated: re.Pattern[str]
    history: re.Pattern[str]
    knowing: re.Pattern[str]
    research: re.Pattern[str]
    approximated: re.Pattern[str]
    reported: re.Pattern[str]
    single: re.Pattern[str]
    absence: re.Pattern[str]
    advice: re.Pattern[str]
    varied: re.Pattern[str]


def _words(entries: list[str]) -> str:
    return rf"(?<![\w-])(?:{_alternation(entries)})(?![\w-])"


@cache
def _hype() -> _Hype:
    meta = load("hype").meta
    return _Hype(
        negated=re.compile(_words(meta["negated_by"])),
        aspired=re.compile(rf"{_words(meta['aspired_by'])}(?:\s+[\w'-]+){{0,2}}\s*$"),
        senses={
            word: re.compile(rf"\s+(?:{_alternation(follow)})(?![\w-])")
            for word, follow in meta["senses"].items()
        },
        effect=re.compile(rf"{_words(meta['effect_verbs'])}\s*$"),
    )


@cache
def _absolutes() -> _Absolutes:
    meta = load("absolutes").meta
    return _Absolutes(
        negated=re.compile(_words(meta["negated_by"])),
        history=re.compile(rf"{_words(meta['history_before'])}\s*$"),
        knowing=re.compile(rf"\s*(?:[\w'-]+\s+)?{_words(meta['knowing_after'])}"),
        research=re.compile(_words(meta["research_before"])),
        approximated=re.compile(rf"{_words(meta['approximated_by'])}\s*$"),
        reported=re.compile(rf"\s*(?:[\w'-]+\s+)?{_words(meta['reported_after'])}"),
        single=re.compile(rf"\s+{_words(meta['single_after'])}"),
        absence=re.compile(rf"\s+{_words(meta['absence_after'])}"),
        advice=re.compile(rf"\s+{_words(meta['advice_after'])}"),
        varied=re.compile(_words(meta["varied_words"])),
    )


def _clause_before(low: str, start: int) -> str:
    """The words of the clause before `start`, at most eight."""
    before = low[max(0, start - 120) : start]
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    if cut:
        before = before[cut[-1] :]
    words = before.split()
    return " ".join(words[-_WORDS_BACK:]) + (" " if before.endswith((" ", "\t", "\n")) else "")


def keep_hype(low: str, m: Match) -> bool:
    """Whether the hype match `m` in lower-cased `low` overstates."""
    p = _hype()
    word = low[m.start : m.end]
    clause = _clause_before(low, m.start)
    if p.negated.search(clause) or p.aspired.search(clause):
        return False
    if m.group == "intensifier" and not _names_outcome(low, m):
        return False
    if m.group == "cure" and _measured(low, m):
        return False  # "cures up to 90 percent of children": a measured rate
    follow = p.senses.get(word)
    if follow is not None:
        return bool(follow.match(low, m.end) or p.effect.search(clause))
    return True


def keep_absolute(low: str, m: Match) -> bool:
    """Whether the absolute match `m` in lower-cased `low` claims an absolute."""
    p = _absolutes()
    word = low[m.start : m.end]
    clause = _clause_before(low, m.start)
    if p.negated.search(clause) or p.knowing.match(low, m.end):
        return False
    if word == _NEVER and p.history.search(clause):
        return False
    if p.approximated.search(clause) or p.absence.match(low, m.end):
        return False
    if word == _NO_ONE and p.single.match(low, m.end):
        return False
    if word != _NEVER and p.reported.match(low, m.end):
        return False
    if _measured(low, m) or _COMPARED.search(clause):
        return False
    if word == _NEVER and _PAST.match(low, m.end) and not _PERFECT_OR_BE.search(clause):
        return False
    if m.group == "quantifier" and (
        (word != _NEVER and _PAST.match(low, m.end))  # "all patients suffered ...": a report
        or p.advice.match(low, m.end)  # "no one should ...": advice
        or p.varied.search(_clause_around(low, m))  # "everyone heals differently"
    ):
        return False
    return not p.research.search(low[max(0, m.start - 80) : m.start])


def about_outcome(low: str, m: Match) -> bool:
    """Whether the absolute `m` speaks of an outcome: always so for a total ("completely
    safe", "100%"); a quantifier or a bare intensifier only when its clause names an
    effect, benefit, safety or harm (`treatment_outcome` in context.yaml)."""
    return m.group not in _ABOUT_OUTCOME_ONLY or _names_outcome(low, m)


def _names_outcome(low: str, m: Match) -> bool:
    """The match's clause names what a treatment does (`treatment_outcome`): the test
    of both an intensifying hype word and a quantifier or bare intensifier."""
    return _OUTCOME.search(_clause_around(low, m)) is not None


def _clause_around(low: str, m: Match) -> str:
    """The clause holding the match: eight words back (`_clause_before`) to the clause's end."""
    end = _CLAUSE_END.search(low, m.end)
    return _clause_before(low, m.start) + low[m.start : end.start() if end else len(low)]


def _measured(low: str, m: Match) -> bool:
    """A share below 100 % follows the absolute in its clause."""
    end = _CLAUSE_END.search(low, m.end)
    return _SHARE.search(low, m.end, end.start() if end else len(low)) is not None
