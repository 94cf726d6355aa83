"""The study behind an article, read from its words: design, population, size, stage and
publication. Most news has no bibliography; it says "a study of 60 rats published in
...", "an observational study of 4,000 nurses", "a small pilot trial" or "presented at a
conference". Word lists: `data/study.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kettools.models.reference import Evidence
from kettools.review.text import Hit, Text, data

# what a described design counts as, for the policies on causal wording (KT203, KT204)
_LEVEL = {
    "meta-analysis": Evidence.meta_analysis,
    "systematic-review": Evidence.systematic_review,
    "rct": Evidence.rct,
    "observational": Evidence.cohort,
    "case-series": Evidence.case_series,
}
_HUMAN = re.compile(
    r"patients|participants|volunteers|people|men|women|adults|children|adolescents|infants|"
    r"babies|veterans|nurses|individuals|subjects|couples|families|pregnancies|cases",
    re.IGNORECASE,
)
_STUDY_WORD = re.compile(
    r"\b(?:stud(?:y|ies|ied)|experiments?|tested|trials?|research\w*|lab\w*|found|showed|"
    r"treated|given|gave|fed|injected|engineered|bred)\b",
    re.IGNORECASE,
)


@cache
def _groups(section: str) -> dict[str, re.Pattern[str]]:
    return {
        key: re.compile("|".join(f"(?:{e})" for e in exprs), re.IGNORECASE)
        for key, exprs in data("study")[section].items()
    }


@cache
def _list(section: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e in data("study")[section]), re.IGNORECASE)


@dataclass(slots=True)
class Study:
    design: dict[str, list[Hit]] = field(default_factory=dict)
    population: dict[str, list[Hit]] = field(default_factory=dict)
    size: list[Hit] = field(default_factory=list)
    small: list[Hit] = field(default_factory=list)
    stage: dict[str, list[Hit]] = field(default_factory=dict)
    publication: dict[str, list[Hit]] = field(default_factory=dict)
    limitation: list[Hit] = field(default_factory=list)

    @property
    def human_study(self) -> list[Hit]:
        """Cues that people were studied: a count of people, or a trial or cohort design."""
        people = [h for h in self.size if _HUMAN.search(h.text)]
        designs = [
            h
            for k in ("rct", "meta-analysis", "systematic-review", "observational")
            for h in self.design.get(k, [])
        ]
        return people + designs

    @property
    def preclinical(self) -> list[Hit]:
        """Cues of a study in animals or cells (the animal or cell named in a sentence that
        speaks of a study or experiment)."""
        return self.population.get("animals", []) + self.population.get("cells", [])

    @property
    def preclinical_only(self) -> bool:
        """The article describes animal or cell work and no study in people."""
        return bool(self.preclinical) and not self.human_study

    def level(self) -> Evidence | None:
        """The strongest evidence level the text describes, or None when it names no design
        (association words alone are not a design)."""
        if self.preclinical_only:
            return Evidence.preclinical
        found = [_LEVEL[k] for k in _LEVEL if self.design.get(k)]
        return max(found, key=lambda level: level.rank) if found else None


def read_study(text: Text) -> Study:
    study = Study()
    for key, regex in _groups("design").items():
        if hits := text.find(regex):
            study.design[key] = hits
    for key, regex in _groups("population").items():
        hits = text.find(regex)
        if key != "people":
            hits = [h for h in hits if _STUDY_WORD.search(text.sentence(h))]
        if hits:
            study.population[key] = hits
    study.size = text.find(_list("size"))
    study.small = text.find(_list("small"))
    for key, regex in _groups("stage").items():
        if hits := text.find(regex):
            study.stage[key] = hits
    for key, regex in _groups("publication").items():
        if hits := text.find(regex):
            study.publication[key] = hits
    study.limitation = text.find(_list("limitation"))
    return study
