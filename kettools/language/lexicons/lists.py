"""Word lists of other parts (the rules' data, the article review's data) in the notation.

A data file outside this folder holds lists of entries written as lexicon entries are
(README.md of this folder): a phrase (a string, or a mapping with its ``phrase`` and
maybe ``exceptions``) or the escape hatch, ``{pattern: ..., why: ...}``, used as written.
A file may name its own slots under ``slots:``; they add to those of ``slots.yaml``.

`file_vocabulary` gives a file's vocabulary; `translate` turns each entry of a list into
its expression, as a lexicon entry is translated (a space matches any run of white
space, ``[ ]`` none or more). Where the expression goes (an alternation, on word
boundaries or not) is the reader's business: `Translated.bounded` is the common case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from kettools.language.lexicons import vocabulary
from kettools.language.lexicons.notation import Vocabulary, exception_regex, to_regex
from kettools.language.lexicons.regex import entry_to_regex


class Translated(NamedTuple):
    """One entry as an expression: the phrase's (or the pattern as written), and the
    look-behinds and look-aheads of its exceptions."""

    regex: str
    pattern: bool = False
    before: str = ""
    after: str = ""

    @property
    def whole(self) -> str:
        """The expression with its exceptions, no boundaries added."""
        return self.before + self.regex + self.after

    @property
    def bounded(self) -> str:
        """On word boundaries (``\\b`` either side of the phrase, its exceptions
        outside them); a pattern as written."""
        if self.pattern:
            return self.regex
        return self.before + "\\b" + self.regex + "\\b" + self.after


def file_vocabulary(own: Mapping[str, Iterable[Any]] | None) -> Vocabulary:
    """The lexicons' slots and wildcards, with a data file's own ``slots:`` added."""
    shared = vocabulary()
    if not own:
        return shared
    slots = {**shared.slots, **{str(k): tuple(str(p) for p in v) for k, v in own.items()}}
    return Vocabulary(slots, shared.wildcards)


def translate(entries: Iterable[Any], vocab: Vocabulary) -> list[Translated]:
    """Each entry of a list as an expression (see the module's docstring)."""
    found: list[Translated] = []
    for entry in entries:
        if isinstance(entry, dict) and "pattern" in entry:
            found.append(Translated(str(entry["pattern"]), pattern=True))
            continue
        phrase = entry["phrase"] if isinstance(entry, dict) else entry
        exceptions = (entry.get("exceptions") or ()) if isinstance(entry, dict) else ()
        before = after = ""
        for exception in exceptions:
            look = entry_to_regex(exception_regex(str(exception), vocab))
            if look.startswith("(?<!"):
                before += look
            else:
                after += look
        found.append(Translated(entry_to_regex(to_regex(str(phrase), vocab)), False, before, after))
    return found
