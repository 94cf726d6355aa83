"""Who speaks in an article: quoted, named people (sourcing, which reviewers reward),
independent voices, funding and conflicts of interest, and the marks of a press release.
Word lists: `data/sources.yaml`, `data/release.yaml`, `data/speakers.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from kettools.review.text import Hit, Text, data, words

_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]|[‘]([^‘’]{12,})[’](?!\w)")
_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){0,2}"  # after a title


@cache
def _titles() -> tuple[str, ...]:
    """Titles before a name ("Dr"), as written in the text (`speakers.yaml`)."""
    return tuple(str(t).capitalize() for t in data("speakers")["titles"])


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that open a sentence, not a name (`speakers.yaml`)."""
    return frozenset(str(w).capitalize() for w in data("speakers")["not_names"])


def _titled(name: str) -> str:
    """A name, with a title before it or not ("Dr. Jane Roe", "Jane Roe")."""
    return r"(?:(?:" + "|".join(_titles()) + r")\.?\s+)?" + name


@cache
def _verbs() -> str:
    """The reporting verbs ("said", "told"), one alternation (`speakers.yaml`)."""
    return "|".join(words("speakers", "say_verbs"))


_ROLE = r"(?:(?:[a-z][\w-]*|[A-Z]{2,}),?\s+){0,4}?"  # "said lead researcher", "says study author"


@cache
def _speaker() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Speaker after its verb ("said Dr. Jane Roe"), and before it ("Jane Roe, a
    cardiologist at ..., said")."""
    verbs = _verbs()
    name = _titled(_NAME)
    after = re.compile(rf"\b(?:{verbs})[:,]?\s+{_ROLE}(?P<name>{name})")
    before = re.compile(rf"(?P<name>{name})(?:,[^,.;“”\"]{{2,120}},)?\s+(?:{verbs})\b")
    return after, before


def speakers(sentence: str) -> list[str]:
    """Names that a reporting verb ties to the text: a title and a name, a full name, or
    a surname alone ("..., Roe said")."""
    names = []
    for regex in _speaker():
        for m in regex.finditer(sentence):
            name = m.group("name")
            parts = name.replace(".", " ").split()
            if parts[0] in _not_names():
                continue
            bare = [p for p in parts if p not in _titles()]
            if bare:
                names.append(" ".join(bare))
    return names


_FULL_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2}"  # two or three words


class _Outside(NamedTuple):
    """The expressions `outside` reads with (`speakers.yaml`)."""

    described: re.Pattern[str]  # "Ana Ruiz, a nurse at ...," up to its comma or verb
    affiliated: re.Pattern[str]  # "said Dr. Ana Ruiz of the City Hospital", to the stop
    role: re.Pattern[str]  # a line of work
    place: re.Pattern[str]  # an institution
    tie: re.Pattern[str]  # a tie to the study
    verb: re.Pattern[str]  # a reporting verb
    media: re.Pattern[str]  # a news outlet or a place, in a speaker's name


@cache
def _outside() -> _Outside:
    verbs = _verbs()
    name = _titled(_FULL_NAME)

    def any_of(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(words("speakers", key)) + r")\b", re.IGNORECASE)

    return _Outside(
        re.compile(
            rf"(?P<name>{name}),\s+(?P<what>an?\s+[^,.;“”\"]{{3,160}}?)(?=[,.;]|\s+(?:{verbs})\b)"
        ),
        re.compile(
            rf"\b(?:{verbs})\s+(?P<name>{name})\s+(?P<what>(?:of|at|from)\s+(?:the\s+)?[A-Z]"
            rf"[^.;“”\"]{{2,160}}?)(?=[.;“”\"]|$)"
        ),
        any_of("roles"),
        any_of("institutions"),
        any_of("study_ties"),
        re.compile(rf"\b(?:{verbs})\b"),
        any_of("not_people"),
    )


def outside(paragraph: str) -> list[re.Match[str]]:
    """People introduced by their line of work or their institution and not as the
    study's authors, in a paragraph where someone speaks: "..., said Dr. Ana Ruiz, a
    cardiologist at a city hospital"; "..., said Dr. Ana Ruiz of the City Hospital." A
    study's own people are introduced as its authors ("Tom Baxter, the study's lead
    author", "..., who led the work"), a release's by their titles ("Jane Roe, M.D.,
    professor of ..."): an outside voice is introduced as one of many ("a", "an"), or by
    where they work."""
    x = _outside()
    verbs = [v.start() for v in x.verb.finditer(paragraph)]
    if not verbs:
        return []
    described = x.described.finditer(paragraph) if ", a" in paragraph else iter(())
    affiliated = (x.affiliated.match(paragraph, at) for at in verbs)  # at its verb only
    found = []
    for matches, needs in ((described, x.role), (affiliated, x.place)):
        for m in matches:
            if m is None or m.group("name").split()[0] in _not_names():
                continue  # "But Ana Ruiz, a nurse": a sentence's first word
            if needs.search(m.group("what")) and not x.tie.search(m.group("what")):
                found.append(m)
    return found


def has_quote(text: str) -> bool:
    return _QUOTE.search(text) is not None


def named_quote(sentence: str, paragraph: str) -> bool:
    """A named person is quoted: the sentence names its speaker, and it or its paragraph
    holds a quotation. Such a statement is sourcing, not an unattributed claim."""
    return bool(speakers(sentence)) and (has_quote(sentence) or has_quote(paragraph))


@dataclass(slots=True)
class Sources:
    quotes: list[Hit] = field(default_factory=list)  # quotations tied to a named speaker
    names: list[str] = field(default_factory=list)  # distinct named speakers, in order
    independent: list[Hit] = field(default_factory=list)
    outside: list[Hit] = field(default_factory=list)  # people described by their work, one each
    funding: list[Hit] = field(default_factory=list)
    release: list[Hit] = field(default_factory=list)  # the marks of a press release
    reliance: list[Hit] = field(default_factory=list)  # a story resting on a statement
    reporting: list[Hit] = field(default_factory=list)  # interviews: the reporter's own work


def read_sources(text: Text) -> Sources:
    found = Sources()
    seen: set[str] = set()
    described: set[str] = set()
    x = _outside()
    for index, block in text.blocks:
        for m in outside(block.plain):
            last = m.group("name").split()[-1]
            if last not in described:
                described.add(last)
                found.outside.append(Hit(index, m.start(), m.end(), m.group()))
        quotes = list(_QUOTE.finditer(block.plain))
        if not quotes:
            continue
        names = speakers(block.plain)  # the paragraph: "Dr." ends no sentence here
        for name in names:
            last = name.split()[-1]
            if x.place.search(name) or x.media.search(name):
                continue  # "told Reuters Health", "said the City Hospital": not a person
            if last not in seen:
                seen.add(last)
                found.names.append(name)
        if names:
            q = quotes[0]
            found.quotes.append(Hit(index, q.start(), q.end(), q.group()))
    found.independent = text.cues("sources", "independent")
    found.funding = text.cues("sources", "funding")
    found.release = text.cues("release", "release")
    found.reliance = text.cues("release", "reliance")
    found.reporting = text.cues("release", "reporting")
    return found
