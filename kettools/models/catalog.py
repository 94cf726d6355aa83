"""The catalog: drugs, conditions, codes, regulatory status and required safety caveats.

Nothing in kettools is specific to one drug: all of that lives in `sources/catalog/*.yaml`.
"""

import datetime as dt
from enum import StrEnum

from pydantic import Field

from kettools.models.base import Model, empty_list

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
MESH = "https://www.nlm.nih.gov/mesh"
SNOMED = "http://snomed.info/sct"


class Code(Model):
    system: str = Field(description="Code system URI, e.g. http://snomed.info/sct.")
    code: str = Field(min_length=1)
    display: str | None = None


class Status(StrEnum):
    approved = "approved"
    off_label = "off-label"
    not_approved = "not-approved"


class Regulation(Model):
    """The status of one use of a drug in one jurisdiction."""

    jurisdiction: str = Field(description="Country or region code: US, EU, UK, ...")
    authority: str = Field(description="FDA, EMA/European Commission, MHRA, ...")
    status: Status
    conditions: list[str] = Field(
        default_factory=empty_list, description="Condition ids; [] = any use."
    )
    comorbidities: list[str] = Field(
        default_factory=empty_list,
        description="Condition ids the patient must also have: the use is `conditions` *with* "
        "these (major depressive disorder with acute suicidal ideation), not either alone.",
    )
    forms: list[str] = Field(
        default_factory=empty_list, description="Product forms this status covers."
    )
    indication: str | None = Field(
        default=None,
        description="The use in plain words, when naming the conditions is not exact "
        "(e.g. 'depressive symptoms in major depressive disorder with acute suicidal thoughts').",
    )
    date: dt.date | None = None
    note: str | None = None

    def use(self, conditions: "dict[str, Condition]") -> str:
        """The use this entry covers, in words ('' for any use)."""
        if self.indication:
            return self.indication

        def names(ids: list[str]) -> str:
            return " and ".join(conditions[c].name if c in conditions else c for c in ids)

        with_ = f" with {names(self.comorbidities)}" if self.comorbidities else ""
        return names(self.conditions) + with_


class CaveatType(StrEnum):
    """FHIR ClinicalUseDefinition.type for this caveat."""

    warning = "warning"
    contraindication = "contraindication"
    undesirable_effect = "undesirable-effect"
    interaction = "interaction"


class Caveat(Model):
    """A safety caveat an article about the drug must state."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    text: str = Field(description="Plain-language wording for leaflets.")
    phrases: list[str] = Field(
        min_length=1,
        description="Words that show the caveat is stated (case-insensitive, any one is enough).",
    )
    meaning: list[list[str]] = Field(
        default_factory=empty_list,
        description="Word groups: a sentence with a word from every group states the caveat "
        "(an entry matches the start of a word: 'suicid' matches 'suicidal').",
    )
    unless: list[str] = Field(
        default_factory=empty_list,
        description="Words that, in the same sentence, show a phrase is about something "
        "else ('short-lived' said of side effects does not state a short-lived benefit).",
    )
    type: CaveatType
    applies_to: list[str] = Field(
        default_factory=lambda: ["efficacy"],
        description="Claim kinds this caveat qualifies; it should appear near such claims.",
    )
    required: bool = True
    codes: list[Code] = Field(
        default_factory=empty_list, description="e.g. SNOMED CT for the condition."
    )


class Drug(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    synonyms: list[str] = Field(
        default_factory=empty_list, description="Brand names, other spellings."
    )
    drug_class: str | None = None
    codes: list[Code] = Field(default_factory=empty_list)
    forms: list[str] = Field(
        default_factory=empty_list, description="Product forms that exist legally."
    )
    schedules: dict[str, str] = Field(
        default_factory=dict, description="Controlled-substance schedule per jurisdiction."
    )
    home_use: bool = Field(default=True, description="False when it may never be taken at home.")
    regulation: list[Regulation] = Field(default_factory=empty_list)
    caveats: list[Caveat] = Field(default_factory=empty_list)
    related: list[str] = Field(default_factory=empty_list, description="Ids of related drugs.")

    @property
    def names(self) -> list[str]:
        return [self.name, *self.synonyms]


class Condition(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    synonyms: list[str] = Field(default_factory=empty_list)
    codes: list[Code] = Field(default_factory=empty_list)
    broader: list[str] = Field(default_factory=empty_list, description="Ids of broader conditions.")

    @property
    def names(self) -> list[str]:
        return [self.name, *self.synonyms]


class DrugFile(Model):
    """One `sources/catalog/<drug>.yaml` file."""

    drug: Drug


class ConditionsFile(Model):
    """The `sources/catalog/conditions.yaml` file."""

    conditions: list[Condition]


class Catalog(Model):
    drugs: dict[str, Drug] = Field(default_factory=dict)
    conditions: dict[str, Condition] = Field(default_factory=dict)
