"""The literal pieces of a regular expression: text one of which every match contains.

Most cue words are absent from most texts, and a substring test is far cheaper than a
regular-expression pass, so a search can be skipped when the text holds none of the
pieces. The rules do this per block or sentence (`kettools.checks.rules.common.guarded`);
the article review searches only the text around each piece (`kettools.review.text`).

The pieces are read from the expression's parse tree: a run of three or more literal
characters (or a lone ``%``, ``$`` or ``|``), a group, an alternation (a piece from each
branch) or a repeat taken at least once; anything else (classes, anchors, optional
parts) names nothing. Of the candidates, the one whose shortest piece is longest is
taken (the rarest, so the fewest places to look), then the one with the fewest pieces.
Only ASCII characters make a piece, so that a piece of a case-insensitive expression
(lower-cased) is a substring of the lower-cased text wherever the expression matches.
Each piece comes with whether it begins a word wherever it matches (it follows ``\\b``,
``^``, a space or a hyphen), so a reader may look it up among a text's words. Python's
parser is not a public interface: if it is missing or its tree looks different, there
are no pieces and every search is made.
"""

from __future__ import annotations

import re
from re import _constants as _const  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: A piece, and whether it begins a word wherever it matches.
Piece = tuple[str, bool]

_WORD = re.compile(r"\w+")
_SYMBOLS = ("%", "$", "|")  # rare enough in prose to make a piece alone
_STARTS = (_const.AT_BEGINNING, _const.AT_BEGINNING_LINE, _const.AT_BOUNDARY)
_REPEATS = (_const.MAX_REPEAT, _const.MIN_REPEAT, _const.POSSESSIVE_REPEAT)


def pieces(expression: str, flags: int = 0) -> tuple[Piece, ...] | None:
    """The pieces of `expression` compiled with `flags`, or None when it names none."""
    try:
        return of_tree(_parser.parse(expression, flags))
    except Exception:  # not an expression this parser reads: no pieces, every search made
        return None


def of_tree(tree: Any) -> tuple[Piece, ...] | None:
    """`pieces` of an expression already parsed (``re._parser.parse``)."""
    return _best(candidates(tree))


def candidates(tree: Any) -> list[tuple[Piece, ...]]:
    """Every set of pieces of a parsed expression one of which each match contains, in
    the expression's order (`of_tree` is the best of them): a search may be skipped
    where any one of them is missing."""
    try:
        found = _candidates(list(tree), bool(tree.state.flags & re.IGNORECASE), False)
    except Exception:  # another Python's parser: no pieces, every search made
        return []
    return [tuple(dict.fromkeys(c)) for c in found]


def _best(found: list[tuple[Piece, ...]]) -> tuple[Piece, ...] | None:
    """The candidate whose shortest piece is longest, then with the fewest pieces."""
    return max(found, key=lambda c: (min(len(p) for p, _ in c), -len(c))) if found else None


def _candidates(items: list[Any], folds: bool, start: bool) -> list[tuple[Piece, ...]]:
    """The candidates of a parsed sequence. `folds`: matched case-insensitively (a
    piece is lower-cased); `start`: the sequence begins at a word boundary."""
    found: list[tuple[Piece, ...]] = []
    run, begins = "", start
    for op, av in [*items, (None, None)]:
        if op is _const.LITERAL and av < 128:
            if not run:
                begins = start
            char = chr(av)
            run += char.lower() if folds else char
            start = not char.isalnum() and char != "_"
            continue
        if len(run) >= 3 or run in _SYMBOLS:
            found.append(((run, begins and _WORD.fullmatch(run) is not None),))
        run = ""
        if op is _const.SUBPATTERN:
            found += _candidates(list(av[3]), _folds(folds, av[1], av[2]), start)
        elif op is _const.BRANCH:
            branches = [_best(_candidates(list(b), folds, start)) for b in av[1]]
            if all(branches):
                found.append(tuple(p for b in branches for p in b or ()))
        elif op in _REPEATS and av[0] >= 1:
            found += _candidates(list(av[2]), folds, start)
        if op is _const.AT:
            start = av in _STARTS
        elif op in _REPEATS:
            start = av[0] >= 1 and _not_word(list(av[2]))
        else:
            start = _not_word([(op, av)])
    return found


def _folds(folds: bool, added: int, removed: int) -> bool:
    """Whether a group with its own flags (``(?i:...)``, ``(?-i:...)``) folds case."""
    return bool(added & re.IGNORECASE) or (folds and not removed & re.IGNORECASE)


def _not_word(items: list[Any]) -> bool:
    """Whether this parsed sequence is one character that is never a word character
    (a space, a hyphen, `\\s`, `[-\\s]`)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _const.LITERAL:
        return not chr(av).isalnum() and chr(av) != "_"
    if op is _const.IN:
        return all(
            (o is _const.LITERAL and not chr(a).isalnum() and chr(a) != "_")
            or (o is _const.CATEGORY and a in (_const.CATEGORY_SPACE, _const.CATEGORY_NOT_WORD))
            for o, a in av
        )
    return False
