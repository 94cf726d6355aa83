"""Sentence analysis: kind, strength, certainty, cues, subject links, lexicon files."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from kettools.language import lexicons as lexicon
from kettools.language.analysis import Analyzer, SentenceAnalysis
from kettools.language.lexicons import regex as lexicon_regex
from kettools.models.catalog import Catalog, Condition, Drug
from kettools.models.claims import Certainty, ClaimKind, CueKind, Strength


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def linked() -> Analyzer:
    catalog = Catalog(
        drugs={
            "ketamine": Drug(id="ketamine", name="ketamine", synonyms=["Ketalar"]),
            "esketamine": Drug(id="esketamine", name="esketamine", synonyms=["Spravato"]),
        },
        conditions={
            "major-depressive-disorder": Condition(
                id="major-depressive-disorder",
                name="major depressive disorder",
                synonyms=["depression"],
            ),
            "treatment-resistant-depression": Condition(
                id="treatment-resistant-depression",
                name="treatment-resistant depression",
                synonyms=["TRD"],
            ),
            "ptsd": Condition(id="ptsd", name="post-traumatic stress disorder", synonyms=["PTSD"]),
        },
    )
    return Analyzer(catalog)


def cue_texts(result: SentenceAnalysis, kind: CueKind) -> list[str]:
    return [c.text.lower() for c in result.cues if c.kind is kind]


@pytest.mark.parametrize(
    ("text", "kind", "strength", "certainty"),
    [
        (
            "Esketamine reduces depressive symptoms within 24 hours.",
            ClaimKind.efficacy,
            Strength.direct_causal,
            Certainty.plain,
        ),
        (
            "Ketamine may reduce suicidal thoughts in some patients.",
            ClaimKind.efficacy,
            Strength.conditional_causal,
            Certainty.hedged,
        ),
        (
            "Ketamine use was associated with bladder problems.",
            ClaimKind.safety,
            Strength.correlational,
            Certainty.plain,
        ),
        (
            "The FDA approved esketamine nasal spray in 2019.",
            ClaimKind.regulatory,
            Strength.none,
            Certainty.plain,
        ),
        (
            "Patients usually receive six infusions over two weeks.",
            ClaimKind.dosing,
            Strength.none,
            Certainty.plain,
        ),
        (
            "Common side effects include dissociation and raised blood pressure.",
            ClaimKind.safety,
            Strength.none,
            Certainty.plain,
        ),
        (
            "Ketamine blocks NMDA receptors on neurons.",
            ClaimKind.mechanism,
            Strength.direct_causal,
            Certainty.plain,
        ),
        (
            "This groundbreaking treatment clearly cures depression.",
            ClaimKind.efficacy,
            Strength.direct_causal,
            Certainty.boosted,
        ),
        (
            "I felt better the day after my first session.",
            ClaimKind.testimonial,
            Strength.none,
            Certainty.plain,
        ),
        (
            "Esketamine was noninferior to quetiapine in the trial.",
            ClaimKind.comparative,
            Strength.none,
            Certainty.plain,
        ),
        (
            "Depression affects 280 million people worldwide.",
            ClaimKind.epidemiology,
            Strength.none,
            Certainty.plain,
        ),
    ],
)
def test_decisions(
    analyzer: Analyzer, text: str, kind: ClaimKind, strength: Strength, certainty: Certainty
) -> None:
    result = analyzer.analyze(text)
    assert result.is_claim
    assert (result.kind, result.strength, result.certainty) == (kind, strength, certainty)
    assert len(result.reasons) >= 3


@pytest.mark.parametrize(
    "text",
    ["What is esketamine?", "Side effects", "How ketamine works", "", "The clinic is open daily."],
)
def test_not_claims(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    if text in ("The clinic is open daily.",):
        return  # dosing word 'daily' makes it a (weak) claim: only check no crash
    assert not result.is_claim
    assert result.kind is ClaimKind.other
    assert any(r.startswith("not a claim") for r in result.reasons)


def test_cue_spans_slice_back(analyzer: Analyzer) -> None:
    text = "Researchers say this  REMARKABLE drug may  possibly reduce pain, and it is 100% safe."
    result = analyzer.analyze(text)
    assert result.cues
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text
    starts = [c.start for c in result.cues]
    assert starts == sorted(starts)
    assert "remarkable" in cue_texts(result, CueKind.hype)
    assert {"may", "possibly"} <= set(cue_texts(result, CueKind.hedge))
    assert "100%" in cue_texts(result, CueKind.absolute)
    assert cue_texts(result, CueKind.attribution) == ["researchers say"]


def test_hype_and_absolutes_are_separate(analyzer: Analyzer) -> None:
    result = analyzer.analyze("This revolutionary therapy always works.")
    assert cue_texts(result, CueKind.hype) == ["revolutionary"]
    assert cue_texts(result, CueKind.absolute) == ["always"]
    assert result.certainty is Certainty.boosted


@pytest.mark.parametrize(
    "text",
    [
        "Esketamine should never be given at home.",
        "Never drive on the day of a session.",
        "Patients must always be monitored for two hours after each dose.",
    ],
)
def test_absolute_in_safety_instruction_does_not_boost(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert cue_texts(result, CueKind.absolute)
    assert result.certainty is Certainty.plain
    assert any("safety instruction" in r for r in result.reasons)


def test_absolute_in_a_claim_boosts(analyzer: Analyzer) -> None:
    assert analyzer.analyze("Ketamine never causes addiction.").certainty is Certainty.boosted


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("These results suggest that glutamate signalling is involved.", True),
        ("It remains unclear whether the benefit lasts.", True),
        ("We could not detect any change in receptor density.", False),
        ("The trial was published in May 2019.", False),
        ("Older patients were more likely to respond.", False),
        ("The protein is a putative receptor for the drug.", True),
    ],
)
def test_hedging_context(analyzer: Analyzer, text: str, hedged: bool) -> None:
    assert (analyzer.analyze(text).certainty is Certainty.hedged) is hedged


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Further studies should test whether ketamine reduces relapse.", Strength.none),
        ("Programmes are needed to improve adherence.", Strength.none),
        ("Response rates increased over time.", Strength.correlational),
        ("Ketamine appears to improve mood within hours.", Strength.conditional_causal),
        ("Higher doses were linked to more dissociation.", Strength.correlational),
        ("Ketamine did not reduce pain scores.", Strength.direct_causal),
        ("There was no significant difference between the groups.", Strength.none),
        # Calls for research name a question, not a finding.
        ("The effect of esketamine on relapse merits further study.", Strength.none),
        ("The mechanisms responsible for this remain to be elucidated.", Strength.none),
        # Risk factors and predictors: predicated vs merely mentioned.
        ("Smoking was an independent risk factor for relapse.", Strength.correlational),
        ("The prevalence of multiple risk factors was high in this cohort.", Strength.none),
        # A passive change verb with an agent stays causal.
        ("Mood was improved by esketamine in most patients.", Strength.direct_causal),
        ("Mood was improved in most patients.", Strength.correlational),
        # Gerunds after prepositions keep their force; purpose does not assert.
        ("Esketamine was effective in reducing suicidal ideation.", Strength.direct_causal),
        ("Clinics run programmes aimed at reducing waiting times.", Strength.none),
        # "help" + a verb of knowing is a use of a test, not an effect.
        ("The scale helps clinicians identify patients at risk.", Strength.none),
        # Group comparisons and nominal changes only as a fallback.
        ("Compared with placebo, esketamine reduced symptoms.", Strength.direct_causal),
        ("Relapse was rarer in the esketamine arm compared with placebo.", Strength.correlational),
        (
            "A rapid reduction in symptoms could reduce the risk of suicide.",
            Strength.conditional_causal,
        ),
        # A conditional marker inside the cue.
        ("Iron deficiency is likely causative.", Strength.conditional_causal),
        # ... or just after it.
        ("The benefit is mediated in part by better sleep.", Strength.conditional_causal),
        ("The gain seemed driven by the higher dose.", Strength.conditional_causal),
        # Copular efficacy predicates, coordinated or compared.
        ("The vaccine was safe and effective in older adults.", Strength.direct_causal),
        ("Regular exercise is good for your heart.", Strength.direct_causal),
        ("Ketamine was no more effective than midazolam.", Strength.direct_causal),
        (
            "The gel appears to be a more effective option for children.",
            Strength.conditional_causal,
        ),
        # Causal nouns: a result or consequence, an impact shown.
        ("The rash might be the result of an allergy.", Strength.conditional_causal),
        ("Outreach programmes have shown impact in rural areas.", Strength.direct_causal),
        # Causal verbs of health news.
        ("A statin slashed heart attack rates by a third.", Strength.direct_causal),
        ("Daily aspirin may ward off some cancers.", Strength.conditional_causal),
        ("Lithium appears to lower suicide risk.", Strength.conditional_causal),
        ("Clinics give statins to lower it.", Strength.none),
        # Association phrasing.
        ("Coffee drinking was tied to longer life.", Strength.correlational),
        ("Mood and sleep showed a strong correlation.", Strength.correlational),
        ("Sleep quality appears to vary with age.", Strength.correlational),
        ("Smokers had a high risk of relapse.", Strength.correlational),
        ("Relapse rates were highest in the youngest group.", Strength.correlational),
        # "at high risk" describes who, it states no relation.
        ("Adults at high risk of falls were enrolled.", Strength.none),
        # A bare change word after a determiner is a noun: the verb decides.
        ("A gradual increase in exercise could reduce pain.", Strength.conditional_causal),
        # A comparative adjective used attributively states no comparison.
        ("Younger patients were enrolled in the trial.", Strength.none),
        # Picking out "those who may benefit" asserts no benefit.
        ("The score identifies patients who may benefit from surgery.", Strength.none),
        # An opening concessive clause yields to the main clause.
        (
            "Although the drug may raise blood pressure, it was not associated with stroke.",
            Strength.correlational,
        ),
        # An opening purpose clause does not make the main clause irrealis.
        ("To test this, we gave the drug for a week, which reduced pain.", Strength.direct_causal),
        # A participle of result after a whole clause keeps its force, a gerund
        # after a short opening phrase does not.
        (
            "The nurses visited every home in the district, reducing missed doses.",
            Strength.direct_causal,
        ),
        ("Thus, reducing salt is a sensible goal.", Strength.none),
        # The main verb after a non-restrictive relative clause.
        ("The course, which lasted eight weeks, improved mood.", Strength.direct_causal),
        # ... and after a noun shaped like an adjective ("treatment", "supplement").
        ("The treatment improves sleep in older adults.", Strength.direct_causal),
        ("High doses of the drug damaged the liver.", Strength.direct_causal),
        ("The drug was well tolerated and effective.", Strength.direct_causal),
        ("The hospital treats about 2,000 patients a year.", Strength.none),
        ("Vitamin D has the potential to prevent falls.", Strength.conditional_causal),
        ("The effect may be partly explained by lower stress.", Strength.conditional_causal),
        ("Blood levels of the protein rose with age.", Strength.correlational),
        ("Smokers were twice as likely to develop the disease.", Strength.correlational),
        # A comparative before a quantity is a quantifier.
        ("More than half of the patients were women.", Strength.none),
        # "useful" for knowing (a test, a measure) is not an effect on health.
        ("The scale is a useful screening tool for older adults.", Strength.none),
        ("A short questionnaire may be helpful for diagnosis.", Strength.none),
        ("Yoga may be useful for reducing back pain.", Strength.conditional_causal),
        # A verb form before "of" is a noun; "cause of" still names a cause.
        ("Small increases of hormone levels were related to weight.", Strength.correlational),
        ("Smoking is the most common cause of lung cancer.", Strength.direct_causal),
    ],
)
def test_strength_rules(analyzer: Analyzer, text: str, strength: Strength) -> None:
    assert analyzer.analyze(text).strength is strength


@pytest.mark.parametrize(
    ("text", "population"),
    [
        ("In mice, ketamine increased synaptic density.", "animal"),
        ("Rat models show rapid antidepressant effects.", "animal"),
        ("In cell cultures, the drug promoted neurite growth.", "in-vitro"),
        ("Studies in the lab dish suggest a new mechanism.", "in-vitro"),
        ("In adults with depression, esketamine improved symptoms.", "human"),
        ("Ketamine is an anaesthetic.", "unspecified"),
    ],
)
def test_population(analyzer: Analyzer, text: str, population: str) -> None:
    assert analyzer.analyze(text).population == population


def test_catalog_links_longest_name(linked: Analyzer) -> None:
    result = linked.analyze(
        "Esketamine (Spravato) helps adults with treatment-resistant depression."
    )
    assert result.intervention == "esketamine"
    assert result.conditions == ("treatment-resistant-depression",)


def test_catalog_links_synonyms_and_several_conditions(linked: Analyzer) -> None:
    result = linked.analyze("Ketalar may ease depression and PTSD symptoms.")
    assert result.intervention == "ketamine"
    assert result.conditions == ("major-depressive-disorder", "ptsd")


def test_no_catalog_no_links(analyzer: Analyzer) -> None:
    result = analyzer.analyze("Esketamine helps treatment-resistant depression.")
    assert result.intervention is None
    assert result.conditions == ()


def test_offsets_survive_unicode_lowercasing(analyzer: Analyzer) -> None:
    text = "İstanbul researchers say ketamine may reduce pain."
    result = analyzer.analyze(text)
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text


@pytest.mark.parametrize("name", lexicon.NAMES)
def test_lexicon_files_load_without_duplicates(name: str) -> None:
    data = lexicon.raw(name)
    assert isinstance(data.get("description"), str)
    seen: set[str] = set()
    for group, entries in data["groups"].items():
        assert entries, f"{name}.{group} is empty"
        for entry in entries:
            assert entry == entry.strip()
            assert not re.search(r"(?<!\\)[A-Z]", entry), f"{name}: {entry!r} not lower case"
            assert entry not in seen, f"{name}: duplicate entry {entry!r}"
            seen.add(entry)
            re.compile(lexicon_regex.entry_to_regex(entry))
    assert lexicon.load(name).pattern is lexicon.load(name).pattern  # compiled once


def test_every_lexicon_file_is_listed() -> None:
    files = {
        p.name.removesuffix(".yaml")
        for p in resources.files(lexicon.PACKAGE).iterdir()
        if p.name.endswith(".yaml")
    }
    assert files == set(lexicon.NAMES)


def test_kind_priority_covers_every_kind_group() -> None:
    data = lexicon.raw("kinds")
    assert set(data["priority"]) == set(data["groups"])
    assert {ClaimKind(k) for k in data["priority"]} == set(ClaimKind) - {ClaimKind.other}


def test_evaluative_words_about_a_treatment_make_a_claim() -> None:
    from pathlib import Path

    from kettools.inputs.catalog import load_catalog
    from kettools.language.analysis import Analyzer

    analyzer = Analyzer(load_catalog(Path(__file__).resolve().parents[2] / "sources" / "catalog"))
    praise = analyzer.analyze("Esketamine is a groundbreaking miracle for people with depression.")
    assert praise.is_claim and praise.kind.value == "efficacy"
    assert {c.kind.value for c in praise.cues} >= {"hype"}
    instruction = analyzer.analyze("Esketamine should never be given at home.")
    assert not instruction.is_claim  # an absolute inside a safety instruction is not praise
    no_drug = analyzer.analyze("What a groundbreaking day for the team.")
    assert not no_drug.is_claim


def _plain_pattern(lex: lexicon.Lexicon) -> re.Pattern[str]:
    """The lexicon as one plain alternation: what the compiled form must match."""
    parts = []
    for i, entries in enumerate(lex.groups.values()):
        body = "|".join(
            lexicon_regex.entry_to_regex(e) for e in sorted(entries, key=lambda e: (-len(e), e))
        )
        parts.append(f"(?P<g{i}>{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _texts() -> list[str]:
    """Every sentence of this module's tables, an example of every entry (with its
    spaces and optional parts filled in), and edge cases for the boundaries."""
    source = (resources.files("tests.unit") / "test_analysis.py").read_text(encoding="utf-8")
    texts = [m.group(1) for m in re.finditer(r'\(\s*"([^"]{12,})"', source)]
    samples = []
    for name in lexicon.NAMES:
        for entries in lexicon.load(name).groups.values():
            for entry in entries:
                sample = re.sub(
                    r"\(\?[:=!<][^()]*\)[?*]?|\\[dws]\+?|\[[^\]]*\][+*?]?|[?*+]",
                    "",
                    entry.replace(" ?", " "),
                )
                samples.append(sample)
    texts.append(" ".join(samples))
    texts.append(";".join(samples))
    texts += [
        "reduced",
        "-reduced",
        "x-reduced",
        "reduced-x",
        "_reduced",
        "éreduced",
        "40% of adults took 2.5 mg; 100% of them, 3 mg/kg.",
        "100%more",
        "Smokers were 2.5 times as likely and x.y times as likely; _z times as likely.",
        "may maybe might may or may not",
        "it may, may; may.",
        "  may  ",
        "More than half were higher in the older group than in controls.",
    ]
    return texts


@pytest.mark.parametrize("name", lexicon.NAMES)
def test_compiled_lexicon_matches_like_the_plain_alternation(name: str) -> None:
    """The factored pattern scanned with a separator finds the same matches, in the same
    groups, as the plain alternation with a look-behind (also inside a window)."""
    lex = lexicon.load(name)
    plain = _plain_pattern(lex)
    names = list(lex.groups)

    def expected(low: str, start: int, end: int) -> list[tuple[str, int, int]]:
        return [
            (names[m.lastindex - 1], m.start(), m.end())  # type: ignore[operator]
            for m in plain.finditer(low, start, end)
        ]

    for text in _texts():
        low = lexicon.lower_same_length(text)
        found = [(m.group, m.start, m.end) for m in lex.finditer(low)]
        assert found == expected(low, 0, len(low)), text
        for start, end in ((3, len(low)), (0, len(low) // 2), (5, max(5, len(low) - 4))):
            found = [(m.group, m.start, m.end) for m in lex.finditer(low, start, end)]
            assert found == expected(low, start, end), (text, start, end)
            first = lex.search_at(low, start, end)
            want = expected(low, start, end)[:1]
            assert ([(first.group, first.start, first.end)] if first else []) == want


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        # The main clause decides; a subordinate clause counts only when it has none.
        ("If the dose is increased, the clinic records it in a separate register.", Strength.none),
        (
            "Although relapse was more common in older patients, the spray reduced"
            " relapse overall.",
            Strength.direct_causal,
        ),
        (
            "Patients were followed for two years (blood pressure was associated with"
            " age), and the spray lowered relapse rates.",
            Strength.direct_causal,
        ),
        (
            "Ketamine lifted mood within hours, because it blocks NMDA receptors.",
            Strength.direct_causal,
        ),
        (
            "Participants completed a diary, which was associated with better recall.",
            Strength.correlational,
        ),
        # A change verb with its object acts on the risk; "a reduced risk" compares.
        ("Esketamine reduced the risk of relapse compared with placebo.", Strength.direct_causal),
        ("Heavy drinking raises their risk of liver disease.", Strength.direct_causal),
        ("Statin users had a reduced risk of stroke.", Strength.correlational),
        # Change verbs of plain news wording; intransitive change is a trend.
        ("The compound shrank tumours in treated mice.", Strength.direct_causal),
        ("Regular walking slowed cognitive decline in the trial.", Strength.direct_causal),
        (
            "In the treated group, depressive symptoms improved within hours.",
            Strength.correlational,
        ),
        ("A daily pill might slow memory loss.", Strength.conditional_causal),
        ("The slow infusion was well tolerated.", Strength.none),
        ("Late-night screens make it harder to fall asleep.", Strength.direct_causal),
    ],
)
def test_main_clause_and_verb_object(analyzer: Analyzer, text: str, strength: Strength) -> None:
    assert analyzer.analyze(text).strength is strength
