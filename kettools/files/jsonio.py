"""Every JSON read of a project file (bibliographies, policies, baselines): bounded depth.

`json.loads` recurses once per level and raises RecursionError on a document nested a
few thousand levels deep; what reads the data later (validation, jsonschema) recurses
too. `loads` turns both into one error with a line, at the same depth limit as YAML.
"""

from __future__ import annotations

import json
from typing import Any

from kettools.errors import KettoolsError
from kettools.files.yamlio import MAX_DEPTH


class JsonError(KettoolsError):
    """Unreadable JSON, with the 1-based line where it went wrong."""


def depth(data: Any) -> int:
    """How deeply lists and objects nest in `data` (counted without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            todo.extend(
                (child, level + 1) for child in (node.values() if isinstance(node, dict) else node)
            )
    return deepest


def loads(text: str) -> Any:
    """Parsed JSON; JsonError when invalid or nested deeper than MAX_DEPTH levels."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"invalid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise JsonError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if depth(data) > MAX_DEPTH:
        raise JsonError(f"JSON nested deeper than {MAX_DEPTH} levels")
    return data
