"""The explicit registry of Python rules. Every rule is listed here, once.

The messages the pipeline emits itself (unreadable input, suppressions, the leaflet's
reading level) are not rules: they are declared in ``kettools/messages.py``.

Tests guard it: every rule is registered, documented (a summary line and a failing and
a passing example), has data-driven cases in tests/rules/cases/, and codes are unique
across rules and policies.
"""

from __future__ import annotations

from kettools.rules.alternatives_not_compared import AlternativesNotCompared
from kettools.rules.availability_not_stated import AvailabilityNotStated
from kettools.rules.base import Context, Rule
from kettools.rules.benefits_not_quantified import BenefitsNotQuantified
from kettools.rules.caveat_absent import CaveatAbsent
from kettools.rules.caveat_far_from_claim import CaveatFarFromClaim
from kettools.rules.cms_boilerplate import CmsBoilerplate
from kettools.rules.costs_not_discussed import CostsNotDiscussed
from kettools.rules.disease_mongering import DiseaseMongering
from kettools.rules.drug_not_in_catalog import DrugNotInCatalog
from kettools.rules.duplicated_heading import DuplicatedHeading
from kettools.rules.evidence_not_weighed import EvidenceNotWeighed
from kettools.rules.funding_not_disclosed import FundingNotDisclosed
from kettools.rules.harms_not_discussed import HarmsNotDiscussed
from kettools.rules.hidden_characters import HiddenCharacters
from kettools.rules.input_front_matter import FrontMatterInvalid
from kettools.rules.input_unchecked import UncheckedText
from kettools.rules.institution_without_reference import InstitutionWithoutReference
from kettools.rules.keyword_stuffing import KeywordStuffing
from kettools.rules.malformed_identifier import MalformedIdentifier
from kettools.rules.no_independent_source import NoIndependentSource
from kettools.rules.novelty_not_established import NoveltyNotEstablished
from kettools.rules.off_label_not_marked import OffLabelNotMarked
from kettools.rules.outdated_source import OutdatedSource
from kettools.rules.pasted_keyword import PastedKeyword
from kettools.rules.reading_level import ReadingLevel
from kettools.rules.reads_as_news_release import ReadsAsNewsRelease
from kettools.rules.reference_never_cited import ReferenceNeverCited
from kettools.rules.regulatory_contradiction import RegulatoryContradiction
from kettools.rules.relative_risk_only import RelativeRiskOnly
from kettools.rules.sensational_language import SensationalLanguage
from kettools.rules.spun_text import SpunText
from kettools.rules.unresolved_citation import UnresolvedCitation
from kettools.rules.vague_attribution import VagueAttribution

RULES: tuple[type[Rule], ...] = (
    FrontMatterInvalid,
    UncheckedText,
    VagueAttribution,
    InstitutionWithoutReference,
    RelativeRiskOnly,
    CaveatAbsent,
    CaveatFarFromClaim,
    RegulatoryContradiction,
    OffLabelNotMarked,
    DrugNotInCatalog,
    UnresolvedCitation,
    MalformedIdentifier,
    ReferenceNeverCited,
    OutdatedSource,
    CmsBoilerplate,
    KeywordStuffing,
    SpunText,
    DuplicatedHeading,
    PastedKeyword,
    HiddenCharacters,
    ReadingLevel,
    CostsNotDiscussed,
    BenefitsNotQuantified,
    HarmsNotDiscussed,
    EvidenceNotWeighed,
    DiseaseMongering,
    FundingNotDisclosed,
    NoIndependentSource,
    AlternativesNotCompared,
    AvailabilityNotStated,
    NoveltyNotEstablished,
    ReadsAsNewsRelease,
    SensationalLanguage,
)

__all__ = ["RULES", "Context", "Rule"]
