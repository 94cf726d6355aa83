"""The file-access rule (`kettools.files.access`): nothing outside the project is read, through a
symlink or a configured path; an unreadable folder is an error, never fewer files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kettools.files import access
from tests.robustness.conftest import GOOD_FRONT, assert_clean, kettools

SECRET = "kettools-secret-4b1d"
BODY = "\nKetamine may help some adults with depression [@janik2025].\n"


@pytest.fixture
def secret(project: Path) -> Path:
    """A file outside the project (beside it)."""
    path = project.parent / "secret.md"
    path.write_text(GOOD_FRONT.replace("bibliography: references.yaml\n", "") + f"\n{SECRET}.\n")
    return path


def _leaks(folder: Path) -> list[str]:
    return [
        p.as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and SECRET.encode() in p.read_bytes()
    ]


def test_symlinked_article_outside_is_refused_everywhere(project: Path, secret: Path) -> None:
    (project / "sources" / "good.md").write_text(GOOD_FRONT + BODY)
    (project / "sources" / "linked.md").symlink_to(secret)
    run = kettools("check", "--format", "json", "--no-cache", cwd=project)
    assert_clean(run, error_lines=0)
    assert run.code == 2 and SECRET not in run.stdout
    (refused,) = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "KT001"]
    assert refused["path"] == "sources/linked.md" and "outside the project" in refused["message"]
    run = kettools("extract", cwd=project)
    assert_clean(run) and run.code == 2
    assert "outside the project" in run.stderr and SECRET not in run.stdout + run.stderr
    run = kettools("export", "--to", "jsonld,fhir,html", "--out", "out", cwd=project)
    assert_clean(run, max_code=2, error_lines=3)
    assert SECRET not in run.stdout + run.stderr
    assert _leaks(project) == []


def test_symlinked_sidecar_outside_is_a_finding_without_its_text(
    example: Path, secret: Path
) -> None:
    (example / "sources" / "good.claims.yaml").symlink_to(secret)
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert_clean(run, error_lines=0)
    assert SECRET not in run.stdout
    (finding,) = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "KT004"]
    assert "outside the project" in finding["message"] and finding["excerpt"] == ""
    run = kettools("extract", cwd=example)
    assert run.code == 2 and (example / "sources" / "good.claims.yaml").is_symlink()
    assert SECRET not in run.stdout + run.stderr


def test_template_include_of_a_symlink_outside_is_refused(example: Path, secret: Path) -> None:
    (example / "leaflet.html.j2").write_text("<html>{% include 'inc.txt' %}</html>")
    (example / "inc.txt").symlink_to(secret)
    (example / "pyproject.toml").write_text(
        "[tool.kettools]\nsources = 'sources'\nleaflet_template = 'leaflet.html.j2'\n"
    )
    run = kettools("export", "--to", "html", "--out", "out", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "outside the project" in run.stderr
    assert _leaks(example) == []


@pytest.mark.parametrize("key", ["catalog", "policies"])
def test_configured_folder_outside_the_project_is_refused(example: Path, key: str) -> None:
    outside = example.parent / f"outside-{example.name}"
    outside.mkdir()
    value = f"'../{outside.name}'" if key == "catalog" else f"['../{outside.name}']"
    (example / "pyproject.toml").write_text(
        f"[tool.kettools]\nsources = 'sources'\n{key} = {value}\n"
    )
    run = kettools("check", "--no-cache", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "outside the project" in run.stderr


def test_catalog_file_symlinked_outside_is_refused(example: Path, secret: Path) -> None:
    (example / "sources" / "catalog" / "zz.yaml").symlink_to(secret)
    run = kettools("check", "--no-cache", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "outside the project" in run.stderr and SECRET not in run.stderr


def test_named_paths_are_allowed_and_links_inside_the_project_too(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "a.md").write_text(
        GOOD_FRONT.replace("bibliography: references.yaml\n", "") + BODY
    )
    (project / "sources" / "inside.md").symlink_to(elsewhere / "a.md")
    (project / "drafts").mkdir()
    (project / "drafts" / "b.md").write_text(GOOD_FRONT + BODY)
    (project / "sources" / "b.md").symlink_to(project / "drafts" / "b.md")
    run = kettools(
        "check", "--format", "json", "--no-cache", "sources", str(elsewhere), cwd=project
    )
    assert_clean(run, max_code=1, error_lines=0)
    # elsewhere/a.md is named on the command line and linked from sources/: one file,
    # checked once (as `a.md ./a.md` is); sources/b.md links inside the project
    assert json.loads(run.stdout)["summary"]["files"] == 2


# ---- unreadable folders (run as root, a permission cannot be taken away: simulated) ------


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = os.scandir

    def scandir(path: os.PathLike[str] | str = ".") -> object:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(access.os, "scandir", scandir)


def test_unreadable_subfolder_is_an_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kettools.engine import UsageError, discover
    from kettools.inputs.config import load_config

    sub = project / "sources" / "private"
    sub.mkdir()
    (sub / "a.md").write_text(GOOD_FRONT + BODY)
    config = load_config(project)
    assert len(discover([project / "sources"], config)) == 1
    _unreadable(monkeypatch, sub)
    with pytest.raises(UsageError, match="private: cannot read folder: Permission denied"):
        discover([project / "sources"], config)


def test_unreadable_catalog_folder_is_an_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kettools.inputs.catalog import CatalogError, load_catalog

    folder = project / "sources" / "catalog"
    assert load_catalog(folder).drugs
    _unreadable(monkeypatch, folder)
    with pytest.raises(CatalogError, match="cannot read catalog folder: Permission denied"):
        load_catalog(folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_exit_2_for_a_user(example: Path) -> None:
    sub = example / "sources" / "private"
    sub.mkdir()
    sub.chmod(0)
    try:
        run = kettools("check", "--no-cache", cwd=example)
    finally:
        sub.chmod(0o755)
    assert_clean(run)
    assert run.code == 2 and "cannot read folder" in run.stderr


# ---- exports: one folder per article, inside the export folder --------------------------


def _exported(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_exports_of_same_named_articles_do_not_collide(example: Path) -> None:
    text = (example / "sources" / "good.md").read_text()
    (example / "sources" / "nhs").mkdir()
    nested = text.replace("modest", "small").replace("references.yaml", "../references.yaml")
    (example / "sources" / "nhs" / "good.md").write_text(nested)
    (example / "sources" / "...md").write_text(text)
    run = kettools("export", "--to", "jsonld", "--out", "out", cwd=example)
    assert_clean(run, error_lines=0)
    assert _exported(example / "out") == {
        "good/article.jsonld",
        "nhs/good/article.jsonld",
        "article/article.jsonld",
    }
    assert not (example / "article.jsonld").exists()
    assert "small" in (example / "out" / "nhs" / "good" / "article.jsonld").read_text()


def test_two_articles_for_one_export_folder_are_refused(example: Path) -> None:
    (example / "sources" / "good.txt").write_text("Ketamine may help some adults.\n")
    run = kettools("export", "--to", "jsonld", "--out", "out", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "would both export to out/good/" in run.stderr
    assert not (example / "out").exists()


def test_export_folder_symlinked_outside_is_refused(example: Path) -> None:
    outside = example.parent / f"outside-{example.name}"
    outside.mkdir()
    (example / "out").mkdir()
    (example / "out" / "good").symlink_to(outside)
    run = kettools("export", "--to", "jsonld", "--out", "out", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "leads outside" in run.stderr
    assert list(outside.iterdir()) == []
