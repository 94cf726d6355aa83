"""A finding: one problem at one place, with why and how to fix it. The wire format's unit."""

from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from kettools.models.base import Model, empty_list
from kettools.models.review import Review


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


Category = Literal[
    "unsupported",
    "overstated",
    "missing-caveat",
    "omission",
    "regulatory",
    "citation",
    "metadata",
    "content-hygiene",
    "readability",
    "input",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class Item(Model):
    """One of the places or parts a finding gathers (a missing caveat, an uncited claim,
    one occurrence of a repeated phrase): one problem, reported once, keeps each part."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str = Field(description="What this part is.")
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    id: str | None = Field(default=None, description="A caveat id, rule code or claim id.")
    excerpt: str = Field(default="", description="The words at this place.")


class Finding(Model):
    """One problem at one place. Immutable; every reporter starts from `to_dict`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^KT[0-9]{3}$", description="Stable rule code, e.g. KT201.")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Stable rule name.")
    category: Category
    severity: Severity
    message: str = Field(description="Why this is a problem, in one sentence.")
    path: str = Field(description="The file, as given on the command line (POSIX separators).")
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    claim_id: str | None = Field(default=None, pattern=r"^c-[0-9a-f]{10}$")
    excerpt: str = Field(default="", description="The words that triggered the finding.")
    help: str = Field(default="", description="How to fix it, or how to accept it on purpose.")
    items: tuple[Item, ...] = Field(
        default=(), description="The parts of one problem found in several places or pieces."
    )

    def sort_key(self) -> tuple[str, int, int, str, int, int, str, str]:
        """A total order, so reports never depend on hash order or process scheduling."""
        return (
            self.path,
            self.line,
            self.column,
            self.code,
            self.end_line,
            self.end_column,
            self.message,
            self.excerpt,
        )

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """`items` is written only when the finding has some: most findings are one place."""
        data: dict[str, object] = handler(self)
        if not self.items:
            data.pop("items", None)
        return data

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")


class ToolInfo(Model):
    name: Literal["kettools"] = "kettools"
    version: str


class Summary(Model):
    files: int = Field(ge=0)
    error: int = Field(ge=0)
    warning: int = Field(ge=0)
    info: int = Field(ge=0)


class FileReport(Model):
    """One checked file: its article review (null when the file could not be read)."""

    path: str = Field(description="The file, as in its findings' `path`.")
    review: Review | None


class FindingsReport(Model):
    """What `kettools check --format json` prints: one versioned object.

    Version 2 added `files` (each checked file's article review); `findings` is unchanged.
    """

    version: Literal[2] = 2
    tool: ToolInfo
    summary: Summary
    files: list[FileReport] = Field(default_factory=empty_list)
    findings: list[Finding]
