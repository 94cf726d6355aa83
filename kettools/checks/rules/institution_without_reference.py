"""KT103: a claim credited to a named institution or expert, with no reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    body_sentences,
    drugs_named,
    load_data,
    sentence_keys,
    source_range,
)
from kettools.models.finding import Finding, Severity
from kettools.review.sources import named_quote

_NAME = r"(?:[A-Z][\w&.’'-]*|of|for|and|the)"  # a capitalised name, with its small joining words


@cache
def patterns() -> tuple[re.Pattern[str], ...]:
    data = load_data("attribution.yaml")
    nouns = "|".join(data["source_nouns"])
    verbs = "|".join(data["report_verbs"])
    name = rf"(?P<name>[A-Z][\w&.’'-]*(?:\s+{_NAME}){{0,5}}?)"
    return (
        re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?{name}(?=[\s,.;:]|$)"),
        re.compile(rf"(?<![\w-]){name}\s+(?:{nouns})\s+(?:(?:have|has)\s+)?(?:{verbs})\b"),
        re.compile(rf"\bthe\s+{name}\s+(?:{verbs})\b"),
        re.compile(
            rf"\b(?:Dr|Prof|Professor)\.?\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?),?\s+(?:an?\s+[\w\s-]{{1,40}}?,\s+)?(?:{verbs})\b"
        ),
        re.compile(rf"\b(?:{verbs})\s+(?P<name>(?:Dr|Prof|Professor)\.?\s+[A-Z][\w’'-]+)"),
    )


class InstitutionWithoutReference(Rule):
    """A claim credited to a named institution or expert, with no reference to check.

    Matches "according to Harvard", "Johns Hopkins researchers found", "the Mayo Clinic
    says", "Dr. Smith says" and "says Professor Jones" in sentences that carry no
    citation (neither their own nor their paragraph's single closing one). A famous name
    is not a source: the reader needs the paper or page it comes from. Names that are
    catalog drugs ("Ketamine researchers found") and sentence-opening words ("Many
    experts say", which KT102 covers) are not taken as names. A person quoted by name
    ("'It works,' said Dr. Ana Ruiz", in the sentence or its paragraph) is sourcing, as
    in news reporting, and passes; a named person's claim with no quotation does not.
    An article that says where its study was published (a journal, a DOI or a link, read
    from its words as the review reads them) has given the reader the paper to check, as
    health news does, so its named sources pass too.

    Failing:

        According to Harvard experts, ketamine is the future of psychiatry.

    Passing:

        According to the FDA, the spray must be used under supervision [@fda2019spravato].

        "The effect fades within a week," said Dr. Ana Ruiz, a psychiatrist.
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
        not_names = set(load_data("attribution.yaml")["not_names"])
        blocks = ctx.article.blocks
        for sentence in body_sentences(ctx):
            if sentence_keys(ctx, sentence):
                continue
            text = sentence.plain
            for pattern in patterns():
                match = pattern.search(text)
                if match is None:
                    continue
                if named_quote(text, blocks[sentence.block].plain):
                    break  # a person quoted by name: sourcing
                name = match.group("name")
                first = name.split()[0].rstrip(".")
                if first in not_names or any(
                    a <= match.start("name") < b for _, a, b in drugs_named(ctx, text)
                ):
                    continue
                start, end = source_range(sentence.offsets, match.start(), match.end())
                yield self.finding(
                    ctx,
                    start,
                    end,
                    f"'{match.group().strip()}' credits {name.strip()} but cites nothing",
                )
                break
