"""The explicit registry of Python rules. Every rule is listed here, once.

The messages the pipeline emits itself (unreadable input, suppressions, the leaflet's
reading level) are not rules: they are declared in ``kettools/checks/messages.py``.

Tests guard it: every rule is registered, documented (a summary line and a failing and
a passing example), has data-driven cases in tests/rules/cases/, and codes are unique
across rules and policies.
"""

from __future__ import annotations

from kettools.checks.rules.alternatives_not_compared import AlternativesNotCompared
from kettools.checks.rules.availability_not_stated import AvailabilityNotStated
from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.benefits_not_quantified import BenefitsNotQuantified
from kettools.checks.rules.caveat_absent import CaveatAbsent
from kettools.checks.rules.caveat_far_from_claim import CaveatFarFromClaim
from kettools.checks.rules.cms_boilerplate import CmsBoilerplate
from kettools.checks.rules.costs_not_discussed import CostsNotDiscussed
from kettools.checks.rules.disease_mongering import DiseaseMongering
from kettools.checks.rules.drug_not_in_catalog import DrugNotInCatalog
from kettools.checks.rules.duplicated_heading import DuplicatedHeading
from kettools.checks.rules.evidence_not_weighed import EvidenceNotWeighed
from kettools.checks.rules.funding_not_disclosed import FundingNotDisclosed
from kettools.checks.rules.harms_not_discussed import HarmsNotDiscussed
from kettools.checks.rules.hidden_characters import HiddenCharacters
from kettools.checks.rules.input_front_matter import FrontMatterInvalid
from kettools.checks.rules.input_unchecked import UncheckedText
from kettools.checks.rules.institution_without_reference import InstitutionWithoutReference
from kettools.checks.rules.keyword_stuffing import KeywordStuffing
from kettools.checks.rules.malformed_identifier import MalformedIdentifier
from kettools.checks.rules.no_independent_source import NoIndependentSource
from kettools.checks.rules.novelty_not_established import NoveltyNotEstablished
from kettools.checks.rules.off_label_not_marked import OffLabelNotMarked
from kettools.checks.rules.outdated_source import OutdatedSource
from kettools.checks.rules.pasted_keyword import PastedKeyword
from kettools.checks.rules.reading_level import ReadingLevel
from kettools.checks.rules.reads_as_news_release import ReadsAsNewsRelease
from kettools.checks.rules.reference_never_cited import ReferenceNeverCited
from kettools.checks.rules.regulatory_contradiction import RegulatoryContradiction
from kettools.checks.rules.relative_risk_only import RelativeRiskOnly
from kettools.checks.rules.sensational_language import SensationalLanguage
from kettools.checks.rules.spun_text import SpunText
from kettools.checks.rules.unresolved_citation import UnresolvedCitation
from kettools.checks.rules.vague_attribution import VagueAttribution

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
