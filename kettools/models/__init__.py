"""Typed records shared by every part of kettools (pydantic v2, strict about unknown keys)."""

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
