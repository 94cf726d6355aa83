"""KT704: a heading or title line repeated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.cms_boilerplate import is_boilerplate
from kettools.models.finding import Finding, Severity


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


class DuplicatedHeading(Rule):
    """A heading (or a title line) that repeats one above it under the same parent.

    A copy-paste or a CMS often prints the title twice. A heading is a duplicate when
    an earlier heading has the same text (case and punctuation ignored) and the same
    parent heading, so "Side effects" under "Esketamine" and again under "Ketamine" is
    fine. A heading equal to the front-matter title is fine once; the second one is a
    duplicate. The finding sits on each repeat. A line that is CMS page furniture
    ("Advertisement", "Photo", a share prompt: any KT701 pattern) is not a heading here:
    KT701 reports it. Nor is a line without a letter ("———", "* * *"): it divides the
    text, it does not title it.

    Failing:

        # Ketamine therapy
        # Ketamine therapy

    Passing:

        # Ketamine therapy
        ## Side effects
    """

    code = "KT704"
    name = "duplicated-heading"
    category = "content-hygiene"
    severity = Severity.error
    help = "Delete the repeated heading."

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        parents: dict[int, str] = {}
        for block in ctx.article.blocks:
            if block.kind != "heading" or not block.plain.strip() or is_boilerplate(block.plain):
                continue
            text = _norm(block.plain)
            if not any(c.isalpha() for c in text):
                continue  # a rule line ("———", "___") divides, it does not title
            parent = next(
                (parents[lv] for lv in sorted(parents, reverse=True) if lv < block.level), ""
            )
            key = (text, parent)
            if key in seen:
                start = block.offsets[0]
                end = block.offsets[len(block.plain) - 1] + 1
                yield self.finding(
                    ctx, start, end, f"the heading '{block.plain.strip()}' is repeated"
                )
            seen.add(key)
            parents = {lv: t for lv, t in parents.items() if lv < block.level}
            parents[block.level] = text
