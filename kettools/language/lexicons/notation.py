"""The lexicon notation: plain phrases with choices, optional parts, slots and wildcards.

An entry is written in lower case, word by word, with these marks (the README of
this folder explains them for editors, with examples):

* ``(a|b|c)``: exactly one of the phrases: ``(is|are) predicted``.
* ``[a|b]``: at most one of them. Attached to a word, it gives endings:
  ``suggest[s|ed|ing]`` (suggest, suggests, suggested, suggesting);
  ``reduc(e|es|ed|ing)`` has no bare form. Standing alone before a space, the space
  belongs to it: ``[very|quite] low`` (very low, quite low, low).
* ``{slot}``: one phrase of a named slot of ``slots.yaml`` (``{be} shown``); inside
  ``(...)`` or ``[...]`` its phrases are alternatives of the bracket.
* ``{wildcard}``: a named kind of word or character of ``slots.yaml``
  (``{letters}ly``); ``{word*1-3}`` before a space is one to three such words, each
  with its space, as many as fit; ``{word*1-3?}`` as few as will do.
* ``[a|b]*`` before a space: any number of them, each with its space
  (``no [significant|clear]* difference``).
* ``{hit}``: only in exceptions, where the entry's match is (see `compile_entry`).

A space matches any run of white space. Every other character is itself.

An entry compiles to a regular-expression fragment (`to_regex`), in which a space
still stands for white space (`regex.entry_to_regex` turns it into ``\\s+`` and
an optional space, ``[ ]``, into ``\\s*``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kettools.errors import KettoolsError

#: Characters that are themselves in a regular expression only when escaped.
_META = frozenset(".^$*+?{}[]\\|()")
#: The marks of the notation.
_MARKS = frozenset("()[]{}|")
#: Regular-expression syntax that is no part of the notation.
_FORBIDDEN = frozenset("^$*+?\\")
#: Characters that stand for themselves in both the notation and an expression.
_RUN = re.compile(r"[^()\[\]{}|^$*+?\\.]*")
#: The inside of a bracket without brackets in it (but maybe a {slot}).
_FLAT = re.compile(r"(?:[^()\[\]{}]|\{[^{}]*\})*")


class NotationError(KettoolsError):
    """An entry is not written in the lexicon notation."""


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A named kind of word or character: the only regular expressions in the lexicons."""

    regex: str
    means: str

    @property
    def is_character(self) -> bool:
        """One character (``.``, ``[\\w ]``): repeated without spaces between."""
        r = self.regex
        return r in (".", "\\d", "\\w") or (r.startswith("[") and r.endswith("]"))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What braces may name: the slots (phrase lists) and the wildcards."""

    slots: Mapping[str, tuple[str, ...]]
    wildcards: Mapping[str, Wildcard]
    #: phrase -> its expression, for the phrases of slots and brackets (each slot is
    #: named many times; this is filled as entries are read).
    memo: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict, compare=False)


def _literal(c: str) -> str:
    return "\\" + c if c in _META else c


class _Parser:
    def __init__(self, text: str, vocabulary: Vocabulary, *, hit: bool = False) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self.allow_hit = hit
        self.hits: list[int] = []  # regex offsets of {hit}
        self.slots_used: set[str] = set()
        self.pos = 0

    def fail(self, why: str) -> NotationError:
        return NotationError(f"{why} at column {self.pos + 1} of {self.text!r}")

    def sequence(self, stops: str) -> str:
        out: list[str] = []
        text = self.text
        while self.pos < len(text) and text[self.pos] not in stops:
            c = text[self.pos]
            standalone = self.pos == 0 or text[self.pos - 1] in " (|["
            if c == "(":
                alternatives = [self.phrase(a) for a in self.alternatives(")")]
                if all(_one_character(a) for a in alternatives) and len(alternatives) > 1:
                    out.append("[" + "".join(alternatives) + "]")
                else:
                    out.append("(?:" + "|".join(alternatives) + ")")
            elif c == "[":
                raw = self.alternatives("]")
                repeated = text.startswith("* ", self.pos)
                if standalone and (repeated or text.startswith(" ", self.pos)):
                    self.pos += 1 + repeated  # the space belongs to each alternative
                    body = "|".join(self.phrase(a + " ") for a in raw)
                    out.append("(?:" + body + ")" + ("*" if repeated else "?"))
                    continue
                alternatives = [self.phrase(a) for a in raw]
                if len(alternatives) == 1 and _one_character(alternatives[0]):
                    out.append(alternatives[0] + "?")
                elif all(_one_character(a) for a in alternatives):
                    out.append("[" + "".join(alternatives) + "]?")
                else:
                    out.append("(?:" + "|".join(alternatives) + ")?")
            elif c == "{":
                out.append(self.braces())
            elif c in _MARKS:
                raise self.fail(f"unexpected {c!r}")
            elif c in _FORBIDDEN:
                raise self.fail(f"{c!r} is regular-expression syntax, not lexicon notation")
            else:
                run = _RUN.match(text, self.pos)
                assert run is not None
                if run.end() > self.pos:  # a run of plain characters, in one step
                    out.append(run.group())
                    self.pos = run.end()
                else:
                    out.append(_literal(c))
                    self.pos += 1
        return "".join(out)

    def alternatives(self, close: str) -> list[str]:
        """The notation of each alternative of the bracket opening at ``pos`` (a slot
        that is a whole alternative gives its phrases); ``pos`` moves past its close."""
        text = self.text
        found: list[str] = []
        depth, start = 0, self.pos + 1
        close_at = text.find(close, start)
        if close_at >= 0 and _FLAT.fullmatch(text, start, close_at):  # the common case
            for alternative in text[start:close_at].split("|"):
                found += self.slot_or_phrase(alternative)
            self.pos = close_at + 1
            return found
        for i in range(start, len(text)):
            c = text[i]
            if c in "([{":
                depth += 1
            elif c in ")]}" and depth > 0:
                depth -= 1
            elif depth == 0 and c in ("|", close):
                found += self.slot_or_phrase(text[start:i])
                start = i + 1
                if c == close:
                    self.pos = i + 1
                    return found
            elif depth == 0 and c in ")]}":
                break
        raise self.fail(f"missing {close!r}")

    def slot_or_phrase(self, alternative: str) -> list[str]:
        name = alternative[1:-1]
        if (
            alternative.startswith("{")
            and alternative.endswith("}")
            and name in self.vocabulary.slots
        ):
            self.slots_used.add(name)
            return list(self.vocabulary.slots[name])
        return [alternative]

    def phrase(self, text: str) -> str:
        if _RUN.fullmatch(text):
            return text
        found = self.vocabulary.memo.get(text)
        if found is None:
            inner = _Parser(text, self.vocabulary)
            regex = inner.sequence("")
            if inner.pos != len(text):
                raise self.fail(f"unexpected {text[inner.pos]!r} in {text!r}")
            found = self.vocabulary.memo[text] = (regex, frozenset(inner.slots_used))
        self.slots_used |= found[1]
        return found[0]

    def braces(self) -> str:
        end = self.text.find("}", self.pos)
        if end < 0:
            raise self.fail("missing '}'")
        body = self.text[self.pos + 1 : end]
        self.pos = end + 1
        if body == "hit":
            if not self.allow_hit:
                raise self.fail("{hit} belongs in an exception")
            self.hits.append(0)
            return "\0"
        name, star, count = body.partition("*")
        if name in self.vocabulary.slots and not star:
            self.slots_used.add(name)
            key = "{" + name + "}"  # the same as the phrase "{name}" would be
            found = self.vocabulary.memo.get(key)
            if found is None:
                inner = _Parser(key, self.vocabulary)
                items = "|".join(inner.phrase(p) for p in self.vocabulary.slots[name])
                found = ("(?:" + items + ")", frozenset(inner.slots_used))
                self.vocabulary.memo[key] = found
            self.slots_used |= found[1]
            return found[0]
        wildcard = self.vocabulary.wildcards.get(name)
        if wildcard is None:
            raise self.fail(f"unknown slot or wildcard {{{name}}}")
        if not star:
            return wildcard.regex
        lazy = count.endswith("?")
        low, dash, high = count.removesuffix("?").partition("-")
        if not (low.isdigit() and dash and (high.isdigit() or high == "")):
            raise self.fail(f"a repeat is written {{{name}*1-3}}, not {{{body}}}")
        quantifier = "{" + low + "," + high + "}" + ("?" if lazy else "")
        if wildcard.is_character:
            return wildcard.regex + quantifier
        if not self.text.startswith(" ", self.pos):
            raise self.fail(f"a repeat of words, {{{body}}}, is followed by a space")
        self.pos += 1
        return "(?:" + wildcard.regex + " )" + quantifier


def _one_character(regex: str) -> bool:
    return len(regex) == 1 or (len(regex) == 2 and regex[0] == "\\" and regex[1] in _META)


def to_regex(entry: str, vocabulary: Vocabulary) -> str:
    """The regular-expression fragment of one entry (a space still means white space)."""
    if _RUN.fullmatch(entry):
        return entry  # most entries are plain words: compiled at every start-up
    parser = _Parser(entry, vocabulary)
    try:
        regex = parser.sequence("")
    except NotationError as exc:
        if f"of {entry!r}" in str(exc):
            raise
        raise NotationError(f"{exc}, in {entry!r}") from None
    if parser.pos != len(entry):
        raise parser.fail(f"unexpected {entry[parser.pos]!r}")
    return regex


def slots_in(entry: str, vocabulary: Vocabulary) -> set[str]:
    """The slots an entry names (for the linter's counts)."""
    parser = _Parser(entry, vocabulary, hit=True)
    parser.sequence("")
    return parser.slots_used


def exception_regex(exception: str, vocabulary: Vocabulary) -> str:
    r"""The look-around that cancels a hit: ``{hit} X`` -> ``(?!X)``, ``X {hit}`` ->
    ``(?<!X)`` (where a space is one white-space character).

    An exception cancels a hit when its words, with ``{hit}`` standing for the hit,
    are what the text holds right around it: ``{hit} the question`` cancels "raise"
    in "raise the question" (and "raise the questions": an exception is matched from
    the hit outwards, word by word, and need not end where a word ends; end it with
    ``{end}`` to require that).
    """
    parser = _Parser(exception, vocabulary, hit=True)
    regex = parser.sequence("")
    if parser.pos != len(exception) or len(parser.hits) != 1:
        raise NotationError(f"an exception names {{hit}} exactly once: {exception!r}")
    before, _, after = regex.partition("\0")
    if before and after:
        raise NotationError(f"an exception has words on one side of {{hit}} only: {exception!r}")
    if after:
        return "(?!" + after + ")"
    if not before:
        raise NotationError(f"an exception has words besides {{hit}}: {exception!r}")
    # A look-behind has one length: a space before the hit is one white-space character.
    return "(?<!" + before.replace(" ", "\\s") + ")"


def compile_entry(phrase: str, exceptions: Sequence[str], vocabulary: Vocabulary) -> str:
    """One entry with its exceptions: the phrase, then a look-around per exception
    (look-behinds first, so that the phrase's first character still leads)."""
    regex = to_regex(phrase, vocabulary)
    behind = ""
    for exception in exceptions:
        look = exception_regex(exception, vocabulary)
        if look.startswith("(?<!"):
            behind += look
        else:
            regex += look
    return behind + regex
