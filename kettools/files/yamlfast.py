"""libyaml's fast path for plain YAML: used where it reads exactly what ruamel reads.

ruamel (in `kettools.files.yamlio`) is pure Python and about 20 times slower. Documents made
only of maps, lists and plain YAML 1.2 scalars are read here with libyaml; anything
else (tags, aliases, merge keys, duplicate keys, YAML 1.1 forms, errors) raises
`Unusual`, and the caller reads the document with ruamel instead, so results, messages
and lines never depend on which path read a document. tests/unit/test_yaml_paths.py
proves both paths read alike.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import yaml as pyyaml

from kettools.files.text import is_text

_LibyamlBase: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
_BOOL_TAG = "tag:yaml.org,2002:bool"


class Libyaml12Loader(_LibyamlBase):  # type: ignore[misc]
    """libyaml's safe loader (builds no Python objects) with YAML 1.2 booleans: only
    true and false, never YAML 1.1's yes, no, on and off."""


Libyaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _LibyamlBase.yaml_implicit_resolvers.items()
}
Libyaml12Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# Characters; larger documents always take the bounded ruamel path. libyaml composes a
# whole document before the node budget is counted: at worst one node per character
# (a 256 KB flow mapping of one-letter keys took 81 MB, then the budget refused it).
FAST_LIMIT = 262_144

_NULL = re.compile(r"^(?:|~|null|Null|NULL)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_STR = "tag:yaml.org,2002:str"
_TAG_OF: dict[type, str] = {
    type(None): "tag:yaml.org,2002:null",
    bool: "tag:yaml.org,2002:bool",
    int: "tag:yaml.org,2002:int",
    float: "tag:yaml.org,2002:float",
    dt.date: "tag:yaml.org,2002:timestamp",
}
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
)


class Unusual(Exception):
    """Not the plain shape the fast path reads exactly like ruamel: take the ruamel path."""


def scalar(node: Any) -> Any:
    value: str = node.value
    if node.tag not in _PLAIN_TAGS or not is_text(value):
        raise Unusual  # explicit tags, lone surrogates: ruamel reads or refuses them
    if node.style:  # quoted or block scalar (plain is None or "")
        if node.tag != _STR:
            raise Unusual  # an explicit tag on a quoted scalar: !!int '7'
        return value
    result = _plainscalar(value)
    if node.tag != _TAG_OF.get(type(result), _STR):
        raise Unusual  # libyaml read it otherwise: YAML 1.1 forms (no, on), explicit tags
    return result


def _plainscalar(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value[0] in "0123456789+-.":  # numbers and dates, exactly as YAML 1.2 core reads them
        digits = value.lstrip("+-")
        if _INT.match(value) and (digits == "0" or not digits.startswith("0")):
            return int(value)
        if _FLOAT.match(value) and any(c.isdigit() for c in value):
            return float(value)
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise Unusual from None
        if _plainly_text(value) or _ruamel_tag(value) == _STR:  # "3 patients", a DOI
            return value
        raise Unusual  # 0x1F, 1_000, .inf: ruamel reads them
    return value


_PAGES = re.compile(r"[0-9]+-[0-9]+")
_TIMESTAMP_START = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def _plainly_text(value: str) -> bool:
    """Text by YAML 1.2's own rules, without asking ruamel (whose import costs 5 % of a
    one-file check): of the types a plain scalar opening with a digit, sign or dot can
    resolve to (int, float, timestamp), none holds a "/", none is two runs of digits
    joined by one hyphen (pages "351-354"; a date has two), and only a timestamp,
    which opens with a date, holds a space."""
    return (
        "/" in value
        or _PAGES.fullmatch(value) is not None
        or (" " in value and not _TIMESTAMP_START.match(value))
    )


@cache
def _resolver() -> Any:
    from ruamel.yaml.resolver import VersionedResolver  # here: most documents never need it

    return VersionedResolver(version=(1, 2))


def _ruamel_tag(value: str) -> str:
    """The tag ruamel's YAML 1.2 resolver gives a plain scalar."""
    from ruamel.yaml.nodes import ScalarNode

    return str(_resolver().resolve(ScalarNode, value, (True, False)))


_BRACKET = re.compile(r"[\[\]{}]")


def _flow_deeper_than(text: str, limit: int) -> bool:
    """Whether flow brackets nest deeper than `limit` (brackets inside strings count too:
    a false alarm only sends the document to ruamel)."""
    depth = 0
    for m in _BRACKET.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def load_fast(text: str, max_nodes: int, max_depth: int) -> tuple[Any, Any]:
    """Data and libyaml's root node. libyaml composes; plain YAML 1.2 scalars, maps and
    lists are built here under the same node budget and depth limit. Anything else (and
    a document too large or with aliases) raises Unusual."""
    if len(text) > FAST_LIMIT or "%YAML" in text or _flow_deeper_than(text, max_depth):
        raise Unusual  # (libyaml's C composer recurses per level: 50,000 "[" crash it)
    try:
        root = pyyaml.compose(text, Loader=Libyaml12Loader)
    except pyyaml.YAMLError:
        raise Unusual from None  # ruamel gives the error message and line
    budget = [max_nodes]
    seen: set[int] = set()

    def build(node: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > max_depth or id(node) in seen:
            raise Unusual  # (a node met twice is an alias: ruamel expands it, bounded)
        seen.add(id(node))
        if isinstance(node, pyyaml.ScalarNode):
            return scalar(node)
        if isinstance(node, pyyaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [build(item, depth + 1) for item in node.value]
        if isinstance(node, pyyaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, pyyaml.ScalarNode) or key_node.value == "<<":
                    raise Unusual
                key = str(scalar(key_node))
                if key in result:
                    raise Unusual  # ruamel reports the duplicate key with its line
                result[key] = build(value_node, depth + 1)
            return result
        raise Unusual

    return (None if root is None else build(root, 0)), root
