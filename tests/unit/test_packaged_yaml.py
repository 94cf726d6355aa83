"""Packaged data files read with libyaml (kettools.files.packaged) read exactly as with ruamel."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from kettools.files import packaged, yamlio

PACKAGE = packaged.PACKAGE_DIR
DATA = sorted(PACKAGE.rglob("*.yaml"))


def typed(value: object) -> object:
    """The value with every scalar's type next to it (True and 1 differ, 'no' and False)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    kind = float if isinstance(value, float) else type(value)
    return (kind.__name__, value)


def test_there_are_data_files() -> None:
    assert len(DATA) >= 15


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_packaged_file_reads_the_same_as_with_ruamel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = packaged.load_text(text)
    assert typed(fast) == typed(yamlio.to_plain(yamlio.load_tree(text)))
    assert typed(fast) == typed(YAML(typ="safe", pure=True).load(text))


def test_yaml_11_booleans_stay_strings() -> None:
    data = packaged.load_text("a: no\nb: on\nc: yes\nd: off\ne: true\nf: False\ng: [n, y]\n")
    assert data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "off",
        "e": True,
        "f": False,
        "g": ["n", "y"],
    }
    assert typed(data)["e"] == ("bool", True)


def test_no_python_objects() -> None:
    import yaml

    with pytest.raises(yaml.YAMLError):
        packaged.load_text("x: !!python/object/apply:os.system ['true']\n")
