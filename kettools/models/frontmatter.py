"""The YAML front matter of a Markdown article."""

import datetime as dt
from enum import StrEnum

from pydantic import Field

from kettools.models.base import Model, empty_list


class Audience(StrEnum):
    patients = "patients"
    clinicians = "clinicians"
    general = "general"


class Person(Model):
    name: str = Field(min_length=1)
    credentials: str | None = None
    role: str | None = None


class FrontMatter(Model):
    """Article metadata. Every field is optional here; missing ones become `metadata` findings."""

    title: str | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    audience: Audience | None = None
    intervention: str | None = Field(default=None, description="Catalog drug id.")
    conditions: list[str] = Field(default_factory=empty_list, description="Catalog condition ids.")
    authors: list[Person] = Field(default_factory=empty_list)
    reviewed_by: list[Person] = Field(default_factory=empty_list)
    published: dt.date | None = None
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    disclosure: str | None = None
    bibliography: str | None = Field(
        default=None, description="CSL YAML or JSON file, relative to the article, inside sources/."
    )
    url: str | None = Field(default=None, description="Where the article is published online.")
    summary: str | None = Field(default=None, description="A one-paragraph plain-language summary.")
