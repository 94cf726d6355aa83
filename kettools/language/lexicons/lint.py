"""Lint the lexicons: ``python -m kettools.language.lexicons.lint``.

Checks every lexicon file of this folder for what an editor can get wrong:

* an entry that does not compile (an unknown ``{slot}``, regular-expression syntax
  such as ``(?:``, ``\\b`` or ``s?``: an old-style entry; the message shows the
  entry in notation when `convert.suggest` can write it);
* an entry written twice in a file (in a group, for `WORD_LISTS`), an empty group,
  upper case;
* an entry over 80 characters (split it, or name a slot): a warning, the only kind;
* an exception that can never apply (one that the phrase's next words contradict
  is not detected: only exceptions that do not compile or name no ``{hit}``);
* an unknown key in a file, a group or an entry;
* a ``pattern:`` (the escape hatch) without a ``why:``.

It prints one line per problem (``file: group: message``), then the counts:
entries, slots used, exceptions, patterns. Exit code 1 when there is an error.

Given paths (``python -m kettools.language.lexicons.lint kettools/checks/rules/data/*.yaml``,
or the article review's ``kettools/review/data/*.yaml``),
it checks those files instead: the rules' word lists, written in the same notation but
laid out as their rule reads them (`data_problems`). With no path, the lexicons.
With ``--write`` (and no error), it then writes ``compiled.json``, the translated
lexicons that a start-up reads instead of the YAML (see `lexicons.COMPILED`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kettools.language import lexicons
from kettools.language.lexicons.convert import suggest
from kettools.language.lexicons.lists import file_vocabulary
from kettools.language.lexicons.notation import (
    NotationError,
    Vocabulary,
    exception_regex,
    slots_in,
    to_regex,
)
from kettools.language.lexicons.regex import entry_to_regex

MAX_LENGTH = 80
#: Marks a warning: an entry that is long, not wrong (the lexicons still hold 67).
LONG = "warning: "
_FILE_KEYS = {"description", "groups"}
_GROUP_KEYS = {"entries", "exceptions"}
_ENTRY_KEYS = ({"phrase", "exceptions"}, {"pattern", "why"})
#: Files whose groups are word lists that code reads one by one (a word may be in
#: several); in a lexicon that is matched, an entry is in one group only.
WORD_LISTS = {"context"}
#: Word lists beside the groups, read by the module named (not entries of a group).
_LISTS = {
    "hype": {"negated_by", "aspired_by", "senses", "effect_verbs"},
    "absolutes": {
        "negated_by",
        "history_before",
        "knowing_after",
        "research_before",
        "approximated_by",
        "reported_after",
        "single_after",
        "absence_after",
        "advice_after",
        "varied_words",
    },
    "kinds": {"priority"},
}


@dataclass
class Counts:
    entries: int = 0
    exceptions: int = 0
    patterns: int = 0


def problems(name: str, counts: Counts, slots: set[str]) -> Iterator[str]:
    """Every problem of one lexicon file."""
    data = lexicons.source(name)
    vocabulary = lexicons.vocabulary()
    for key in set(data) - _FILE_KEYS - _LISTS.get(name, set()):
        yield f"unknown key {key!r}"
    seen: set[str] = set()
    for group, body in data["groups"].items():
        if name in WORD_LISTS:
            seen = set()
        items = body.get("entries") if isinstance(body, dict) else body
        if isinstance(body, dict):
            for key in set(body) - _GROUP_KEYS:
                yield f"{group}: unknown key {key!r}"
        if not items:
            yield f"{group}: an empty group"
            continue
        for item in items:
            if isinstance(item, dict):
                keys = set(item)
                if not any(keys <= allowed for allowed in _ENTRY_KEYS):
                    yield f"{group}: unknown keys in {item!r}"
                    continue
            yield from _entry(group, item, seen, counts, slots)
        if isinstance(body, dict):
            for exception in body.get("exceptions") or ():
                yield from _exception(group, exception, counts, slots)
    for key in _LISTS.get(name, set()) & set(data):
        value = data[key]
        phrases = [p for v in value.values() for p in v] if isinstance(value, dict) else value
        for phrase in phrases:
            try:
                to_regex(phrase, vocabulary)
            except NotationError as exc:
                yield f"{key}: {exc}{_hint(phrase)}"


def _entry(
    group: str,
    item: object,
    seen: set[str],
    counts: Counts,
    slots: set[str],
    vocabulary: Vocabulary | None = None,
) -> Iterator[str]:
    vocabulary = vocabulary or lexicons.vocabulary()
    counts.entries += 1
    if isinstance(item, dict) and "pattern" in item:
        counts.patterns += 1
        if not item.get("why"):
            yield f"{group}: a pattern without a why: {item['pattern']!r}"
        try:
            re.compile(str(item["pattern"]))
        except re.error as exc:
            yield f"{group}: the pattern {item['pattern']!r} does not compile: {exc}"
        return
    phrase = item.get("phrase") if isinstance(item, dict) else item
    if not isinstance(phrase, str) or not phrase:
        yield f"{group}: cannot read the entry {item!r}"
        return
    if phrase in seen:
        yield f"{group}: {phrase!r} is written twice"
    seen.add(phrase)
    if phrase != phrase.strip() or "  " in phrase:
        yield f"{group}: stray spaces in {phrase!r}"
    if any(c.isupper() for c in phrase):
        yield f"{group}: {phrase!r} has upper case (entries match the lower-cased text)"
    if len(phrase) > MAX_LENGTH:
        yield f"{LONG}{group}: {phrase!r} is over {MAX_LENGTH} characters: split it or name a slot"
    try:
        to_regex(phrase, vocabulary)
        slots |= slots_in(phrase, vocabulary)
    except NotationError as exc:
        yield f"{group}: {exc}{_hint(phrase)}"
    if isinstance(item, dict):
        for exception in item.get("exceptions") or ():
            yield from _exception(group, exception, counts, slots)


def _exception(group: str, exception: object, counts: Counts, slots: set[str]) -> Iterator[str]:
    counts.exceptions += 1
    if not isinstance(exception, str):
        yield f"{group}: cannot read the exception {exception!r}"
        return
    try:
        look = exception_regex(exception, lexicons.vocabulary())
        slots |= slots_in(exception, lexicons.vocabulary())
    except NotationError as exc:
        yield f"{group}: an exception that can never apply: {exc}"
        return
    before, _, after = exception.partition("{hit}")
    if re.match(r"[\w-]", after) or re.search(r"[\w-]$", before):
        yield (
            f"{group}: an exception that can never apply: {exception!r} (a hit ends where a "
            "word ends, so no letter, digit or hyphen touches it; put a space by {hit})"
        )
    if look.startswith("(?<!"):
        try:
            re.compile(entry_to_regex(look))
        except re.error:
            yield f"{group}: the words before {{hit}} in {exception!r} must have one length"


def _hint(phrase: str) -> str:
    """How an old-style entry is written in the notation."""
    suggestion = suggest(phrase, lexicons.vocabulary())
    if suggestion is None:
        return " (if the notation cannot say it, write it as pattern: with a why:)"
    if suggestion.exceptions:
        return f"; write it as phrase: {suggestion.phrase!r}, exceptions: {suggestion.exceptions!r}"
    return f"; write it as {suggestion.phrase!r}"


#: Keys that describe an entry of a rule's data file, besides its phrase or pattern.
_DESCRIBING = {"what", "means", "name"}


def data_problems(path: Path, counts: Counts, slots: set[str]) -> Iterator[str]:
    """Every problem of one rule data file (``kettools/checks/rules/data/*.yaml``).

    Such a file is a mapping whose lists of strings are phrases in the notation (a
    mapping of lists, ``synonyms:``, holds several); a list may hold entries with a
    ``phrase`` or a ``pattern`` and its ``why``, and keys that describe them (``what``,
    ``means``, ``name``), or mappings that hold such lists (``boilerplate.yaml``). Its
    own ``slots:`` add to those of ``slots.yaml``. Numbers and other scalars are
    settings and are not checked.
    """
    from kettools.files import packaged

    data = packaged.load_text(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        yield "expected a mapping"
        return
    own = data.get("slots") or {}
    vocabulary = file_vocabulary(own)
    for group, items in _data_lists(data):
        if not items:
            yield f"{group}: an empty list"
        seen: set[str] = set()
        for item in items:
            if isinstance(item, dict):
                keys = set(item) - _DESCRIBING
                if not keys and "name" in item:
                    item = item["name"]  # a named term: {name: ..., means: ...}
                elif not keys or not any(keys <= allowed for allowed in _ENTRY_KEYS):
                    yield f"{group}: unknown keys in {item!r}"
                    continue
            yield from _entry(group, item, seen, counts, slots, vocabulary)
    for name in sorted(set(own) - slots):
        yield f"slots: the slot {name!r} is used by no entry"


def _data_lists(value: object, where: str = "") -> Iterator[tuple[str, list[object]]]:
    """Every list of entries in a rule data file, with where it is (``slots: thing``,
    ``patterns: 3: opens``): a list of mappings that are no entries (``{what: ...,
    opens: [...]}``) holds lists in turn."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _data_lists(inner, f"{where}{key}" if not where else f"{where}: {key}")
    elif isinstance(value, list):
        if value and all(
            isinstance(v, dict) and not set(v) & {"phrase", "pattern", "name"} for v in value
        ):
            for number, inner in enumerate(value, 1):
                yield from _data_lists(inner, f"{where}: {number}")
        else:
            yield where, value


def lint() -> tuple[list[str], Counts, set[str]]:
    """Every problem of every lexicon file, the counts and the slots used."""
    found: list[str] = []
    counts = Counts()
    slots: set[str] = set()
    for name in lexicons.NAMES:
        found += [f"{name}.yaml: {p}" for p in problems(name, counts, slots)]
    unused = set(lexicons.vocabulary().slots) - slots
    found += [f"slots.yaml: the slot {s!r} is used by no entry" for s in sorted(unused)]
    return found, counts, slots


def errors(found: list[str]) -> list[str]:
    """The problems that are not warnings."""
    return [p for p in found if LONG not in p]


def write() -> Path:
    """Write `lexicons.COMPILED` beside the lexicon files (a source checkout)."""
    path = Path(lexicons.__file__).with_name(lexicons.COMPILED)
    form = json.dumps(lexicons.compiled_form(), ensure_ascii=False, indent=0)
    path.write_text(form + "\n", encoding="utf-8")
    return path


def lint_files(paths: list[Path]) -> tuple[list[str], Counts, set[str]]:
    """Every problem of the rule data files at `paths`, the counts and the slots used."""
    counts = Counts()
    found: list[str] = []
    used: set[str] = set()
    for path in paths:
        slots: set[str] = set()
        found += [f"{path.name}: {problem}" for problem in data_problems(path, counts, slots)]
        used |= slots
    return found, counts, used


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args if not a.startswith("--")]
    if paths:
        found, counts, slots = lint_files(paths)
    else:
        found, counts, slots = lint()
    for line in found:
        print(line)
    wrong = errors(found)
    print(
        f"{counts.entries} entries, {len(slots)} slots used, {counts.exceptions} exceptions, "
        f"{counts.patterns} patterns (escape hatch); {len(wrong)} errors, "
        f"{len(found) - len(wrong)} warnings"
    )
    if wrong:
        return 1
    if "--write" in args and not paths:
        print(f"wrote {write()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
