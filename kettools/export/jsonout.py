"""Deterministic JSON text, byte-identical to `json.dumps(data, sort_keys=True, indent=2,
ensure_ascii=...) + "\\n"` but about twice as fast (the standard encoder falls back to pure
Python whenever `indent` is set). Only JSON data: dict (str keys), list, str, int, float, bool,
None.
"""

from __future__ import annotations

import json
from typing import Any

_encode_ascii = json.encoder.encode_basestring_ascii
_encode_utf8 = json.encoder.encode_basestring


def dumps(data: Any, *, ensure_ascii: bool = True) -> str:
    """Indented (2 spaces), sorted keys, trailing newline."""
    encode = _encode_ascii if ensure_ascii else _encode_utf8
    out: list[str] = []
    append = out.append

    def write(value: Any, indent: str) -> None:
        if isinstance(value, str):
            append(encode(value))
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = indent + "  "
            append("{")
            first = True
            for key in sorted(value):
                append(("\n" if first else ",\n") + inner + encode(key) + ": ")
                first = False
                write(value[key], inner)
            append("\n" + indent + "}")
        elif isinstance(value, list):
            if not value:
                append("[]")
                return
            inner = indent + "  "
            append("[")
            first = True
            for item in value:
                append(("\n" if first else ",\n") + inner)
                first = False
                write(item, inner)
            append("\n" + indent + "]")
        elif value is None or isinstance(value, bool | int | float):
            append(json.dumps(value))
        else:
            raise TypeError(f"not JSON data: {type(value).__name__}")

    write(data, "")
    append("\n")
    return "".join(out)
