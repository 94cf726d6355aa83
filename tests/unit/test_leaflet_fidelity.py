"""Leaflet fidelity (issue 24): every sentence of the article is in the leaflet or left out
with a reason, and nothing that qualifies a benefit is dropped while the benefit stays.

Checked on generated articles (hypothesis), on the example sources and on the seeds.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kettools import engine
from kettools.cli.common import today
from kettools.config import load_config
from kettools.export import ExportInput
from kettools.export.leaflet import HtmlLeafletExporter
from kettools.export.leaflet_content import article_drug
from kettools.export.leaflet_model import plain
from kettools.export.leaflet_place import SAFETY_QUALIFIERS, place, qualifier
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]

# written for this test: a benefit, and sentences that qualify it, by kind
BENEFITS = [
    "In a trial of {n} adults, more people improved with the spray than with placebo "
    "[@popova2019].",
    "A review of {n} studies found that mood scores fell faster with the drug than with "
    "a dummy treatment [@dean2021].",
    "After six weeks, {n} in 100 people had fewer symptoms on the drug, against 20 in 100 "
    "on placebo [@daly2018].",
]
HYPED = "This groundbreaking miracle treatment works for everyone [@popova2019]."
QUALIFIERS = {
    "hedge": "However, the difference was small and may not matter to most people [@popova2019].",
    "limitation": "The benefit was short-lived and faded within two weeks [@dean2021].",
    "certainty": "The reviewers rated the certainty of this evidence as low [@dean2021].",
    "crisis": "If you have thoughts of ending your life, call or text 988 at any time.",
    "off-label": "Using it this way is off-label in most countries [@gastaldon2019].",
}
HEADINGS = ["What the studies found", "Results", "Side effects and risks", "Other uses", ""]
FRONT = """---
title: A generated article
language: en
audience: patients
intervention: esketamine
authors: [{name: A. Writer}]
reviewed_by: [{name: B. Reviewer, credentials: MD}]
last_reviewed: 2026-10-01
next_review: 2027-10-01
disclosure: None.
bibliography: references.yaml
---

"""


@pytest.fixture(scope="module")
def project() -> engine.Project:
    return engine.Project.load(load_config(ROOT / "sources"), today())


def export_input(project: engine.Project, path: Path) -> ExportInput:
    result = engine.check([path], project.config, project.today, project).files[0]
    return ExportInput.from_result(
        result, path.stem, project.catalog, project.config, project.today, "0.0.0"
    )


def leaflet_text(item: ExportInput) -> str:
    body = HtmlLeafletExporter().render(item).decode().split("<body>", 1)[1]
    text = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ")
    return " ".join(text.split())


def check_fidelity(item: ExportInput) -> None:
    """Every sentence accounted for; what is placed is shown; safety qualifiers are never
    left out because of another sentence; hedges leave only with their claim."""
    drug = article_drug(item)
    placement = place(item, drug)
    shown = leaflet_text(item)
    sentences = [s for s in item.article.sentences if plain(s.plain)]
    assert len(placement.sentences) == len(sentences)
    for p in placement.sentences:
        if p.section is not None:
            assert p.text in shown, p
            continue
        assert p.reason, p
        kind = qualifier(p.text, drug)
        if kind in SAFETY_QUALIFIERS:
            assert not p.reason.startswith("goes with"), p
    # a unit is shown whole: no claim without the sentences that qualify it
    for unit in placement.units:
        assert " ".join(plain(s.plain) for s in unit.sentences) in shown


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, bool]]]:
    """Markdown, and (benefit, qualifier, qualifier kind) of every paragraph."""
    parts = [FRONT]
    pairs: list[tuple[str, str, bool]] = []
    for _ in range(draw(st.integers(1, 5))):
        heading = draw(st.sampled_from(HEADINGS))
        if heading:
            parts.append(f"## {heading}\n\n")
        hyped = draw(st.booleans()) and draw(st.booleans())
        benefit = (
            HYPED if hyped else draw(st.sampled_from(BENEFITS)).format(n=draw(st.integers(12, 900)))
        )
        kind = draw(st.sampled_from(sorted(QUALIFIERS)))
        parts.append(f"{benefit} {QUALIFIERS[kind]}\n\n")
        pairs.append((benefit, kind, hyped))
    return "".join(parts), pairs


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(articles())
def test_generated_articles_keep_every_qualifier(
    project: engine.Project, tmp_path: Path, article: tuple[str, list[tuple[str, str, bool]]]
) -> None:
    text, pairs = article
    shutil.copy(ROOT / "sources" / "references.yaml", tmp_path / "references.yaml")
    path = tmp_path / "generated.md"
    path.write_text(text, "utf-8")
    item = export_input(project, path)
    check_fidelity(item)
    shown = leaflet_text(item)
    for benefit, kind, _hyped in pairs:
        qualifying = plain(re.sub(r"\s*\[@[^\]]*\]", "", QUALIFIERS[kind]))
        claim = plain(re.sub(r"\s*\[@[^\]]*\]", "", benefit))
        assert qualifier(qualifying) == kind or kind == "caveat"
        if claim in shown:  # a benefit is never shown without what qualifies it
            assert qualifying in shown, (claim, qualifying)
        if kind in ("crisis", "off-label"):  # safety information is never dropped
            assert qualifying in shown, qualifying


@pytest.mark.parametrize(
    "name", ["esketamine-treatment-resistant-depression.md", "ketamine-clinic-flawed.md"]
)
def test_example_articles(project: engine.Project, name: str) -> None:
    check_fidelity(export_input(project, ROOT / "sources" / name))


def test_showcase_keeps_what_issue_24_found_dropped(project: engine.Project) -> None:
    shown = leaflet_text(
        export_input(project, ROOT / "sources" / "esketamine-treatment-resistant-depression.md")
    )
    for words in (
        "But the authors rated their trust in this finding as very low.",
        "In the US, you can call or text 988 at any time.",
        "But the effect was short-lived.",
        "its use for depression is off-label",
    ):
        assert words in shown
    assert shown.count("Do not drive until the next day") == 1  # safety content once


def test_seeds(project: engine.Project) -> None:
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        item = export_input(project, path)
        check_fidelity(item)
        title = HtmlLeafletExporter().render(item).decode().split("<title>")[1].split("<")[0]
        assert path.stem not in title and title  # a real title, not the file name
        assert article_drug(item) is not None  # the drug the check found
