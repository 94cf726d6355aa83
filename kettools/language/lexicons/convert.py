"""Rewrite an old-style entry (a regular-expression fragment) in the lexicon notation.

Lexicon entries used to be regular expressions. `suggest` reads one back as notation
(``suggest(?:s|ed)?`` -> ``suggest[s|ed]``, a final ``(?! ...)`` -> an exception) and
checks that the notation compiles to the very same expression; the linter prints it
for an entry that still uses regular-expression syntax. An expression it cannot
read (a look-ahead inside the entry, a repeated group) stays one: ``pattern:``.
"""

from __future__ import annotations

import contextlib
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


def read(regex: str, vocabulary: Vocabulary) -> Suggestion | None:
    """The entry read as notation, unchecked; None when it uses what the notation lacks."""
    body, ahead = _lookahead_at_end(regex)
    try:
        reader = _Reader(body, vocabulary)
        phrase = reader.sequence("")
        exceptions = []
        if ahead is not None:
            reader = _Reader(ahead, vocabulary)
            exceptions.append("{hit}" + reader.sequence(""))
    except (Unreadable, ValueError, IndexError):
        return None
    return Suggestion(phrase, exceptions)


def suggest(regex: str, vocabulary: Vocabulary) -> Suggestion | None:
    """The entry in notation, or None when the notation cannot say it exactly."""
    found = read(regex, vocabulary)
    try:
        if found is None or compile_entry(found.phrase, found.exceptions, vocabulary) != regex:
            return None
    except NotationError:
        return None
    return found


# -- Rewriting a data file of regular expressions (the article review's word lists) --

#: A comment line of the old style, and what it says now.
_OLD_COMMENT = "# Regular expressions"
_NEW_COMMENT = (
    "# Phrases in the lexicons' notation (kettools/language/lexicons/README.md), matched on\n"
    "# word boundaries; a `pattern:` is a regular expression, used as written, with its why."
)


def _unspace(regex: str) -> str:
    """The inverse of `regex.entry_to_regex`: ``\\s+`` -> a space, ``\\s*`` -> `` ?``,
    and ``\\s`` inside a character class -> a space."""
    out: list[str] = []
    i, inside = 0, False
    while i < len(regex):
        c = regex[i]
        if c == "\\" and regex.startswith("\\s", i):
            if inside:
                out.append(" ")
                i += 2
            elif regex[i + 2 : i + 3] in ("+", "*"):
                out.append(" " if regex[i + 2] == "+" else " ?")
                i += 3
            else:
                out.append("\\s")
                i += 2
            continue
        if c == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if c == "[" and not inside:
            inside = True
        elif c == "]" and inside and out and out[-1] != "[":
            inside = False
        out.append(c)
        i += 1
    return "".join(out)


def _same_program(a: str, b: str) -> bool:
    """Whether two expressions compile to the same program (so match the same)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    try:
        return bool(_compiler._code(_parser.parse(a), 0) == _compiler._code(_parser.parse(b), 0))
    except (re.error, RecursionError, OverflowError):  # it does not compile: it differs
        return False


def _why(regex: str) -> str:
    """Why an old expression stays a pattern, from what it uses."""
    plain = re.sub(r"\\.", "", regex)
    if re.search(r"[A-Z]", plain):
        return "capital letters: it is matched on the text as written (names, journals)"
    if "(?<!\\w\\d)" in regex:
        return "a number's first digit, written digit first (\\d(?<!\\w\\d), faster than \\b\\d)"
    if re.search(r"\[\^[^\]]*\]\{\d+,\d+\}", regex):
        return "a count of characters between words"
    if "^" in plain or "$" in plain:
        return "the start or end of a line, or a dollar sign"
    if "[\\d," in regex:
        return "a figure's digits, commas and dots, a class no wildcard names"
    if not regex.startswith("\\b"):
        return "no word boundary at its start"
    return "no word boundary at its end, or a form the notation cannot say exactly"


def rewrite_entry(regex: str, vocabulary: Vocabulary) -> dict[str, object] | str:
    """An old-style entry on word boundaries (``\\bX\\b``, maybe with a look-ahead after
    it) as a phrase in the notation when the phrase, put on word boundaries
    (`lists.Translated.bounded`), compiles to the same program; else the pattern with
    its why. A phrase with exceptions is a mapping."""
    from kettools.language.lexicons.lists import translate

    body, ahead = _lookahead_at_end(regex)
    suggestion = None
    if body.startswith("\\b") and body.endswith("\\b") and not body.endswith("\\\\b"):
        inner = _unspace(body[2:-2]) + ("" if ahead is None else "(?!" + _unspace(ahead) + ")")
        suggestion = read(inner, vocabulary)
    if suggestion is not None and not any(c.isupper() for c in suggestion.phrase):
        entry: dict[str, object] | str = suggestion.phrase
        if suggestion.exceptions:
            entry = {"phrase": suggestion.phrase, "exceptions": suggestion.exceptions}
        with contextlib.suppress(NotationError):
            if _same_program(translate([entry], vocabulary)[0].bounded, regex):
                return entry
    return {"pattern": regex, "why": _why(regex)}


def _old_style(value: object) -> bool:
    return isinstance(value, str) and any(m in value for m in ("\\", "(?", "^", "$"))


def _scalar(text: str) -> str:
    """`text` as a YAML scalar in a block list: plain when it reads back as itself."""
    import yaml

    try:
        if yaml.safe_load("- " + text) == [text]:
            return text
    except yaml.YAMLError:
        pass
    return "'" + text.replace("'", "''") + "'"


def rewrite_file(text: str, vocabulary: Vocabulary) -> tuple[str, int, int]:
    """A data file with its old-style list items rewritten (`rewrite_entry`), line by
    line, keeping every other line and comment; an item already in the notation stays.
    Returns the new text, the phrases written and the patterns left."""
    import yaml

    out: list[str] = []
    phrases = patterns = 0
    for line in text.splitlines():
        item = re.match(r"(\s*)- (.+)$", line)
        value = yaml.safe_load(item.group(2)) if item else None
        if line.startswith(_OLD_COMMENT):
            out.append(_NEW_COMMENT)
            continue
        if item is None or not _old_style(value):
            out.append(line)
            continue
        indent = item.group(1)
        entry = rewrite_entry(str(value), vocabulary)
        if isinstance(entry, str):
            phrases += 1
            out.append(f"{indent}- {_scalar(entry)}")
        elif "pattern" in entry:
            patterns += 1
            out.append(f"{indent}- pattern: {_scalar(str(entry['pattern']))}")
            out.append(f"{indent}  why: {_scalar(str(entry['why']))}")
        else:
            phrases += 1
            out.append(f"{indent}- phrase: {_scalar(str(entry['phrase']))}")
            out.append(f"{indent}  exceptions:")
            for exception in entry["exceptions"]:  # type: ignore[attr-defined]
                out.append(f"{indent}    - {_scalar(str(exception))}")
    return "\n".join(out) + "\n", phrases, patterns


def main(argv: list[str] | None = None) -> int:
    """``python -m kettools.language.lexicons.convert FILE...``: rewrite each data file of
    old-style expressions (the article review's, ``kettools/review/data/*.yaml``) in
    place, in the notation; run again, it changes nothing."""
    import sys
    from pathlib import Path

    from kettools.language.lexicons import vocabulary

    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m kettools.language.lexicons.convert FILE.yaml...")
        return 2
    for name in paths:
        path = Path(name)
        text, phrases, patterns = rewrite_file(path.read_text(encoding="utf-8"), vocabulary())
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {phrases} phrases written, {patterns} patterns left")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
