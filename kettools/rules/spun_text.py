"""KT703: garbled, machine-spun renderings of medical terms."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

from kettools.models.catalog import Catalog
from kettools.models.finding import Finding, Severity
from kettools.rules.base import Context, Rule
from kettools.rules.common import load_data, source_range

MAX_VARIANTS = 400  # per condition name: the product of the choices is capped


def _words(name: str) -> list[str]:
    return re.split(r"[\s-]+", name.lower())


def _key(text: str) -> str:
    return " ".join(_words(text))


@cache
def _variants(names: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """One alternation of every spun variant; the display name is looked up by the match."""
    synonyms: dict[str, list[str]] = load_data("spun_text.yaml")["synonyms"]
    meaning: dict[str, str] = {}
    for name, display in names:
        words = _words(name)
        if len(words) < 2:
            continue
        choices = [[w, *synonyms.get(w, [])] for w in words]
        for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
            if sum(1 for a, b in zip(combo, words, strict=True) if a != b) >= 2:
                meaning.setdefault(_key(" ".join(combo)), display)
    if not meaning:
        return ()
    ordered = sorted(meaning, key=lambda k: (-len(k), k))
    body = "|".join(re.escape(k).replace(r"\ ", r"[\s-]+") for k in ordered)
    # Every variant has two words or more, so it starts with one of these followed by a
    # space or hyphen: the lookahead rejects most positions before the long alternation
    # is tried (30 times faster, same matches).
    firsts = sorted({k.split(" ")[0] for k in ordered}, key=lambda k: (-len(k), k))
    guard = "|".join(re.escape(k) for k in firsts)
    _MEANING.clear()
    _MEANING.update(meaning)
    pattern = rf"(?<![\w-])(?=(?:{guard})[\s-])(?:{body})(?![\w-])"
    return ((re.compile(pattern, re.IGNORECASE), ""),)


_MEANING: dict[str, str] = {}


def variants(catalog: Catalog) -> tuple[tuple[re.Pattern[str], str], ...]:
    return _variants(tuple((n, c.name) for c in catalog.conditions.values() for n in c.names))


@cache
def fixed() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = load_data("spun_text.yaml")
    found = [
        (re.compile(rf"(?<![\w-])(?:{p['pattern']})(?![\w-])", re.IGNORECASE), p["means"])
        for p in data["phrases"]
    ]
    heads = "|".join(data["heads"])
    modifiers = "|".join(data["modifiers"])
    found.append(
        (
            re.compile(rf"(?<![\w-])(?:{modifiers})\s+(?:{heads})(?![\w-])", re.IGNORECASE),
            "a disorder (a spinner's synonyms for a symptom and 'disorder')",
        )
    )
    return tuple(found)


class SpunText(Rule):
    """Machine-spun text: medical terms replaced by garbled synonyms ("unhappiness issue").

    Article spinners swap words for thesaurus synonyms to disguise copied text, and
    turn "depressive disorder" into "unhappiness issue" and "post-traumatic stress
    disorder" into "post-horrendous pressure issue". Three signals, in
    `kettools/rules/data/spun_text.yaml`:

    - known spun phrases ("sedative specialist", "mental shock", ...);
    - catalog condition names of two or more words with at least two words swapped
      for a spinner synonym ("tension confusion" for "anxiety disorder");
    - a spinner's symptom word ("unhappiness", "nervousness", "horrendous") right before
      a spinner's word for disorder ("issue", "confusion", "turmoil").

    Precision over recall: only word pairs that do not occur in ordinary health prose
    are used (one swapped word is not enough: "major problem", "blood pressure issue"
    and "social worry" never match), so a lone spun word ("unhappiness" for
    "depression") is missed unless the lexicon lists it.

    Failing:

        Our sedative specialists help clients beat their unhappiness issue.

    Passing:

        Our anaesthetists help people with depression.
    """

    code = "KT703"
    name = "spun-text"
    category = "content-hygiene"
    severity = Severity.error
    help = (
        "Rewrite the passage in your own words with the proper medical term; spun text is "
        "usually copied."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        patterns = fixed() + variants(ctx.catalog)
        for block in ctx.article.blocks:
            taken: list[tuple[int, int]] = []
            for pattern, means in patterns:
                for m in pattern.finditer(block.plain):
                    if any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    start, end = source_range(block.offsets, m.start(), m.end())
                    what = means or _MEANING.get(_key(m.group()), "a condition name")
                    yield self.finding(
                        ctx, start, end, f"'{m.group()}' looks machine-spun (for {what})"
                    )
