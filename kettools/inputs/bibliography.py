"""Load a CSL YAML or CSL JSON bibliography that must stay inside the sources folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kettools.errors import KettoolsError
from kettools.files import access, jsonio, yamlio
from kettools.files.text import is_text
from kettools.models.base import first_error
from kettools.models.reference import Reference


class BibliographyError(KettoolsError):
    """A bibliography that cannot be used, with the 1-based line of the problem."""


@dataclass(slots=True)
class Bibliography:
    path: Path
    references: dict[str, Reference] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # id -> 1-based line in the file


def resolve(article: Path, name: str, allowed: Path) -> Path:
    """The bibliography path, refused when it leaves `allowed` (symlinks followed)."""
    target = (article.parent / name).resolve()
    if not target.is_relative_to(allowed.resolve()):
        raise BibliographyError(f"bibliography '{name}' is outside {allowed}: refused")
    return target


def load_bibliography(path: Path, max_bytes: int | None = None) -> Bibliography:
    """Read a CSL YAML or JSON file; one larger than `max_bytes` is refused unread."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise BibliographyError(
                f"bibliography {path.name} is larger than max_file_bytes ({max_bytes})"
            )
        text = access.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise BibliographyError(f"cannot read bibliography {path.name}: {exc}") from None
    try:
        if path.suffix.lower() == ".json":
            items = jsonio.loads(text)
            lines: list[int] = []  # JSON items are reported at line 1
            if not is_text(json.dumps(items, ensure_ascii=False)):
                raise BibliographyError(f"{path.name}: a lone surrogate escape is not text")
        else:
            items, lines = yamlio.load_list(text, "references")
    except jsonio.JsonError as exc:
        raise BibliographyError(f"{path.name}: {exc}", exc.line) from None
    except yamlio.YamlError as exc:
        raise BibliographyError(f"{path.name}: {exc}", exc.line) from None
    if isinstance(items, dict) and isinstance(items.get("references"), list):
        items = items["references"]
    if not isinstance(items, list):
        raise BibliographyError(f"{path.name}: expected a list of CSL items")
    bib = Bibliography(path)
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else 1
        try:
            ref = Reference.model_validate(item)
        except ValidationError as exc:
            _, where, what = first_error(exc)
            raise BibliographyError(
                f"{path.name}: item {index + 1}: {where}: {what}", line
            ) from None
        if ref.id in bib.references:
            raise BibliographyError(f"{path.name}: duplicate id '{ref.id}'", line)
        bib.references[ref.id] = ref
        bib.lines[ref.id] = line
    return bib
