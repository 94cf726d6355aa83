"""The explicit registry of Python rules. Every rule is listed here, once.

Tests guard it: every rule is registered, documented (a summary line and a failing and
a passing example), has data-driven cases in tests/rules/cases/, and codes are unique
across rules and policies.
"""

from __future__ import annotations

from kettools.rules.base import Context, Rule
from kettools.rules.cms_boilerplate import CmsBoilerplate
from kettools.rules.input_bibliography import BibliographyInvalid
from kettools.rules.input_front_matter import FrontMatterInvalid
from kettools.rules.input_unreadable import UnreadableFile

RULES: tuple[type[Rule], ...] = (
    UnreadableFile,
    FrontMatterInvalid,
    BibliographyInvalid,
    CmsBoilerplate,
)

__all__ = ["RULES", "Context", "Rule"]
