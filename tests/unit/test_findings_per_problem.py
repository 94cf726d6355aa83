"""One finding per problem, caveats by meaning, the shipped catalog and selector errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kettools import engine
from kettools.engine.project import UsageError
from kettools.inputs.catalog import CatalogError, load_catalog
from kettools.inputs.config import Config

TODAY = dt.date(2026, 12, 1)


def _check(tmp_path: Path, name: str, text: str, **config: object) -> engine.CheckResult:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    return engine.check([article], Config.model_validate({"root": tmp_path, **config}), TODAY)


def test_plain_text_citing_nothing_gets_one_uncited_and_one_metadata_finding(
    tmp_path: Path,
) -> None:
    text = (
        "Ketamine for low mood\n\nKetamine relieves depression within hours.\n\n"
        "Esketamine improves depression more than placebo.\n\nKetamine is safer than ECT.\n"
    )
    found = _check(tmp_path, "a.txt", text).findings
    uncited = [f for f in found if f.code == "KT101"]
    metadata = [f for f in found if f.category == "metadata"]
    assert len(uncited) == 1 and len(uncited[0].items) == 3
    assert [i.line for i in uncited[0].items] == [3, 5, 7]
    assert len(metadata) == 1 and {i.id for i in metadata[0].items} >= {"KT601", "KT602"}


def test_missing_caveats_are_one_finding_without_false_credit(tmp_path: Path) -> None:
    text = (
        "---\nintervention: ketamine\n---\n"
        "Ketamine infusions relieve depression within a day. Clinics offer it to treat "
        "addiction. Its side effects are typically short-lived. It carries no risk of "
        "dependence.\n"
    )
    found = [f for f in _check(tmp_path, "a.md", text).findings if f.code == "KT301"]
    assert len(found) == 1
    ids = {i.id for i in found[0].items}
    assert {"ketamine-abuse-misuse", "ketamine-short-lived"} <= ids


def test_the_shipped_catalog_works_without_a_project_catalog(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path / "absent")
    assert {"ketamine", "esketamine", "sertraline", "venlafaxine", "psilocybin"} <= set(
        catalog.drugs
    )
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "absent", required=True)


def test_unknown_front_matter_ids_name_their_line(tmp_path: Path) -> None:
    text = "---\nintervention: ketamin\nconditions: [depresion]\n---\nKetamine eases mood.\n"
    found = [f for f in _check(tmp_path, "a.md", text).findings if f.code == "KT002"]
    assert [(f.line, f.excerpt) for f in found] == [(2, "intervention"), (3, "conditions")]


@pytest.mark.parametrize("option", ["select", "ignore"])
def test_an_unknown_selector_is_a_usage_error(tmp_path: Path, option: str) -> None:
    with pytest.raises(UsageError, match=r"KT2O1.*valid categories"):
        _check(tmp_path, "a.md", "Text.\n", **{option: ["KT2O1"]})
