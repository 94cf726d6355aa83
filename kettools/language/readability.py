"""Readability: syllables, SMOG and Flesch-Kincaid grade, offline and dependency-free.

The syllable counter counts vowel groups (y counts as a vowel after the first letter)
and corrects the common English cases: a silent final "e" ("make"), "-le" after a
consonant ("table"), "-ed" that adds no syllable ("worked"), "-es" after most
consonants ("makes"), and vowel pairs that are split ("re-act", "di-et", "-ia", "-io").
It agrees with dictionary counts on most everyday and medical words; an error of one
syllable on a rare word moves a grade by a few hundredths.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import NamedTuple

from kettools.language.lexicons import raw_group

WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_VOWELS = re.compile(r"[aeiouy]+")
_SPLIT = re.compile(
    r"(?:(?<![tscgx])ia|(?<![tscgx])io|iu|ua|uo|eo|ea(?=[^dlnrst]|$)|[^aeiou]ie(?=r|s?t))"
)
#: Words whose syllables the rules above count wrongly, by their count (the context
#: lexicon's groups ``one_syllable`` ... ``four_syllables``).
_COUNTED = {"one_syllable": 1, "two_syllables": 2, "three_syllables": 3, "four_syllables": 4}


@cache
def _special() -> dict[str, int]:
    return {w: n for group, n in _COUNTED.items() for w in raw_group("context", group)}


@lru_cache(maxsize=1 << 16)  # words repeat: most tokens are a dictionary lookup
def syllables(word: str) -> int:
    """Syllables in one English word (at least 1)."""
    w = word.lower().strip("’'-")
    if not w:
        return 0
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    w = w.replace("’", "'").split("'")[0] or w
    special = _special().get(w)
    if special is not None:
        return special
    if len(w) <= 3:
        return 1
    count = len(_VOWELS.findall(w))
    count += len(_SPLIT.findall(w))
    if (w.endswith("e") and not w.endswith(("le", "ee", "ye", "ie")) and count > 1) or (
        w.endswith("le") and len(w) > 2 and w[-3] in "aeiouy" and count > 1
    ):
        count -= 1
    if (w.endswith("ed") and len(w) > 3 and w[-3] not in "td" and count > 1) or (
        w.endswith("es") and len(w) > 3 and w[-3] not in "sxzhgcaeiouy" and count > 1
    ):
        count -= 1
    return max(1, count)


class Readability(NamedTuple):
    sentences: int
    words: int
    syllables: int
    polysyllables: int  # words of three or more syllables

    @property
    def flesch_kincaid(self) -> float:
        """Flesch-Kincaid grade level (Kincaid et al. 1975)."""
        if not self.sentences or not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def smog(self) -> float:
        """SMOG grade (McLaughlin 1969), scaled to 30 sentences."""
        if not self.sentences:
            return 0.0
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291


def measure(sentences: list[str]) -> Readability:
    """Readability of a text given as its sentences (plain text, no markup)."""
    words = syll = poly = counted = 0
    for sentence in sentences:
        tokens = WORD.findall(sentence)
        if not tokens:
            continue
        counted += 1
        for token in tokens:
            n = syllables(token)
            words += 1
            syll += n
            poly += n >= 3
    return Readability(counted, words, syll, poly)
