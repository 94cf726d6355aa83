"""The structural JSON Schemas in `schemas/`, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from kettools.models import FindingsReport, FrontMatter, Reference, Sidecar
from kettools.models.catalog import ConditionsFile, DrugFile
from kettools.models.claims import ArticleRecord, ClaimRecord
from kettools.models.policy import PolicyMeta

BASE = "https://kettools.invalid/schemas/"

MODELS: dict[str, Any] = {
    "findings.schema.json": FindingsReport,
    "frontmatter.schema.json": FrontMatter,
    "claim.schema.json": ClaimRecord,
    "claims.schema.json": Sidecar,
    "article-record.schema.json": ArticleRecord,
    "bibliography.schema.json": list[Reference],
    "catalog-drug.schema.json": DrugFile,
    "catalog-conditions.schema.json": ConditionsFile,
    "policy-annotation.schema.json": PolicyMeta,
}


def generate(name: str) -> str:
    model = MODELS[name]
    if isinstance(model, type) and issubclass(model, BaseModel):
        schema = model.model_json_schema(by_alias=True)
    else:
        schema = TypeAdapter(model).json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + name,
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def drift(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name in MODELS:
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != generate(name):
            stale.append(name)
    return stale


def write(folder: Path) -> list[str]:
    from kettools.files.atomic import write_text

    written = []
    for name in MODELS:
        path = folder / name
        text = generate(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text(path, text)
            written.append(name)
    return written
