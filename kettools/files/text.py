"""Text that every output encoding accepts."""

from __future__ import annotations


def is_text(value: str) -> bool:
    """False for a string holding a lone surrogate (which no output encoding accepts)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
