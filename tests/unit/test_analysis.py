"""Sentence analysis: kind, strength, certainty, cues, subject links, lexicon files."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest

from kettools.files import yamlio
from kettools.language import lexicons as lexicon
from kettools.language.analysis import Analyzer, SentenceAnalysis
from kettools.language.lexicons import regex as lexicon_regex
from kettools.models.catalog import Catalog, Condition, Drug
from kettools.models.claims import Certainty, ClaimKind, CueKind
from tests.conftest import ROOT


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


READINGS = yamlio.load((ROOT / "tests" / "data" / "readings.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", READINGS, ids=[c["sentence"][:50] for c in READINGS])
def test_reading(analyzer: Analyzer, case: dict[str, Any]) -> None:
    """Each case of tests/data/readings.yaml: the fields it gives, read as it says."""
    result = analyzer.analyze(case["sentence"])
    got = {
        "is_claim": result.is_claim,
        "kind": result.kind.value,
        "strength": result.strength.value,
        "certainty": result.certainty.value,
        "population": result.population,
    }
    for field, want in case["expect"].items():
        if want == "not hedged":
            assert got["certainty"] != "hedged", (case["why"], result.reasons)
        else:
            assert got[field] == want, (field, case["why"], result.reasons)
    assert result.reasons


def cue_texts(result: SentenceAnalysis, kind: CueKind) -> list[str]:
    return [c.text.lower() for c in result.cues if c.kind is kind]


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
def test_absolute_in_safety_instruction_is_no_cue_and_does_not_boost(
    analyzer: Analyzer, text: str
) -> None:
    result = analyzer.analyze(text)
    assert not cue_texts(result, CueKind.absolute)  # KT202 reads these cues
    assert result.certainty is Certainty.plain
    assert any("safety instruction" in r for r in result.reasons)


def test_absolute_in_a_claim_boosts(analyzer: Analyzer) -> None:
    assert analyzer.analyze("Ketamine never causes addiction.").certainty is Certainty.boosted


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
        if name == "context":  # word lists read one by one: a word may be in several
            seen = set()
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
    assert files == set(lexicon.NAMES) | {"slots"}  # slots.yaml: the names entries use


@pytest.mark.parametrize(
    ("entry", "text", "matches"),
    [
        ("well[- ]established", "well established", True),
        ("well[- ]established", "well-established", True),
        ("well[- ]established", "well+established", False),  # a space in a class is one space
        ("rapid acting", "rapid \n acting", True),  # a space is any run of white space
        ("fast ?acting", "fastacting", True),
    ],
)
def test_a_space_in_an_entry_is_white_space(entry: str, text: str, matches: bool) -> None:
    assert bool(re.fullmatch(lexicon_regex.entry_to_regex(entry), text)) is matches


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
