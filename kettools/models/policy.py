"""The `x-kettools` annotation that makes a JSON Schema file a policy."""

from typing import Literal

from pydantic import Field

from kettools.models.base import Model
from kettools.models.finding import Category, Severity


class PolicyMeta(Model):
    """The `x-kettools` annotation of a policy."""

    code: str = Field(pattern=r"^KT[0-9]{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    category: Category
    severity: Severity
    message: str = Field(description="May name fields of the record: {kind}, {excerpt}.")
    target: Literal["claim", "article"]
    help: str
    examples: dict[str, str] = Field(default_factory=dict, description="'failing' and 'passing'.")
