"""`kettools init`, and the smaller first-run fixes: a bare check in a new repository, a
bibliography shared between article folders, `classify` reading the configured catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli
from kettools.inputs.catalog import load_catalog
from kettools.inputs.config import load_config
from tests.conftest import ROOT


def kt(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_sets_up_a_repository_that_kettools_reads(fresh: Path) -> None:
    code, out, _ = kt("init", "--drug", "Zuranolone")
    assert code == 0, out
    assert "kettools.toml: created" in out and "sources/catalog/zuranolone.yaml: created" in out
    config = load_config(fresh)
    assert config.root == fresh and config.sources_dir == fresh / "sources"
    catalog = load_catalog(config.catalog_dir)
    assert catalog.drugs["zuranolone"].name == "Zuranolone"
    assert catalog.drugs["zuranolone"].caveats == []  # nothing invented
    assert ".kettools_cache/" in (fresh / ".gitignore").read_text()
    code, out, err = kt("check")
    assert code == 0 and out.endswith("0 files checked: 0 errors, 0 warnings, 0 infos\n")
    assert "no articles" in err


def test_init_never_overwrites_a_file(fresh: Path) -> None:
    (fresh / "sources").mkdir()
    (fresh / "sources" / "references.yaml").write_text("# mine\n[]\n")
    (fresh / ".gitignore").write_text("node_modules/")
    code, out, _ = kt("init", "--drug", "zuranolone")
    assert code == 0
    assert "sources/references.yaml: kept (it exists)" in out
    assert (fresh / "sources" / "references.yaml").read_text() == "# mine\n[]\n"
    assert (fresh / ".gitignore").read_text() == "node_modules/\n.kettools_cache/\n"
    before = {p: p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    code, out, _ = kt("init", "--drug", "zuranolone")
    assert code == 0 and "created" not in out
    assert {p: p.read_bytes() for p in fresh.rglob("*") if p.is_file()} == before


def test_init_adds_the_table_to_an_existing_pyproject(fresh: Path) -> None:
    original = '[project]\nname = "site"\n'
    (fresh / "pyproject.toml").write_text(original)
    code, out, _ = kt("init")
    assert code == 0 and "pyproject.toml: added [tool.kettools]" in out
    text = (fresh / "pyproject.toml").read_text()
    assert text.startswith(original) and not (fresh / "kettools.toml").exists()
    assert load_config(fresh).fail_on == "error"
    _, out, _ = kt("init")
    assert "pyproject.toml: kept" in out and (fresh / "pyproject.toml").read_text() == text


@pytest.mark.parametrize("name", ["", "  ", "a\nb", "---"])
def test_init_refuses_a_drug_name_it_cannot_use(fresh: Path, name: str) -> None:
    code, _, err = kt("init", "--drug", name)
    assert code == 2 and err.startswith("kettools: error: --drug")
    assert not (fresh / "kettools.toml").exists()


def test_init_of_a_missing_folder_is_one_line(fresh: Path) -> None:
    code, _, err = kt("init", "nowhere")
    assert code == 2 and "nowhere: no such folder" in err


def test_a_bare_check_in_a_new_repository_says_what_to_do(fresh: Path) -> None:
    code, _, err = kt("check")
    assert code == 2
    assert "sources" in err and "kettools init" in err
    assert len(err.strip().splitlines()) == 1


def test_a_bibliography_shared_between_article_folders_is_accepted(fresh: Path) -> None:
    articles = fresh / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "sources" / "references.yaml", articles)
    for team in ("team-a", "team-b"):
        (articles / team).mkdir()
        (articles / team / "a.md").write_text(
            "---\ntitle: T\nbibliography: ../references.yaml\n---\n\n"
            "Esketamine can ease depression in some people [@popova2019].\n"
        )
    _, out, _ = kt("check", "articles", "--format", "json")
    found = json.loads(out)["findings"]
    assert json.loads(out)["summary"]["files"] == 2
    assert [f for f in found if f["code"] in ("KT003", "KT501")] == []
    # still refused: outside the project
    (articles / "team-a" / "a.md").write_text(
        "---\ntitle: T\nbibliography: ../../../elsewhere.yaml\n---\n\nText.\n"
    )
    _, out, _ = kt("check", "articles/team-a", "--format", "json")
    assert any(f["code"] == "KT003" for f in json.loads(out)["findings"])


def test_classify_uses_the_configured_catalog(fresh: Path) -> None:
    shutil.copytree(ROOT / "sources" / "catalog", fresh / "content" / "drugs")
    (fresh / "kettools.toml").write_text('catalog = "content/drugs"\n')
    code, out, _ = kt("classify", "-", stdin="Spravato eased depression in a trial.\n")
    assert code == 0
    assert json.loads(out)["subject"]["intervention"] == "esketamine"
    (fresh / "kettools.toml").write_text("catalog = 3\n")
    code, _, err = kt("classify", "-", stdin="x\n")
    assert code == 2 and "kettools.toml" in err
