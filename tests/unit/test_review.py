"""The article review (kettools.review): criteria, study reading, sources, word lists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kettools import engine
from kettools.ingest import read_article
from kettools.inputs.config import Config
from kettools.models.review import KEYS, Verdict, rating
from kettools.review.judge import read, review
from kettools.review.sources import named_quote, speakers
from kettools.review.text import data, expressions
from tests.conftest import ROOT
from tests.unit._review_inputs import written

GOOD = ROOT / "sources" / "esketamine-treatment-resistant-depression.md"
FLAWED = ROOT / "sources" / "ketamine-clinic-flawed.md"
WORD_LISTS = sorted(p.stem for p in (ROOT / "kettools" / "review" / "data").glob("*.yaml"))


def test_every_criterion_is_judged_and_the_accurate_article_rates_higher() -> None:
    good = review(read_article(GOOD, "good.md"))
    flawed = review(read_article(FLAWED, "flawed.md"))
    assert list(good.criteria) == list(KEYS)
    assert good.rating > flawed.rating
    assert flawed.criteria["sensational"].verdict == Verdict.not_satisfactory
    assert flawed.criteria["harms"].verdict == Verdict.not_satisfactory
    assert good.criteria["harms"].verdict == Verdict.satisfactory
    assert good.criteria["benefits"].verdict == Verdict.satisfactory


def test_evidence_spans_point_at_their_words() -> None:
    article = read_article(FLAWED, "flawed.md")
    lines = article.source.text.splitlines()
    for criterion in review(article).criteria.values():
        for span in criterion.evidence:
            if span.line == span.end_line:
                assert lines[span.line - 1][span.column - 1 : span.end_column - 1] == span.text


def test_rating_is_the_share_of_applicable_criteria_met() -> None:
    criteria = review(read_article(GOOD, "good.md")).criteria
    met = sum(c.verdict == Verdict.satisfactory for c in criteria.values())
    assert rating(dict(criteria)) == round(5 * met / len(criteria), 1)


def test_scores_compare_across_articles(tmp_path: Path) -> None:
    """The same cues give the same score, whatever else the article holds."""
    short = written(tmp_path, "A pill helps, its makers say. It costs $40.\n\nInsurers pay.\n")
    longer = written(
        tmp_path, "A pill helps, its makers say. It costs $40.\n\nInsurers pay.\n\nMore text.\n"
    )
    assert review(short).criteria["costs"].score == review(longer).criteria["costs"].score


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("A study of 60 rats found the implant helped them lose weight.", "animals"),
        ("An observational study of 4,000 nurses tracked their sleep.", "observational"),
        ("In a randomised trial of 120 patients, pain fell.", "rct"),
        ("The small pilot study has not been peer reviewed.", "pilot"),
        ("The results were presented at a conference in May.", "conference"),
        ("The study was published in JAMA on Monday.", "journal"),
        ("See https://doi.org/10.1000/xyz for the paper.", "doi"),
    ],
)
def test_the_study_is_read_from_the_words(tmp_path: Path, sentence: str, what: str) -> None:
    study = read(written(tmp_path, sentence + "\n")).study
    found = {**study.design, **study.population, **study.stage, **study.publication}
    assert found.get(what), (what, found)


def test_animal_work_with_no_study_in_people_is_preclinical(tmp_path: Path) -> None:
    rats = read(written(tmp_path, "A study of 60 rats tested the implant.\n")).study
    assert rats.preclinical_only and rats.level() is not None
    both = read(
        written(tmp_path, "A study of 60 rats, then a randomised trial of 90 patients.\n")
    ).study
    assert not both.preclinical_only


def test_a_quoted_named_expert_is_told_from_an_unattributed_claim() -> None:
    quoted = '"It helps some people," said Dr. Ana Ruiz, a psychiatrist.'
    assert named_quote(quoted, quoted)
    assert speakers('"It works," said lead researcher Tom Baxter.') == ["Tom Baxter"]
    assert not named_quote("Studies show it helps some people.", "Studies show it helps.")
    assert not named_quote("Dr. Ana Ruiz says it helps.", "Dr. Ana Ruiz says it helps.")


def test_independent_source_and_funding(tmp_path: Path) -> None:
    text = (
        '"It is a first step," said Dr. Ana Ruiz, who was not involved in the study.\n\n'
        "The trial was funded by the company that makes the pill.\n"
    )
    criteria = review(written(tmp_path, text)).criteria
    assert criteria["independent_sources"].verdict == Verdict.satisfactory
    assert criteria["funding_coi"].verdict == Verdict.satisfactory


@pytest.mark.parametrize("name", WORD_LISTS)
def test_word_lists_are_lists_of_entries_that_compile(name: str) -> None:
    """Each list holds phrases in the lexicons' notation (a string, or a mapping with its
    phrase and exceptions) or patterns with their why, and each compiles."""

    def lists(node: object, path: str = "") -> list[tuple[str, list[object]]]:
        if isinstance(node, dict):
            return [i for k, v in node.items() for i in lists(v, f"{path}{k}.")]
        assert isinstance(node, list), path
        return [(path.rstrip("."), node)]

    for key, items in lists(data(name)):
        for e in items:
            assert isinstance(e, str) or set(e) in ({"phrase", "exceptions"}, {"pattern", "why"})
        if name != "speakers":
            for expression in expressions(name, key):
                assert isinstance(expression.regex, re.Pattern)


def test_anchors_never_hide_a_match(tmp_path: Path) -> None:
    """Searching only around anchor words finds what a full search finds."""
    article = read_article(FLAWED, "flawed.md")
    from kettools.review.text import Expression, Text

    joined = Text(article)._joined
    for name in WORD_LISTS:
        if name == "speakers":
            continue
        for key in _keys(data(name)):
            listed = expressions(name, key)
            full = tuple(Expression(e.regex, e.lower, None) for e in listed)
            assert joined.find(listed) == joined.find(full), (name, key)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\bside[-\s]effects?\b", (("effect", True),)),
        (r"\bno\s+risk\b", (("risk", True),)),
        (r"\bover-?treat\w*\b", (("treat", False),)),  # "overtreated": inside a word
        (r"\bgame[-\s]?chang(?:er|ing)\b", (("chang", False),)),
        (r"\b(?:a\s+)?leading\s+clinic\b", (("leading", False),)),  # after an optional group
        (r"\b(?:cannot|could\s+not)\s+prove\b", (("prove", True),)),
        (r"\bcan't\s+tell\b", (("can't", False),)),  # not one word
        (r"\$\s?\d", (("$", False),)),
    ],
)
def test_anchors_say_whether_they_begin_a_word(pattern: str, anchors: object) -> None:
    """An anchor that begins a word wherever it matches is looked up among the words; any
    other is searched for in the whole text."""
    from kettools.language.lexicons.pieces import pieces

    assert (pieces(pattern) or ()) == anchors


def test_a_word_start_anchor_inside_other_words_finds_nothing_there(tmp_path: Path) -> None:
    """'men' inside 'treatment' and 'women' is no word 'men'; a search only at the words
    finds what a full search finds."""
    from kettools.review.text import Expression, Text

    text = "The treatment helped women.\n\nOf the 40 men, 12 felt better; the men said so.\n"
    joined = Text(written(tmp_path, text))._joined
    listed = (Expression(re.compile(r"\bmen\b"), True, (("men", True),)),)
    full = (Expression(re.compile(r"\bmen\b"), True, None),)
    assert [h.text for h in joined.find(listed)] == ["men", "men"]
    assert joined.find(listed) == joined.find(full)


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [
        (r"\bcured\b", (5, 6)),  # the `\b` after it looks one character further
        (r"\bcure\b(?! rates)", (4, 10)),  # the lookahead looks six past "cure"
        (r"\bno\s+risk\b", None),  # `\s+`: no bound on a match's length
        (r"\b(?:side|adverse)[-\s]effects?\b", (15, 16)),
    ],
)
def test_short_expressions_search_no_further_than_a_match_reaches(
    pattern: str, reach: object, tmp_path: Path
) -> None:
    """An expression with short matches is searched only as far around each anchor as a
    match and its lookaheads reach, and finds what a full search finds, also where a
    lookahead needs the text past the stretch."""
    from kettools.review.text import Expression, Text, _parsed

    anchors, found, leads = _parsed(pattern)[:3]
    assert found == reach
    text = "No cure rates were given.\n\nA cure was found; some were cured. No side effects.\n"
    joined = Text(written(tmp_path, text))._joined
    listed = (Expression(re.compile(pattern), True, anchors, found, leads),)
    full = (Expression(re.compile(pattern), True, None),)
    assert joined.find(listed) == joined.find(full)
    assert joined.find(listed) or reach is None


@pytest.mark.parametrize(
    ("pattern", "leads"),
    [
        (r"\b(?:patients|men)\s+(?:who|that)\s+\w+", True),
        (r"\bthe\s+(?:patients|women)\b", False),  # the anchor is not where a match begins
        (r"\b(?:a\s+)?leading\s+clinic\b", False),  # an optional group before it
    ],
)
def test_a_search_starts_at_an_anchor_that_begins_every_match(
    pattern: str, leads: bool, tmp_path: Path
) -> None:
    """An expression whose every match begins with an anchor is searched from the anchor
    on, and finds what a full search finds."""
    from kettools.review.text import Expression, Text, _parsed

    anchors, reach, found = _parsed(pattern)[:3]
    assert found is leads
    text = "Some men who smoke; the patients that ran.\n\nA leading clinic said so.\n"
    joined = Text(written(tmp_path, text))._joined
    listed = (Expression(re.compile(pattern), True, anchors, reach, found),)
    full = (Expression(re.compile(pattern), True, None),)
    assert joined.find(listed) == joined.find(full)
    assert joined.find(listed)


def test_a_stretch_without_another_piece_of_every_match_is_not_searched(
    tmp_path: Path,
) -> None:
    """An expression's other sets of pieces (`also`): a stretch around an anchor that
    lacks one is skipped, and the search finds what a full search finds."""
    from kettools.review.text import Expression, Text, _parsed

    pattern = r"\b(?:not|never)\s+(?:been\s+)?(?:tested|shown)\s+in\s+(?:people|humans)\b"
    anchors, reach, leads, also = _parsed(pattern)
    assert anchors == (("people", True), ("humans", True))
    assert also == (("tested", "shown"),)
    text = "It was tested in mice; people liked it.\n\nIt has not been shown in humans.\n"
    joined = Text(written(tmp_path, text))._joined
    listed = (Expression(re.compile(pattern), True, anchors, reach, leads, also),)
    full = (Expression(re.compile(pattern), True, None),)
    assert [h.text for h in joined.find(listed)] == ["not been shown in humans"]
    assert joined.find(listed) == joined.find(full)


def _keys(node: object, path: str = "") -> list[str]:
    if isinstance(node, dict):
        return [k for key, v in node.items() for k in _keys(v, f"{path}{key}.")]
    return [path.rstrip(".")]


def test_the_review_survives_the_cache_and_jobs(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for i in range(4):
        (sources / f"a{i}.md").write_text(FLAWED.read_text(encoding="utf-8"), encoding="utf-8")
    config = Config.model_validate({"root": tmp_path})
    today = dt.date(2026, 11, 22)
    cache = tmp_path / ".cache"
    first = engine.check([sources], config, today, detail=False, cache=cache, jobs=2)
    again = engine.check([sources], config, today, detail=False, cache=cache)
    assert [r.review for r in first.files] == [r.review for r in again.files]
    assert all(r.review is not None for r in again.files)


# Cue families added for issue 19: a sentence of our own that must count, and one that
# must not (word list, group, sentence, counts).
CUES = [
    ("alternatives", "named", "The new patch worked as effective as the older pills.", True),
    ("alternatives", "named", "It compares favourably with the injection now in use.", True),
    ("alternatives", "named", "Doctors would gain another option for these patients.", True),
    ("alternatives", "named", "It is given as a second-line therapy after surgery.", True),
    ("alternatives", "named", "The nurses worked as well as they could.", False),
    ("alternatives", "named", "The laser is less invasive than open surgery.", True),
    ("alternatives", "named", "The patients grew more anxious at night.", False),
    ("alternatives", "hinted", "Gout is usually treated with pills that lower uric acid.", True),
    ("alternatives", "hinted", "Scores rose 20% compared with a year earlier.", True),
    ("alternatives", "hinted", "Pain eased with the cream compared with placebo.", False),
    ("alternatives", "hinted", "Relapses fell compared to those who took nothing.", False),
    ("novelty", "placed", "Until now, no drug had slowed this kind of tumour.", True),
    ("novelty", "placed", "The trial adds to the evidence that the vaccine works.", True),
    ("novelty", "placed", "Patients waited until noon for their results.", False),
    ("novelty", "placed", "She adds to her tea a spoon of honey.", False),
    ("availability", "stated", "The spray is sold in pharmacies without a prescription.", True),
    ("availability", "stated", "Half the volunteers were prescribed the pill.", False),
    ("availability", "stated", "The university licensed the patent and launched a trial.", False),
    ("benefits", "absolute", "The scan found tumours with 91% sensitivity.", True),
    ("benefits", "absolute", "Its specificity was 87 percent in the second group.", True),
    ("benefits", "absolute", "Sensitivity to light fell in 30% of cases.", False),
    ("benefits", "counted", "After a year, 38% of patients had no more seizures.", True),
    ("benefits", "counted", "Prices rose 38% of late.", False),
    ("language", "mongering", "Most office workers are deficient in vitamin D.", True),
    ("language", "mongering", "The new ward runs more efficiently.", False),
    # availability: a product sold under a name of its own, public coverage, a regulator
    # other than the FDA, data drawn from routine care
    ("availability", "stated", "The pill goes by the brand name Quietra.", True),
    ("availability", "stated", "Medicare pays for the scan once a year.", True),
    ("availability", "stated", "The European Medicines Agency cleared the drug in May.", True),
    ("availability", "stated", "The team read the records of a national hip registry.", True),
    ("availability", "stated", "Its manufacturer paid for the trial.", False),
    ("availability", "stated", "A home health agency sent a nurse twice a week.", False),
    ("availability", "stated", "Patients can get the implant at 14 hospitals in Ohio.", True),
    ("availability", "stated", "Ask your pharmacist which brand suits you.", True),
    ("availability", "stated", "The 14 hospitals in the study shared their data.", False),
    # novelty: newness claimed ("novel", "a new approach") is the weaker sign, as "the
    # first" is; it does not place the work among earlier work
    ("novelty", "first", "The clinic tried a novel way to dress burns.", True),
    ("novelty", "placed", "The clinic tried a novel way to dress burns.", False),
    ("novelty", "first", "It is a new approach to an old problem.", True),
    ("novelty", "placed", "Previous studies tested the dressing in children.", True),
]


@pytest.mark.parametrize(("name", "key", "sentence", "counts"), CUES)
def test_a_cue_family_counts_its_sentence(
    tmp_path: Path, name: str, key: str, sentence: str, counts: bool
) -> None:
    text = read(written(tmp_path, sentence + "\n")).text
    assert bool(text.cues(name, key)) is counts, text.cues(name, key)


def test_a_headline_that_states_an_effect_as_settled_is_sensational(tmp_path: Path) -> None:
    body = "\n\nVolunteers drank three cups a day for a month.\n"
    settled = review(written(tmp_path, "# Green tea stops winter colds" + body))
    hedged = review(written(tmp_path, "# Green tea may stop winter colds" + body))
    in_body = review(written(tmp_path, "# Tea and colds\n\nGreen tea stops winter colds.\n"))
    assert settled.criteria["sensational"].score > hedged.criteria["sensational"].score
    assert [e.text for e in settled.criteria["sensational"].evidence] == ["stops"]
    assert hedged.criteria["sensational"].evidence == []
    assert in_body.criteria["sensational"].score == hedged.criteria["sensational"].score
    section = review(written(tmp_path, "# Tea and colds\n\n## How green tea helps" + body))
    assert section.criteria["sensational"].score == hedged.criteria["sensational"].score
