"""Link a sentence to catalog drugs and conditions by their names and synonyms.

All names compile into one alternation, longest first, anchored on word boundaries
(a hyphen counts as part of a word), so "esketamine" never also yields "ketamine"
and "treatment-resistant depression" never also yields "depression".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kettools.models.catalog import Catalog

_REMEMBERED = 8192  # sentences whose subjects an index remembers


class SubjectHit(NamedTuple):
    kind: str  # "drug" | "condition"
    id: str
    start: int
    end: int


class SubjectIndex:
    def __init__(self, catalog: Catalog | None) -> None:
        self._ids: dict[str, tuple[str, str]] = {}
        if catalog is not None:
            for condition in catalog.conditions.values():
                for name in condition.names:
                    self._ids.setdefault(_norm(name), ("condition", condition.id))
            for drug in catalog.drugs.values():
                for name in drug.names:
                    # A drug name wins over a condition spelled the same way.
                    self._ids[_norm(name)] = ("drug", drug.id)
        names = sorted((n for n in self._ids if n), key=lambda n: (-len(n), n))
        self._pattern: re.Pattern[str] | None = None
        # the rules and the sentence analysis look up the same sentences: each is
        # searched once (the oldest of _REMEMBERED is forgotten first)
        self._seen: dict[str, tuple[SubjectHit, ...]] = {}
        if names:
            body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
            self._pattern = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])")

    def find(self, lowered: str) -> list[SubjectHit]:
        """Subject mentions in an already lower-cased sentence, left to right."""
        if self._pattern is None:
            return []
        known = self._seen.get(lowered)
        if known is not None:
            return list(known)
        hits = []
        for m in self._pattern.finditer(lowered):
            kind, ident = self._ids[_norm(m.group())]
            hits.append(SubjectHit(kind, ident, m.start(), m.end()))
        if len(self._seen) >= _REMEMBERED:
            del self._seen[next(iter(self._seen))]
        self._seen[lowered] = tuple(hits)
        return hits


def _norm(name: str) -> str:
    return " ".join(name.lower().split())
