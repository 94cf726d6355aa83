"""Rewrite an old-style entry (a regular-expression fragment) in the lexicon notation.

Lexicon entries used to be regular expressions. `suggest` reads one back as notation
(``suggest(?:s|ed)?`` -> ``suggest[s|ed]``, a final ``(?! ...)`` -> an exception) and
checks that the notation compiles to the very same expression; the linter prints it
for an entry that still uses regular-expression syntax. An expression it cannot
read (a look-ahead inside the entry, a repeated group) stays one: ``pattern:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kettools.language.lexicons.notation import NotationError, Vocabulary, compile_entry


class Unreadable(Exception):
    """The expression uses something the notation cannot say."""


@dataclass
class Suggestion:
    phrase: str
    exceptions: list[str] = field(default_factory=list)


_QUANTIFIED = ("+", "*", "?", "{")


class _Reader:
    def __init__(self, regex: str, vocabulary: Vocabulary) -> None:
        self.s = regex
        self.i = 0
        self.by_regex = {w.regex: name for name, w in vocabulary.wildcards.items()}
        self.slots = {tuple(items): name for name, items in vocabulary.slots.items()}

    def sequence(self, stops: str) -> str:
        out = ""
        s = self.s
        while self.i < len(s) and s[self.i] not in stops:
            c = s[self.i]
            if s.startswith("(?:", self.i):
                self.i += 3
                alternatives = self.alternatives()
                standalone = out == "" or out.endswith((" ", "(", "|", "["))
                if s.startswith("?", self.i) and not s.startswith(("??", "?+"), self.i):
                    self.i += 1
                    if standalone and all(a.endswith(" ") for a in alternatives):
                        out += "[" + self.choice([a[:-1] for a in alternatives]) + "] "
                    else:
                        out += "[" + self.choice(alternatives) + "]"
                elif s.startswith("{", self.i) and len(alternatives) == 1:
                    out += self.repeat(alternatives[0])
                elif (
                    s.startswith("*", self.i)
                    and standalone
                    and all(a.endswith(" ") for a in alternatives)
                ):
                    self.i += 1
                    out += "[" + self.choice([a[:-1] for a in alternatives]) + "]* "
                elif s[self.i : self.i + 1] in _QUANTIFIED:
                    raise Unreadable("a repeated group")
                else:
                    chosen = self.choice(alternatives)
                    out += chosen if chosen.startswith("{") else "(" + chosen + ")"
            elif s.startswith("(?", self.i) or c == ")":
                raise Unreadable("a look-around inside an entry")
            elif c in "[\\.":
                out += self.wildcard_or_class()
            elif c == "?":
                self.i += 1
                if not out or out[-1] in "])}":
                    raise Unreadable("an optional group")
                out = out[:-1] + "[" + out[-1] + "]"
            elif c in "*+{|^$":
                raise Unreadable(f"{c!r}")
            else:
                out += c
                self.i += 1
        return out

    def choice(self, alternatives: list[str]) -> str:
        name = self.slots.get(tuple(alternatives))
        return "{" + name + "}" if name else "|".join(alternatives)

    def alternatives(self) -> list[str]:
        found = []
        while True:
            found.append(self.sequence("|)"))
            if self.i >= len(self.s):
                raise Unreadable("an unclosed group")
            self.i += 1
            if self.s[self.i - 1] == ")":
                return found

    def repeat(self, body: str) -> str:
        end = self.s.index("}", self.i)
        low, _, high = self.s[self.i + 1 : end].partition(",")
        self.i = end + 1
        lazy = self.s.startswith("?", self.i)
        self.i += lazy
        if not (body.startswith("{") and body.endswith("} ") and "*" not in body):
            raise Unreadable("a repeated group")
        return body[:-2] + "*" + low + "-" + high + ("?" if lazy else "") + "} "

    def wildcard_or_class(self) -> str:
        s, i = self.s, self.i
        if s.startswith("\\", i):
            end = i + 2
        elif s[i] == ".":
            end = i + 1
        else:
            end = s.index("]", i + 1) + 1
            if s[i + 1] == "\\" and s.startswith("\\]", end - 2):
                raise Unreadable("an escaped bracket")
        atom = s[i:end]
        if atom == "\\.":
            self.i = end
            return "."
        for quantifier in ("+", "*", ""):
            if s.startswith(quantifier, end) and atom + quantifier in self.by_regex:
                name = self.by_regex[atom + quantifier]
                self.i = end + len(quantifier)
                if quantifier == "" and s.startswith("{", self.i):
                    close = s.index("}", self.i)
                    low, _, high = s[self.i + 1 : close].partition(",")
                    self.i = close + 1
                    lazy = s.startswith("?", self.i)
                    self.i += lazy
                    return "{" + name + "*" + low + "-" + high + ("?" if lazy else "") + "}"
                return "{" + name + "}"
        if atom.startswith("[") and "\\" not in atom and not re.search(".-.", atom[1:-1]):
            chars = atom[1:-1]
            self.i = end
            if s.startswith("?", end):
                self.i += 1
                return "[" + "|".join(chars) + "]"
            if s[end : end + 1] in _QUANTIFIED:
                raise Unreadable(f"a repeated class {atom}")
            return "(" + "|".join(chars) + ")"
        raise Unreadable(f"{atom} (name it a wildcard in slots.yaml)")


def _lookahead_at_end(regex: str) -> tuple[str, str | None]:
    """``X(?!Y)`` -> (X, Y) when the look-ahead closes the entry."""
    if not regex.endswith(")"):
        return regex, None
    depth = 0
    for i in range(len(regex) - 1, -1, -1):
        c = regex[i]
        if i > 0 and regex[i - 1] == "\\":
            continue
        depth += c == ")"
        depth -= c == "("
        if depth == 0:
            if regex.startswith("(?!", i):
                return regex[:i], regex[i + 3 : -1]
            return regex, None
    return regex, None


def suggest(regex: str, vocabulary: Vocabulary) -> Suggestion | None:
    """The entry in notation, or None when the notation cannot say it exactly."""
    body, ahead = _lookahead_at_end(regex)
    try:
        reader = _Reader(body, vocabulary)
        phrase = reader.sequence("")
        exceptions = []
        if ahead is not None:
            reader = _Reader(ahead, vocabulary)
            exceptions.append("{hit}" + reader.sequence(""))
        if compile_entry(phrase, exceptions, vocabulary) != regex:
            return None
    except (Unreadable, NotationError, ValueError, IndexError):
        return None
    return Suggestion(phrase, exceptions)
