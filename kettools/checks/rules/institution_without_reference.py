"""KT103: a claim credited to a named institution or expert, with no reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules import vague_attribution
from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    Guards,
    body_sentences,
    drugs_named,
    folded,
    guarded,
    lower_case_words,
    phrases,
    sentence_keys,
    source_range,
    words,
)
from kettools.models.finding import Finding, Severity
from kettools.review.sources import named_quote, speakers

_DATA = "attribution.yaml"


def _alternation(key: str, *, capitalised: bool = False) -> str:
    found = phrases(_DATA, key)
    return "|".join(p.capitalize() for p in found) if capitalised else "|".join(found)


@cache
def _joining() -> frozenset[str]:
    """The small words inside a name ("School of Medicine")."""
    return words(_DATA, "joining")


@cache
def _titles() -> frozenset[str]:
    """Titles before a person's name, capitalised ("Dr", "Prof")."""
    return frozenset(w.capitalize() for w in words(_DATA, "titles"))


@cache
def _introduced() -> re.Pattern[str]:
    """A person introduced with a role or a workplace: "Dr. Ana Ruiz, a psychiatrist at
    ...", "Ana Ruiz, MD, who leads ...", "Dr. Ruiz of Northfield University", "Ana Ruiz at
    the ..."."""
    title = rf"(?:(?:{_alternation('titles', capitalised=True)})\.?\s+)"
    return re.compile(
        rf"(?:{title}(?:[A-Z][a-z’'-]+\s+(?:[A-Z]\.\s+)*)?|[A-Z][a-z’'-]+\s+(?:[A-Z]\.\s+)*)"
        r"(?P<surname>[A-Z][\w’'-]+)"
        r"(?:,\s+(?:an?\s|the\s|who\s|[a-z]{3,}|M\.?D\.?\b|Ph\.?D\.?\b|R\.?N\.?\b)"
        rf"|\s+(?:{_alternation('workplace')})\s+(?:the\s+)?[A-Z])"
        r"|(?<![\w.])(?P<named>[A-Z][\w’'-]+)\s+is\s+an?\s+[a-z]"  # "Ruiz is a psychiatrist"
    )


_PERSON = 3  # patterns() from this one on credit a person ("Dr. Ruiz says")


def introduced(ctx: Context) -> frozenset[str]:
    """Surnames of the people the article introduces with a role or a workplace."""
    return frozenset(
        m.group("surname") or m.group("named")
        for b in ctx.article.blocks
        for m in _introduced().finditer(b.plain)
    )


@cache
def _guarded() -> Guards:
    """The patterns, each distinct word they need looked for once per sentence (the
    same 39 report verbs serve two of them)."""
    return Guards(guarded("institution", patterns()))


@cache
def patterns() -> tuple[re.Pattern[str], ...]:
    nouns = _alternation("source_nouns")
    verbs = _alternation("report_verbs")
    experts = _alternation("expert_titles", capitalised=True)
    joining = _alternation("joining")
    # a capitalised name, with its small joining words
    name = rf"(?P<name>[A-Z][\w&.’'-]*(?:\s+(?:[A-Z][\w&.’'-]*|{joining})){{0,5}}?)"
    return (
        re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?{name}(?=[\s,.;:]|$)"),
        re.compile(rf"(?<![\w-]){name}\s+(?:{nouns})\s+(?:(?:have|has)\s+)?(?:{verbs})\b"),
        re.compile(rf"\bthe\s+{name}\s+(?:{verbs})\b"),
        re.compile(
            rf"\b(?:{experts})\.?\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?),?\s+(?:an?\s+[\w\s-]{{1,40}}?,\s+)?(?:{verbs})\b"
        ),
        re.compile(rf"\b(?:{verbs})\s+(?P<name>(?:{experts})\.?\s+[A-Z][\w’'-]+)"),
    )


class InstitutionWithoutReference(Rule):
    """A claim credited to a named institution or expert, with no reference to check.

    Matches "according to Harvard", "Johns Hopkins researchers found", "the Mayo Clinic
    says", "Dr. Smith says" and "says Professor Jones" in sentences that carry no
    citation (neither their own nor their paragraph's single closing one). A famous name
    is not a source: the reader needs the paper or page it comes from. Names that are
    catalog drugs ("Ketamine researchers found"), sentence-opening words ("Many
    experts say", which KT102 covers), a single word the article also writes in lower
    case ("When doctors recommend") and words that end in a small word ("While the
    studies suggest") are not taken as names. A person quoted by name
    ("'It works,' said Dr. Ana Ruiz", in the sentence or its paragraph) is sourcing, as
    in news reporting, and passes. So does a person the article introduces with a role
    or a workplace ("said Dr. Ana Ruiz, a psychiatrist at Northfield Hospital", "Ruiz is
    a psychiatrist"; later "Dr. Ruiz said"), quoted or not: the reader knows who speaks
    and can weigh it. A named person's claim with neither ("Dr. Smith says it works")
    does not pass.
    An article that says where its study was published (a journal, a DOI or a link, read
    from its words as the review reads them) has given the reader the paper to check, as
    health news does, so its named sources pass too.

    Failing:

        According to Harvard experts, ketamine is the future of psychiatry.

    Passing:

        According to the FDA, the spray must be used under supervision [@fda2019spravato].

        "The effect fades within a week," said Dr. Ana Ruiz, a psychiatrist.

        The effect fades within a week, said Dr. Ana Ruiz, a psychiatrist at Northfield Hospital.
    """

    code = "KT103"
    name = "institution-without-reference"
    category = "unsupported"
    severity = Severity.error
    help = (
        "Cite the publication (a paper, guideline or official page) that the institution or "
        "expert published."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.study is not None and any(ctx.study.publication.values()):
            return  # the article names the paper: the reader can check it
        not_names = vague_attribution.not_names()
        blocks = ctx.article.blocks
        people: frozenset[str] | None = None
        lower = lower_case_words(ctx)
        guards = _guarded()
        for sentence in body_sentences(ctx):
            if sentence_keys(ctx, sentence):
                continue
            text = sentence.plain
            # most sentences hold none of a pattern's words
            for number, match in guards.matches(text, folded(text)):
                if named_quote(text, blocks[sentence.block].plain):
                    break  # a person quoted by name: sourcing
                name = match.group("name")
                words = name.split()
                first = words[0].rstrip(".")
                if (
                    first in not_names
                    or words[-1] in _joining()
                    or (len(words) == 1 and lower[first.lower()] > 0)
                    or any(a <= match.start("name") < b for _, a, b in drugs_named(ctx, text))
                ):
                    continue
                if number >= _PERSON or first in _titles():
                    if people is None:
                        people = introduced(ctx)
                    after = text[match.start("name") : match.end("name") + 40].split()[:4]
                    said = [*after, *speakers(text)]
                    if {w.strip(".,;:’'") for n in said for w in n.split()} & people:
                        break  # a person the article introduces by role or workplace: sourcing
                start, end = source_range(sentence.offsets, match.start(), match.end())
                yield self.finding(
                    ctx,
                    start,
                    end,
                    f"'{match.group().strip()}' credits {name.strip()} but cites nothing",
                )
                break
