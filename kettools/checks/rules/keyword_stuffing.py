"""KT702: the same search phrase repeated unusually often, and "near me" phrases."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import load_data, phrases, source_range
from kettools.checks.rules.common import words as listed
from kettools.models.finding import Finding, Item, Severity

_DATA = "keyword_stuffing.yaml"
WORD = re.compile(r"[\w’'-]+")


@cache
def near_me() -> re.Pattern[str]:
    stop = "|".join(phrases(_DATA, "stop_words"))
    return re.compile(rf"(?:\b(?!(?:{stop})\b)[\w’'-]+\s+){{0,3}}?near\s+me\b", re.IGNORECASE)


_NEAR_ME = re.compile(r"near\s+me\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    """The words of `text`, lower case, with ’ as '."""
    lowered = text.lower()
    if len(lowered) == len(text):  # the same words, found in one pass
        return WORD.findall(lowered.replace("’", "'"))
    return [m.group().lower().replace("’", "'") for m in WORD.finditer(text)]


class KeywordStuffing(Rule):
    """Search phrases stuffed into the text: "near me" phrases, or a phrase repeated too often.

    Two signals, both errors:

    - "near me": a phrase like "ketamine clinic near me" is written for search
      engines, not readers; each block that holds one is a finding (with up to three
      words before it).
    - repetition: a 3- to 6-word phrase that occurs at least 4 times, whose words
      make more than 2% of the article's words, and that holds at least two words
      that are not stop words or numbers (so "in a trial of" or "in 100" never
      count, and "near me" phrases are left to the first signal). Where phrases
      overlap, the most repeated (then the longest) is reported. Two-word phrases are
      not counted: a short article may rightly say "blood pressure" four times.
      The phrase must read as a search keyword: it holds a word of a service a page
      sells ("treatment", "therapy", "clinic", ...). A proper name (capitalised in most
      places), a spelled-out abbreviation and an attribution ("the researchers said")
      never count, and the name of the article's subject ("deep brain stimulation")
      is not stuffing: news repeats it. A repeated phrase is one finding, at its first
      place, that lists every place in its `items`.
      Thresholds and word lists are in `kettools/checks/rules/data/keyword_stuffing.yaml`.

    Failing:

        Searching for a ketamine clinic near me? Our ketamine clinic is the top choice.

    Passing:

        Ask your doctor where the nearest certified clinic is.
    """

    code = "KT702"
    name = "keyword-stuffing"
    category = "content-hygiene"
    severity = Severity.error
    help = "Write for readers: say the phrase once where it belongs and delete the repetitions."

    def check(self, ctx: Context) -> Iterator[Finding]:
        blocks = ctx.article.blocks
        for block in blocks:
            # the full pattern tries every word; it can only match where "near me" stands
            match = _NEAR_ME.search(block.plain) and near_me().search(block.plain)
            if match:
                start, end = source_range(block.offsets, match.start(), match.end())
                yield self.finding(
                    ctx, start, end, f"'{match.group()}' is a search phrase, not prose"
                )
        yield from self._repeated(ctx)

    def _repeated(self, ctx: Context) -> Iterator[Finding]:
        data = load_data(_DATA)
        stop = listed(_DATA, "stop_words")
        words: list[str] = []
        block_of: list[int] = []  # the block of each word
        first_word: list[int] = []  # the index of each block's first word
        for bi, block in enumerate(ctx.article.blocks):
            first_word.append(len(words))
            in_block = _words(block.plain)
            words += in_block
            block_of += [bi] * len(in_block)
        if not words:
            return
        candidates: list[tuple[int, int, tuple[str, ...]]] = []
        # an n-gram can only occur min_count times where its first n-1 words do, so each
        # longer length is counted only at the starts of the frequent shorter ones
        first, min_count, min_share = data["min_words"], data["min_count"], data["min_share"]
        at = dict(enumerate(zip(*(words[i:] for i in range(first)), strict=False)))
        most = data["max_words"]
        for n in range(first, most + 1):
            # most n-grams occur once: only the frequent ones are looked at, and only those
            # that make the share even at the longest length (a longer phrase that starts
            # with one occurs no more often)
            frequent = {
                g: count
                for g, count in Counter(at.values()).items()
                if count >= min_count and count * most / len(words) > min_share
            }
            if not frequent:
                break  # no longer phrase can be frequent either
            for gram, count in frequent.items():
                if count * n / len(words) <= min_share:
                    continue  # decided before looking at their words
                content = [w for w in gram if w not in stop and not w[0].isdigit()]
                if len(content) >= data["min_content_words"] and "near" not in gram:
                    candidates.append((count, n, gram))
            starts = [i for i, gram in at.items() if gram in frequent]
            at = {i: tuple(words[i : i + n + 1]) for i in starts if i + n < len(words)}
        if not candidates:
            return
        at_word: dict[str, list[int]] = {}  # word -> where it stands, in order
        for i, word in enumerate(words):
            at_word.setdefault(word, []).append(i)
        found: dict[tuple[str, ...], list[int]] = {}
        taken: set[int] = set()
        for _count, n, gram in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])):
            positions = [
                i
                for i in at_word[gram[0]]
                if i <= len(words) - n and tuple(words[i : i + n]) == gram
            ]
            if any(i in taken for p in positions for i in range(p, p + n)):
                continue  # part of a phrase already reported
            found[gram] = positions
            taken.update(i for p in positions for i in range(p, p + n))
        spans: dict[int, list[tuple[int, int]]] = {}  # block -> its words' spans, as needed
        for gram, positions in found.items():
            places = []
            for i in positions:
                bi, last = block_of[i], block_of[i + len(gram) - 1]
                if bi != last:
                    continue  # runs across two blocks: not one place
                k = i - first_word[bi]
                block = ctx.article.blocks[bi]
                if bi not in spans:
                    spans[bi] = [m.span() for m in WORD.finditer(block.plain)]
                a, b = spans[bi][k][0], spans[bi][k + len(gram) - 1][1]
                places.append((block.plain[a:b], *source_range(block.offsets, a, b)))
            if not places or not _stuffed(gram, [p[0] for p in places], data):
                continue
            message = f"'{' '.join(gram)}' is repeated {len(positions)} times: keyword stuffing"
            first = self.finding(ctx, places[0][1], places[0][2], message)
            items = [
                Item(message=f"occurrence {n + 1} of {len(places)}", **_where(ctx, a, b), excerpt=t)
                for n, (t, a, b) in enumerate(places)
            ]
            yield first.model_copy(update={"items": tuple(items)})


def _where(ctx: Context, start: int, end: int) -> dict[str, int]:
    span = ctx.article.span(start, end)
    return {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def _stuffed(gram: tuple[str, ...], texts: list[str], data: dict[str, Any]) -> bool:
    """Whether a frequent phrase reads as a search keyword rather than as the article's
    subject or a writer's habit.

    Not stuffing: a proper name (capitalised in most places: a city, a person, an
    institution), a spelled-out abbreviation ("A.C.L." read as "a c l"), an attribution
    ("the researchers said", "told the paper"). Stuffing: a phrase that holds a word of
    the service a page sells (treatment, therapy, clinic, ...) or a "search" word; a
    subject term such as a disease or procedure name is what an article is about, and
    repeating it is normal in news and patient information.
    """
    if sum(1 for w in gram if len(w) == 1) * 2 >= len(gram):
        return False
    if any(w in listed(_DATA, "reporting_words") for w in gram):
        return False
    capitalised = sum(1 for t in texts if sum(1 for w in t.split() if w[:1].isupper()) >= 2)
    if capitalised * 2 > len(texts):
        return False
    return any(w in listed(_DATA, "service_words") for w in gram)
