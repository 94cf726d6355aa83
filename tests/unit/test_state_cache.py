"""The loaded-state cache (kettools/files/state.py): a value is built once per set of
inputs, read back only when signed with this user's key, and never served stale."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kettools.engine.project import Project
from kettools.files import state
from kettools.inputs.bibliography import BibliographyError
from kettools.inputs.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    state.secret.cache_clear()
    state._folder.cache_clear()
    yield
    state.secret.cache_clear()
    state._folder.cache_clear()


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "kettools" / "state").glob("*.bin"))


def test_a_value_is_built_once_per_inputs(tmp_path: Path) -> None:
    build = Builder({"drugs": ["ketamine"], "n": 3})
    assert state.cached("thing", [b"input one", "setting"], build) == build.value
    assert state.cached("thing", [b"input one", "setting"], build) == build.value
    assert build.calls == 1
    assert len(entries(tmp_path)) == 1
    state.cached("thing", [b"input two", "setting"], build)  # a changed input: built again
    assert build.calls == 2


def test_the_key_covers_a_module_source(tmp_path: Path) -> None:
    from kettools.files import atomic, names

    assert state.key("x", [atomic]) != state.key("x", [names])
    assert state.key("x", [b"a", b"b"]) != state.key("x", [b"ab"])
    assert state.key("x", ["a"]) != state.key("x", [b"a"])


@pytest.mark.parametrize("damage", ["content", "signature", "truncated", "other key"])
def test_a_forged_or_damaged_entry_is_never_used(tmp_path: Path, damage: str) -> None:
    build = Builder(["right"])
    state.cached("thing", [b"in"], build)
    (entry,) = entries(tmp_path)
    data = entry.read_bytes()
    if damage == "content":  # a value someone else put there, under the old signature
        import pickle

        head = data[: len(b"kettools-state 1\n") + 65]
        entry.write_bytes(head + pickle.dumps(["forged"]))
    elif damage == "signature":
        entry.write_bytes(data.replace(data[20:30], b"0" * 10, 1))
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    else:  # signed by another user's key
        (tmp_path / "cache" / "kettools" / "cache.key").write_bytes(os.urandom(32))
        state.secret.cache_clear()
    assert state.cached("thing", [b"in"], build) == ["right"]
    assert build.calls == 2
    assert state.cached("thing", [b"in"], build) == ["right"]  # written again, good
    assert build.calls == 2


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "kettools"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    build = Builder(1)
    state.cached("thing", [b"in"], build)
    state.cached("thing", [b"in"], build)
    assert build.calls == 2
    assert not (folder / "state").exists()


def test_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KETTOOLS_STATE_CACHE", "off")
    build = Builder(1)
    state.cached("thing", [b"in"], build)
    state.cached("thing", [b"in"], build)
    assert build.calls == 2
    assert entries(tmp_path) == []


def test_errors_pass_through_and_are_not_kept(tmp_path: Path) -> None:
    def broken() -> object:
        raise ValueError("a catalog that does not validate")

    with pytest.raises(ValueError, match="does not validate"):
        state.cached("thing", [b"in"], broken)
    assert entries(tmp_path) == []


def test_older_entries_of_a_name_are_removed(tmp_path: Path) -> None:
    for n in range(state.KEEP + 3):
        state.cached("thing", [str(n)], Builder(n))
    assert len(entries(tmp_path)) == state.KEEP


def write_project(root: Path, drug_class: str) -> Path:
    (root / "sources" / "catalog").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.kettools]\nsources = "sources"\n')
    (root / "sources" / "catalog" / "testdrug.yaml").write_text(
        f"drug:\n  id: testdrug\n  name: testdrug\n  drug_class: {drug_class}\n"
    )
    return root


def test_the_config_comes_from_the_cache_and_follows_its_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "a class")
    assert load_config(root / "sources", {}).max_source_age_years == 15
    assert load_config(root / "sources", {}).max_source_age_years == 15  # read back
    (root / "pyproject.toml").write_text("[tool.kettools]\nmax-source-age-years = 9\n")
    assert load_config(root / "sources", {}).max_source_age_years == 9
    (root / "pyproject.toml").write_text("[tool.kettools]\nmax-source-age-years = 0\n")
    with pytest.raises(ConfigError, match="max_source_age_years"):
        load_config(root / "sources", {})


def test_the_catalog_comes_from_the_cache_and_follows_its_files(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "a first class")
    today = dt.date(2026, 11, 22)

    def catalog() -> object:
        return Project.load(load_config(root / "sources", {}), today).catalog

    first = catalog()
    assert [e.name.split("-")[0] for e in entries(tmp_path)] == ["catalog", "config"]
    assert catalog() == first  # read back: the same catalog
    catalog_file = root / "sources" / "catalog" / "testdrug.yaml"
    catalog_file.write_text(catalog_file.read_text().replace("a first", "a second"))
    changed = catalog()
    assert changed != first
    assert changed.drugs["testdrug"].drug_class == "a second class"  # type: ignore[attr-defined]


def test_a_bibliography_comes_from_the_cache_and_its_errors_are_never_kept(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path / "p", "a first class")
    bib = root / "sources" / "refs.yaml"
    bib.write_text("- id: one\n  type: book\n  title: A first title\n")
    today = dt.date(2026, 11, 22)

    def title() -> str:
        project = Project.load(load_config(root / "sources", {}), today)
        return str(project.bibliography(bib).references["one"].title)

    assert title() == "A first title"
    assert title() == "A first title"
    assert "bibliography" in {e.name.split("-")[0] for e in entries(tmp_path)}
    bib.write_text("- id: one\n  type: book\n  title: A second title\n")
    assert title() == "A second title"
    bib.write_text("- id: one\n  type: book\n  title: [not, a, title]\n")
    for _ in range(2):  # the error each time, never a value kept from before
        with pytest.raises(BibliographyError, match="item 1"):
            title()


class _Gadget:
    """What a forged entry would hold: unpickling it would run a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_signed_entry_naming_anything_else_is_refused_not_run(tmp_path: Path) -> None:
    import pickle

    build = Builder(["right"])
    state.cached("thing", [b"in"], build)
    (entry,) = entries(tmp_path)
    key = state.secret()
    assert key is not None
    marker = tmp_path / "ran"
    body = pickle.dumps([_Gadget(marker)])
    name = entry.name.removesuffix(".bin")
    entry.write_bytes(b"kettools-state 1\n" + state._mac(key, name, body) + b"\n" + body)
    assert state.cached("thing", [b"in"], build) == ["right"]  # signed, yet refused
    assert not marker.exists()
    assert build.calls == 2


def test_kept_models_and_records_read_back_equal(tmp_path: Path) -> None:
    from kettools.inputs.bibliography import Bibliography
    from kettools.models.catalog import Catalog

    root = write_project(tmp_path / "p", "a class")
    catalog = Project.load(load_config(root / "sources", {}), dt.date(2026, 11, 22)).catalog
    value = (catalog, Bibliography(root / "refs.yaml"), {"a": (1, None)})
    state.cached("records", [b"in"], lambda: value)
    again = state.cached("records", [b"in"], Builder(None))
    assert again == value and isinstance(again[0], Catalog)
