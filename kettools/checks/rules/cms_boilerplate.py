"""KT701: text a content-management system or a copy-paste left in the article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import Guards, folded, guarded, load_data, translate
from kettools.models.finding import Finding, Item, Severity

_DATA = "boilerplate.yaml"
#: Where a phrase of `boilerplate.yaml` sits in a block: the expression around it.
_PLACES = {
    "opens": (r"^\s*(?:", r")\b"),
    "alone": (r"^\s*(?:", r")\s*$"),
    "anywhere": (r"\b(?:", r")\b"),
}


@cache
def patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """One expression per entry of `boilerplate.yaml`, with what it finds."""
    found = []
    for item in load_data(_DATA)["patterns"]:
        parts = [
            regex if is_pattern else _PLACES[place][0] + regex + _PLACES[place][1]
            for place in item
            if place in _PLACES
            for regex, is_pattern in translate(_DATA, item[place])
        ]
        found.append((re.compile("|".join(parts), re.IGNORECASE), str(item["what"])))
    return tuple(found)


@cache
def _guarded() -> Guards:
    """The patterns with the words one of which a block needs for each to match
    (`common.needs`): substring tests on the lower-cased block instead of 24 searches.
    One alternation of all the patterns as a guard was slower than the patterns."""
    return Guards(guarded("boilerplate", [pattern for pattern, _ in patterns()]))


def _candidates(text: str) -> Iterator[tuple[re.Pattern[str], str]]:
    """The patterns that may match `text`, in the file's order."""
    found = patterns()
    for number in _guarded().may_match(folded(text)):
        yield found[number]


def is_boilerplate(text: str) -> bool:
    """Whether a block's text matches one of the patterns."""
    return any(pattern.search(text) for pattern, _ in _candidates(text))


class CmsBoilerplate(Rule):
    """Text a CMS or a copy-paste left behind: related posts, share prompts, comments, credits.

    Each block of the article is matched against the patterns in
    `kettools/checks/rules/data/boilerplate.yaml`. Only short, specific shapes are matched
    (a line that is only "Related Posts", "Leave a comment", "Image credit: ...",
    "Title | Site Name"), so ordinary prose that mentions sharing does not match. The
    same leftover repeated ("Advertisement" between paragraphs) is one finding, at its
    first place, with every place in its items.

    Failing:

        Share this article on Facebook
        Ketamine Isn't Magic | Example Health

    Passing:

        Share your worries with your doctor before the first dose.
    """

    code = "KT701"
    name = "cms-boilerplate"
    category = "content-hygiene"
    severity = Severity.error
    help = (
        "Delete the leftover; it is not part of the article. "
        "Move image credits into alt text or a figure caption."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        found: dict[str, list[Finding]] = {}
        for block in ctx.article.blocks:
            for pattern, what in _candidates(block.plain):
                match = pattern.search(block.plain)
                if match and match.end() > match.start():
                    text = match.group().strip()
                    a = match.start() + match.group().index(text)
                    start = block.offsets[a]
                    end = block.offsets[a + len(text) - 1] + 1
                    message = f"{what} left in the article: '{text}'"
                    found.setdefault(what, []).append(self.finding(ctx, start, end, message))
                    break
        for what, places in found.items():
            if len(places) == 1:
                yield places[0]
                continue
            items = tuple(
                Item(
                    message=f.message,
                    line=f.line,
                    column=f.column,
                    end_line=f.end_line,
                    end_column=f.end_column,
                    excerpt=f.excerpt,
                )
                for f in places
            )
            message = f"{what} left in the article, {len(places)} times: '{places[0].excerpt}'"
            yield places[0].model_copy(update={"message": message, "items": items})
