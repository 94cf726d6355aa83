"""Reading kettools' own data files (lexicons, rule data): trusted YAML shipped in the
package, read with libyaml (PyYAML's C loader) when it is there.

Not for user input: front matter, catalog, bibliography and sidecars go through
`kettools.files.yamlio` (line numbers, node budget, depth limit, duplicate keys refused).
PyYAML implements YAML 1.1, where `no`, `on` and `yes` are booleans; this loader reads
booleans the YAML 1.2 way (only true and false) with `yamlfast.Libyaml12Loader`, the same
loader yamlio's fast path uses, and
tests/unit/test_packaged_yaml.py checks that every packaged file reads the same with
both. Only plain data is built (the safe loader constructs no Python objects).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path
from typing import Any

import yaml

from kettools.files.yamlfast import Libyaml12Loader


def load_text(text: str) -> Any:
    return yaml.load(text, Loader=Libyaml12Loader)  # a safe loader: builds no Python objects


def load(package: str, name: str) -> Any:
    """A YAML data file of a kettools package, e.g. ("kettools.checks.rules", "data/x.yaml").
    Its data comes from the loaded-state cache (`state.py`) while the file is unchanged:
    parsing the 32 files a check reads was 8 ms of a one-file run."""
    from kettools.files import state, yamlfast

    text = package_dir(package).joinpath(name).read_text(encoding="utf-8")
    modules = (sys.modules[__name__], yamlfast, yaml)
    return state.cached(
        f"data-{package}-{name.replace('/', '-')}", [text, *modules], lambda: load_text(text)
    )


PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the kettools package


def package_dir(package: str) -> Path:
    """The folder of a kettools package (installed as files, as the fingerprint assumes;
    importlib.resources would cost its import, 3 ms, in every run)."""
    return Path(importlib.import_module(package).__file__ or "").parent


def fingerprint(package: Path = PACKAGE_DIR) -> str:
    """A hash of the size and modification time of every file of the installed package
    (code and data), so that an edited checkout with the same version number is told
    apart: the cache never reuses older results."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(
                f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode()
            )
    return digest.hexdigest()
