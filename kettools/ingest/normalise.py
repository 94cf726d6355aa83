"""Text as rules match it: invisible characters removed, look-alike letters folded.

A hostile article can hide a word from every rule without changing how it looks:
`mir\u200bacle` (a zero-width space), `mir\u00adacle` (a soft hyphen), a bidi override,
fullwidth `ｍｉｒａｃｌｅ`, or a Cyrillic `а` in `mirаcle`. `fold` turns a block's
rendered text into what a reader sees, one character at a time, and keeps the source
offset of every character it keeps, so spans stay exact:

- format characters (Unicode category Cf: zero-width spaces and joiners, bidi
  controls, soft hyphens, word joiners) are dropped;
- a letter or digit whose NFKC form is plain ASCII (fullwidth and mathematical
  letters, ligatures such as `ﬁ`) becomes that form (each character of it keeps the
  source offset of the original);
- a Cyrillic or Greek letter that looks like a Latin one is folded to it inside a word
  that also holds Latin letters (a word written wholly in Cyrillic or Greek is kept:
  `α-blocker`, Russian text).

Superscripts, fractions and symbols (`m²`, `½`, `µg`) are kept: NFKC would change what
they mean to a reader. What was dropped or folded (ligatures aside) is recorded, and
KT706 reports it.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that look like Latin ones (Unicode's confusables, the ones fonts draw alike).
CONFUSABLES = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),  # Cyrillic
    **dict(zip("АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS", strict=True)),
    **dict(zip("οΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "oABEZHIKMNOPTYX", strict=True)),  # Greek
}
LIGATURES = frozenset("ﬀﬁﬂﬃﬄﬅﬆ")
_LETTERS = frozenset(("Lu", "Ll", "Lt", "Lo", "Nd"))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _latin_in_word(text: str, i: int) -> bool:
    """Whether the word around text[i] holds an ASCII letter."""
    j = i
    while j > 0 and (text[j - 1].isalpha() or unicodedata.category(text[j - 1]) == "Cf"):
        j -= 1
    k = i
    while k < len(text) and (text[k].isalpha() or unicodedata.category(text[k]) == "Cf"):
        k += 1
    return any(c.isascii() and c.isalpha() for c in text[j:k])


def _change(plain: str, i: int) -> str | None:
    """What the non-ASCII character plain[i] becomes: None (kept), "" (dropped) or text."""
    char = plain[i]
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category in _LETTERS:
        simple = unicodedata.normalize("NFKC", char)
        if simple != char and simple.isascii() and simple.isalnum():
            return simple
        if char in CONFUSABLES and _latin_in_word(plain, i):
            return CONFUSABLES[char]
    return None


def fold(plain: str, offsets: list[int]) -> tuple[str, list[int], list[tuple[int, str]]]:
    """(text for matching, its source offsets, [(source offset, character)] of what was
    hidden: the format characters dropped and the look-alike letters folded).

    Only non-ASCII characters are looked at (curly quotes and dashes cost little)."""
    if plain.isascii():
        return plain, offsets, []
    changes = [(i, new) for i in _non_ascii(plain) if (new := _change(plain, i)) is not None]
    if not changes:
        return plain, offsets, []
    out: list[str] = []
    where: list[int] = []
    hidden: list[tuple[int, str]] = []
    done = 0
    for i, new in changes:
        out.append(plain[done:i])
        where.extend(offsets[done:i])
        out.append(new)
        where.extend([offsets[i]] * len(new))
        if plain[i] not in LIGATURES:
            hidden.append((offsets[i], plain[i]))
        done = i + 1
    out.append(plain[done:])
    where.extend(offsets[done:])
    return "".join(out), where, hidden


def _non_ascii(text: str) -> list[int]:
    return [m.start() for m in _NON_ASCII.finditer(text)]
