"""Layered, strict configuration, and its documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kettools.inputs.config import Config, ConfigError, load_config
from tests.conftest import ROOT


def test_every_key_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text()
    for key in Config.model_fields:
        if key != "root":
            assert f"| `{key}` |" in doc, key


def test_layers_defaults_file_then_flags(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.kettools]\nfail_on = 'warning'\nignore = ['KT801']\nreadability = {patients = 7}\n"
    )
    (tmp_path / "sub").mkdir()
    config = load_config(tmp_path / "sub", {"fail_on": "info"})
    assert config.root == tmp_path
    assert config.fail_on == "info" and config.ignore == ["KT801"]
    assert config.readability.patients == 7 and config.readability.general == 10


def test_kettools_toml_is_found(tmp_path: Path) -> None:
    (tmp_path / "kettools.toml").write_text("sources = 'content'\n")
    assert load_config(tmp_path).sources == "content"


def test_a_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "kettools.toml").write_text("sources = 'outer'\n")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_config(tmp_path / "inner").sources == "outer"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[tool.kettools]\nfail_onn = 'error'\n", "fail_onn"),
        ("[tool.kettools]\nreadability = {kids = 4}\n", "readability.kids"),
        ("[tool.kettools]\nfail_on = 'sometimes'\n", "fail_on"),
        ("[tool.kettools]\nroot = '/'\n", "root"),
        ("[tool.kettools\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "pyproject.toml" in str(info.value) and needle in str(info.value)
