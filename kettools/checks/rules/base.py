"""What a rule is, and the context it reads.

A rule is a class with a stable `code` and `name`, a `category`, a default `severity`,
and a `check` method that yields findings. Its docstring is its user documentation:
the first line is the summary, and it holds a failing and a passing example.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from kettools.checks.messages import Message
from kettools.ingest.document import Article
from kettools.inputs.bibliography import Bibliography
from kettools.inputs.config import Config
from kettools.language.caveats import Stated
from kettools.language.subjects import SubjectIndex
from kettools.models.catalog import Catalog, Drug
from kettools.models.claims import ArticleRecord, ClaimRecord
from kettools.models.finding import Category, Finding, Severity
from kettools.models.review import Review
from kettools.review.study import Study


@dataclass(slots=True)
class Context:
    """Everything a rule may read about one article."""

    article: Article
    record: ArticleRecord
    claims: list[ClaimRecord]
    catalog: Catalog
    bibliography: Bibliography | None
    config: Config
    today: dt.date
    caveats: Stated  # the front matter drug's caveats the article states, and where
    subjects: SubjectIndex  # finds catalog drug and condition names
    claim_at: dict[int, ClaimRecord] = field(default_factory=dict)  # sentence start -> claim
    paragraph_keys: dict[int, list[str]] = field(default_factory=dict)  # block -> inherited keys
    review: Review | None = None  # the whole-article review, for the criterion rules (KT311-KT322)
    study: Study | None = None  # the study the article describes in words (review/study.py)
    lower_words: Counter[str] | None = None  # common.lower_case_words, counted once

    @property
    def drug(self) -> Drug | None:
        intervention = self.record.front_matter.intervention
        return self.catalog.drugs.get(intervention) if intervention else None


class Rule:
    """A check: its class attributes and docstring declare its message, `check` emits it."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    help: ClassVar[str]
    # A finding about the whole article, shown where convenient: a baseline knows it by
    # its message, not by the words at its place.
    article_level: ClassVar[bool] = False

    @classmethod
    @functools.cache
    def message(cls) -> Message:
        """The message this rule declares (``kettools.checks.messages``)."""
        return Message(cls.code, cls.name, cls.category, cls.severity, cls.help, cls.doc())

    @classmethod
    def summary(cls) -> str:
        return cls.message().summary

    @classmethod
    def doc(cls) -> str:
        return inspect.getdoc(cls) or ""

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        start: int,
        end: int,
        message: str,
        *,
        claim_id: str | None = None,
        help: str | None = None,
    ) -> Finding:
        """A finding at source offsets `start`..`end`, the excerpt being the text there."""
        return self.message().at(ctx.article, start, end, message, claim_id=claim_id, help=help)

    def line_finding(self, ctx: Context, line: int, message: str, excerpt: str = "") -> Finding:
        """A finding on a whole line (front matter keys, whole-article problems)."""
        text = ctx.article.source.line_text(min(line, ctx.article.source.line_count))
        start = ctx.article.source.line_starts[min(line, ctx.article.source.line_count) - 1]
        found = self.finding(ctx, start, start + len(text), message)
        return found.model_copy(update={"excerpt": excerpt or text})
