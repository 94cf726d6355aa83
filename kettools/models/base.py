"""The base model and the source span every located record carries."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Model(BaseModel):
    """Base for every kettools record: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


def empty_list() -> list[Any]:
    """A new empty list, the default of a list field: `Field(default_factory=empty_list)`.

    Not `list` itself: pydantic asks for a default factory's signature as it builds a
    model, and for a builtin Python parses its text signature with `tokenize`, whose
    regular expression is compiled anew in every process (its alternatives come from a
    set): about 3 ms of a one-file check (docs/performance.md)."""
    return []


class Span(Model):
    """A 1-based range in a source file. The end is exclusive: the column after the last character.

    Columns count characters (code points) after a byte-order mark is removed; a tab is one column.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)


def first_error(exc: ValidationError) -> tuple[tuple[int | str, ...], str, str]:
    """The first problem of a validation error: its location, the location as dotted
    text, and what is wrong ("unknown key" for a key the model does not have)."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    what = "unknown key" if error["type"] == "extra_forbidden" else str(error["msg"])
    return loc, ".".join(str(p) for p in loc), what
