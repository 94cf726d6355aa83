"""Typed records shared by every part of kettools (pydantic v2, strict about unknown keys).

The model modules (and `inputs/config.py`) do not use `from __future__ import annotations`:
with it, pydantic evaluates every annotation string with `eval` as it makes each class,
about 3 ms of every run (docs/performance.md); a forward reference is quoted instead.
"""

from kettools.models.base import Model, Span
from kettools.models.catalog import Catalog, Caveat, Code, Condition, Drug, Regulation
from kettools.models.claims import (
    ArticleRecord,
    Certainty,
    ClaimKind,
    ClaimRecord,
    Cue,
    CueKind,
    Review,
    Sidecar,
    Strength,
    Subject,
)
from kettools.models.finding import CATEGORIES, Category, Finding, FindingsReport, Severity
from kettools.models.frontmatter import Audience, FrontMatter, Person
from kettools.models.reference import Evidence, Reference

__all__ = [
    "CATEGORIES",
    "ArticleRecord",
    "Audience",
    "Catalog",
    "Category",
    "Caveat",
    "Certainty",
    "ClaimKind",
    "ClaimRecord",
    "Code",
    "Condition",
    "Cue",
    "CueKind",
    "Drug",
    "Evidence",
    "Finding",
    "FindingsReport",
    "FrontMatter",
    "Model",
    "Person",
    "Reference",
    "Regulation",
    "Review",
    "Severity",
    "Sidecar",
    "Span",
    "Strength",
    "Subject",
]
