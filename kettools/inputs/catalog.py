"""Load the catalog: the default one shipped in `kettools/data/catalog/`, merged with the
project's catalog folder (`<drug>.yaml` files with key `drug`, and `conditions.yaml`).

A project's drug or condition replaces the default one with the same id; every other
default entry stays, so caveat and regulatory checks work in an editor's repository
that has no catalog of its own. A catalog folder set in the configuration that does not
exist is an error; the default `sources/catalog` may be absent.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from pydantic import ValidationError

from kettools.errors import KettoolsError
from kettools.files import access, yamlio
from kettools.models.base import first_error
from kettools.models.catalog import Catalog, ConditionsFile, DrugFile


class CatalogError(KettoolsError):
    """A catalog file that cannot be used: one line with file and line."""


def validation_message(path: Path, tree: object, exc: ValidationError) -> str:
    """`file:line: field: problem` for the first error of a YAML document."""
    loc, field, what = first_error(exc)
    return f"{path}:{yamlio.line_of(tree, loc)}: {field}: {what}"


DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "data" / "catalog"


def load_catalog(
    folder: Path, max_bytes: int | None = None, *, required: bool = False, default: bool = True
) -> Catalog:
    """The default catalog (unless `default` is false) merged with every catalog file in
    `folder`; a file larger than `max_bytes` is refused unread. A missing `folder` is an
    error when `required` (it was configured)."""
    catalog = _load_folder(DEFAULT_FOLDER, None, Catalog()) if default else Catalog()
    if not folder.is_dir():
        if required:
            raise CatalogError(f"{folder}: the configured catalog folder does not exist")
        return catalog
    return _load_folder(folder, max_bytes, catalog)


def _load_folder(folder: Path, max_bytes: int | None, catalog: Catalog) -> Catalog:
    try:
        paths = [p for p in access.listdir(folder) if fnmatch(p.name, "*.y*ml")]
    except OSError as exc:  # unreadable or outside the project: never an empty catalog
        reason = exc.strerror or exc
        raise CatalogError(f"{folder}: cannot read catalog folder: {reason}") from None
    for path in paths:
        try:
            if max_bytes is not None and path.stat().st_size > max_bytes:
                raise CatalogError(f"{path}:1: larger than max_file_bytes ({max_bytes})")
            text = access.read_text(path)
            data = yamlio.load(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}:1: cannot read: {exc}") from None
        except yamlio.YamlError as exc:
            raise CatalogError(f"{path}:{exc.line}: {exc}") from None
        try:
            if isinstance(data, dict) and "drug" in data:
                drug = DrugFile.model_validate(data).drug
                catalog.drugs[drug.id] = drug
            elif isinstance(data, dict) and "conditions" in data:
                for condition in ConditionsFile.model_validate(data).conditions:
                    catalog.conditions[condition.id] = condition
            else:
                raise CatalogError(f"{path}:1: expected a top-level 'drug' or 'conditions' key")
        except ValidationError as exc:  # read again with positions, for the line
            raise CatalogError(validation_message(path, yamlio.load_tree(text), exc)) from None
    return catalog
