"""Reading kettools' own data files (lexicons, rule data): trusted YAML shipped in the
package, read with libyaml (PyYAML's C loader) when it is there.

Not for user input: front matter, catalog, bibliography and sidecars go through
`kettools.yamlio` (line numbers, node budget, depth limit, duplicate keys refused).
PyYAML implements YAML 1.1, where `no`, `on` and `yes` are booleans; this loader reads
booleans the YAML 1.2 way (only true and false), as `yamlio` does, and
tests/unit/test_packaged_yaml.py checks that every packaged file reads the same with
both. Only plain data is built (the safe loader constructs no Python objects).
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = "tag:yaml.org,2002:bool"


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader whose booleans are YAML 1.2's (true/false, any case style)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_text(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a safe loader: builds no Python objects


def load(package: str, name: str) -> Any:
    """A YAML data file of a kettools package, e.g. ("kettools.rules", "data/x.yaml")."""
    return load_text(files(package).joinpath(name).read_text(encoding="utf-8"))
