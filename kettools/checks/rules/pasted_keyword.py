"""KT705: a common word capitalised in mid-sentence, as a pasted search keyword is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import (
    body_blocks,
    load_data,
    lower_case_words,
    phrases,
    source_range,
    words,
)
from kettools.models.finding import Finding, Severity

# A capitalised word between two lower-case words: "... that Ketamine as ...". A word
# next to another capitalised one ("the Ketamine Clinic", "Johns Hopkins Medicine")
# is part of a name, and a word after punctuation may open a sentence or a quote.
_MID_CAPITAL = re.compile(r"(?<![\w’'-])[a-z]{2,} ([A-Z][a-z]{2,})(?= [a-z])")
_DATA = "pasted_keyword.yaml"


@cache
def _name_before() -> re.Pattern[str]:
    """ "Institute of Health", "School of Medicine": a capitalised word after a connector
    that follows a capitalised word continues a name."""
    joining = "|".join(phrases(_DATA, "name_before"))
    return re.compile(rf"[A-Z][\w.'’-]*,? (?:{joining}) $")


@cache
def _name_after() -> re.Pattern[str]:
    """ "the Institute of Sleep", "the Sleep and Mood Centre": a connector and a
    capitalised word after it continue a name."""
    return re.compile(rf" (?:{'|'.join(phrases(_DATA, 'name_after'))}) [A-Z]")


@cache
def _title_before() -> re.Pattern[str]:
    """The title after "journal" ("the journal Cancer"): the word may open a sentence."""
    titled = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in phrases(_DATA, "title_before"))
    return re.compile(rf"\b(?:{titled}) $")


class PastedKeyword(Rule):
    """A common word of the article capitalised in mid-sentence: a pasted search keyword.

    Tools that insert search keywords into a text paste the keyword as it was typed,
    capital included, often where it does not fit the grammar. A word is reported
    when it stands between two lower-case words with a capital, and the article
    writes it in lower case at least 3 times elsewhere (so it is a common word there,
    not a name). A word that continues a name across a connector ("School of
    Medicine", "Society for Neuroscience"), or that a connector and a capitalised word
    follow ("the Institute of Sleep", "the Sleep and Mood Centre"), is part of a name
    and not reported; so is a title after "journal" ("the journal Sleep"). Months, days
    and capitalised group names are allowed, and so are function words ("the", "for",
    "their"): capitalised in mid-sentence they mark a sentence break lost when the text
    was collected, not a keyword. The settings are in
    `kettools/checks/rules/data/pasted_keyword.yaml`. Each word is reported once, at
    its first such occurrence.

    Failing (the article writes "ketamine" in lower case everywhere else):

        Studies show that Ketamine for depression infusions ease anxiety.

    Passing:

        Studies show that ketamine infusions ease anxiety for some people.
    """

    code = "KT705"
    name = "pasted-keyword"
    category = "content-hygiene"
    severity = Severity.warning
    help = (
        "Rewrite the sentence so it reads naturally, in lower case; if the capital is "
        "right (a name), suppress the finding with a reason."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        data = load_data(_DATA)
        allowed = words(_DATA, "allowed") | words(_DATA, "function_words")
        lower = lower_case_words(ctx)
        reported: set[str] = set()
        for _index, block in body_blocks(ctx):
            for match in _MID_CAPITAL.finditer(block.plain):
                word = match.group(1)
                key = word.lower()
                if key in reported or key in allowed or lower[key] < data["min_lower_case"]:
                    continue
                if (
                    _name_before().search(block.plain, 0, match.start(1))
                    or _title_before().search(block.plain, 0, match.start(1))
                    or _name_after().match(block.plain, match.end(1))
                ):
                    continue
                reported.add(key)
                start, end = source_range(block.offsets, match.start(1), match.end(1))
                yield self.finding(
                    ctx,
                    start,
                    end,
                    f"'{word}' is capitalised in mid-sentence, though the article writes "
                    f"'{key}' {lower[key]} times: a pasted search keyword?",
                )
