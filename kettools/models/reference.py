"""A bibliography entry: the subset of CSL JSON/YAML kettools reads, plus `evidence`."""

from enum import StrEnum

from pydantic import ConfigDict, Field

from kettools.models.base import Model, empty_list


class Evidence(StrEnum):
    """Evidence levels, strongest first (the order is used to pick the strongest)."""

    meta_analysis = "meta-analysis"
    systematic_review = "systematic-review"
    guideline = "guideline"
    rct = "rct"
    regulatory = "regulatory"
    cohort = "cohort"
    case_control = "case-control"
    case_series = "case-series"
    expert_opinion = "expert-opinion"
    preclinical = "preclinical"

    @property
    def rank(self) -> int:
        """Higher is stronger."""
        return _RANK[self]


_RANK = {level: len(Evidence) - i for i, level in enumerate(Evidence)}


class CslName(Model):
    family: str | None = None
    given: str | None = None
    literal: str | None = None


class CslDate(Model):
    date_parts: list[list[int | str]] = Field(default_factory=empty_list, alias="date-parts")
    literal: str | None = None
    raw: str | None = None

    @property
    def year(self) -> int | None:
        if self.date_parts and self.date_parts[0]:
            try:
                return int(self.date_parts[0][0])
            except ValueError:
                return None
        return None


class Reference(Model):
    """One CSL item. Unknown CSL variables are kept (CSL has many); kettools reads these."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str = Field(min_length=1)
    type: str = "article-journal"
    title: str | None = None
    author: list[CslName] = Field(default_factory=empty_list)
    container_title: str | None = Field(default=None, alias="container-title")
    issued: CslDate | None = None
    volume: str | int | None = None
    issue: str | int | None = None
    page: str | None = None
    DOI: str | None = None
    PMID: str | int | None = None
    URL: str | None = None
    evidence: Evidence | None = None

    @property
    def year(self) -> int | None:
        """The year it was issued, when known."""
        return self.issued.year if self.issued else None
