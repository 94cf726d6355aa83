"""KT706: invisible or look-alike characters in prose, which hide words from readers' eyes
and from every rule."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.models.finding import Finding, Severity

# Bidi controls reorder what follows them wherever they are (U+202A-202E, U+2066-2069).
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _word(text: str, offset: int) -> tuple[int, int]:
    """Source offsets of the word around `offset` (letters, digits and format characters)."""
    start = end = offset
    while start > 0 and (
        text[start - 1].isalnum() or unicodedata.category(text[start - 1]) == "Cf"
    ):
        start -= 1
    while end < len(text) and (text[end].isalnum() or unicodedata.category(text[end]) == "Cf"):
        end += 1
    return start, end


def _hides(text: str, offset: int, char: str) -> bool:
    """Whether a hidden character matters: a bidi control anywhere, a letter folded, a
    format character between two letters or digits (one beside a space or punctuation,
    as CMSs leave, hides nothing)."""
    if char in _BIDI or unicodedata.category(char) != "Cf":
        return True
    before, after = offset - 1, offset + 1
    while before >= 0 and unicodedata.category(text[before]) == "Cf":
        before -= 1
    while after < len(text) and unicodedata.category(text[after]) == "Cf":
        after += 1
    return before >= 0 and after < len(text) and text[before].isalnum() and text[after].isalnum()


def _describe(char: str) -> str:
    name = unicodedata.name(char, "UNNAMED CHARACTER")
    return f"{name} (U+{ord(char):04X})"


class HiddenCharacters(Rule):
    """Invisible or look-alike characters in prose: words a reader sees, but search, screen
    readers and every check read differently.

    Reported: a format character inside a word (zero-width space or joiner, soft hyphen,
    word joiner), a bidi control anywhere (it reorders the text after it), a fullwidth
    or mathematical letter, and a Cyrillic or Greek letter that looks like a Latin one
    inside a Latin word. kettools matches the text as a reader sees it (the characters
    removed or folded: `kettools/ingest/normalise.py`), so the other rules still read
    the word; this finding says that it was disguised. One finding per paragraph, at
    the first such word. A zero-width space beside a space or punctuation, as CMSs
    leave, is harmless and not reported.

    Failing (a zero-width space inside 'miracle', a Cyrillic 'а' in 'cure'):

        This mir\u200bacle drug is a cure for pain.

    Passing:

        This drug may ease pain for some people.
    """

    code = "KT706"
    name = "hidden-characters"
    category = "content-hygiene"
    severity = Severity.warning
    help = (
        "Retype the word: delete the invisible character, or replace the look-alike "
        "letter with the plain one."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.article.source.text
        for block in ctx.article.blocks:
            words: dict[tuple[int, int], list[str]] = {}
            for offset, char in block.hidden:
                if _hides(text, offset, char):
                    words.setdefault(_word(text, offset), []).append(char)
            if not words:
                continue
            (start, end), chars = next(iter(words.items()))
            shown = "".join(c for c in text[start:end] if unicodedata.category(c) != "Cf")
            distinct = list(dict.fromkeys(chars))
            what = ", ".join(_describe(c) for c in distinct[:2])
            if len(distinct) > 2:
                what += f" and {len(distinct) - 2} more"
            others = len(words) - 1
            more = f" (and {others} more word{'s' if others > 1 else ''} here)" if others else ""
            yield self.finding(
                ctx,
                start,
                max(end, start + 1),
                f"'{shown}' holds {what}: it looks like plain text but reads differently "
                f"to search engines, screen readers and checks{more}",
            )
