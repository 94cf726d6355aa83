"""The study behind an article, read from its words: design, population, size, stage and
publication. Most news has no bibliography; it says "a study of 60 rats published in
...", "an observational study of 4,000 nurses", "a small pilot trial" or "presented at a
conference". Word lists: `data/study.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kettools.models.reference import Evidence
from kettools.review.text import Hit, Text, data, words

# what a described design counts as, for the policies on causal wording (KT203, KT204)
_LEVEL = {
    "meta-analysis": Evidence.meta_analysis,
    "systematic-review": Evidence.systematic_review,
    "rct": Evidence.rct,
    "observational": Evidence.cohort,
    "case-series": Evidence.case_series,
}


@cache
def _animal() -> re.Pattern[str]:
    """A word that makes a cue animal work, anywhere in its words (`animal_in_cue`)."""
    return re.compile("|".join(words("study", "animal_in_cue")), re.IGNORECASE)


@cache
def _study_word() -> re.Pattern[str]:
    """A word that speaks of a study, on word boundaries (`study_words`)."""
    return re.compile(r"\b(?:" + "|".join(words("study", "study_words")) + r")\b", re.IGNORECASE)


@dataclass(slots=True)
class Study:
    design: dict[str, list[Hit]] = field(default_factory=dict)
    population: dict[str, list[Hit]] = field(default_factory=dict)  # people, animals, cells
    size: list[Hit] = field(default_factory=list)  # "a study of 60 rats", "4,000 nurses"
    small: list[Hit] = field(default_factory=list)  # "a small study", "only 20 patients"
    follow_up: list[Hit] = field(default_factory=list)  # "at follow-up", "followed up for"
    allocation: list[Hit] = field(default_factory=list)  # "were randomly assigned to"
    stage: dict[str, list[Hit]] = field(default_factory=dict)
    publication: dict[str, list[Hit]] = field(default_factory=dict)
    limitation: list[Hit] = field(default_factory=list)

    @property
    def human_study(self) -> list[Hit]:
        """Cues that people were studied: a count of people, or a trial or cohort design."""
        people = [h for h in self.size if not _animal().search(h.text)]
        people += self.population.get("people", [])
        designs = [
            h
            for k in ("rct", "meta-analysis", "systematic-review", "observational")
            for h in self.design.get(k, [])
        ]
        return people + designs

    @property
    def preclinical(self) -> list[Hit]:
        """Cues of a study in animals or cells."""
        return self.population.get("animals", []) + self.population.get("cells", [])

    @property
    def preclinical_only(self) -> bool:
        """The article describes animal or cell work, in two paragraphs or with a count
        ("60 rats"), and no study in people."""
        hits = self.preclinical
        described = len({h.block for h in hits}) >= 2 or any(h.text[0].isdigit() for h in hits)
        return described and not self.human_study

    def level(self) -> Evidence | None:
        """The strongest evidence level the text describes, or None when it names no design
        (association words alone are not a design)."""
        if self.preclinical_only:
            return Evidence.preclinical
        found = [_LEVEL[k] for k in _LEVEL if self.design.get(k)]
        return max(found, key=lambda level: level.rank) if found else None


def _section(text: Text, section: str) -> dict[str, list[Hit]]:
    found = {key: text.cues("study", f"{section}.{key}") for key in data("study")[section]}
    return {key: hits for key, hits in found.items() if hits}


def read_study(text: Text) -> Study:
    size = text.cues("study", "size")
    population = _section(text, "population")
    animals = population.get("animals", []) + [h for h in size if _animal().search(h.text)]
    population["animals"] = [h for h in animals if _study_word().search(text.sentence(h))]
    for kind in ("cells", "people"):
        population[kind] = [
            h for h in population.get(kind, []) if _study_word().search(text.sentence(h))
        ]
    return Study(
        design=_section(text, "design"),
        population={k: v for k, v in population.items() if v},
        size=size,
        small=text.cues("study", "small"),
        follow_up=text.cues("study", "follow_up"),
        allocation=text.cues("study", "allocation"),
        stage=_section(text, "stage"),
        publication=_section(text, "publication"),
        limitation=text.cues("study", "limitation"),
    )
