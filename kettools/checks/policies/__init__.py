"""Policies: JSON Schema (Draft 2020-12) files with an `x-kettools` annotation.

Each policy is checked against the metaschema when loaded, compiled once with
jsonschema-rs using its linear-time regular-expression engine (a pattern cannot hang a
run), and applied to every claim record or to the article record.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema_rs
from pydantic import ValidationError

from kettools.errors import KettoolsError
from kettools.files import access, jsonio
from kettools.files.packaged import PACKAGE_DIR
from kettools.files.text import is_text
from kettools.models.base import first_error
from kettools.models.policy import PolicyMeta


class PolicyError(KettoolsError):
    """A policy file that cannot be used: one line naming the file."""


class Policy(NamedTuple):
    path: Path
    meta: PolicyMeta
    schema: dict[str, Any]
    validator: Any  # a jsonschema_rs validator

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name

    def errors(self, instance: dict[str, Any]) -> list[tuple[list[str | int], str]]:
        """(instance path, message) of each violation."""
        return [(list(e.instance_path), e.message) for e in self.validator.iter_errors(instance)]


def builtin_dir() -> Path:
    """The packaged policies (`kettools/_schemas/policies` in a wheel, `schemas/` in a checkout)."""
    return schemas_dir() / "policies"


@cache
def schemas_dir() -> Path:
    packaged = PACKAGE_DIR / "_schemas"
    if packaged.is_dir():
        return packaged
    return packaged.parents[1] / "schemas"  # the checkout beside the package


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def check_metaschema(path: Path, schema: dict[str, Any]) -> None:
    """Refuse a policy that is not valid Draft 2020-12. jsonschema-rs checks quickly;
    python-jsonschema is imported only to explain a failure (it names the place)."""
    declared = schema.get("$schema", DRAFT_2020_12)
    if declared.rstrip("#") != DRAFT_2020_12:
        raise PolicyError(f"{path}: policies are JSON Schema Draft 2020-12, not {declared}")
    if jsonschema_rs.meta.is_valid({**schema, "$schema": DRAFT_2020_12}):
        return
    import jsonschema

    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(root)"
        raise PolicyError(f"{path}: not a valid JSON Schema at {where}: {exc.message}") from None
    raise PolicyError(f"{path}: not a valid JSON Schema (Draft 2020-12 metaschema)")


def load_policy(path: Path) -> Policy:
    try:
        schema = jsonio.loads(access.read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read: {exc}") from None
    except jsonio.JsonError as exc:
        raise PolicyError(f"{path}:{exc.line}: {exc}") from None
    if not isinstance(schema, dict):
        raise PolicyError(f"{path}:1: a policy must be a JSON object")
    if not is_text(json.dumps(schema, ensure_ascii=False)):
        raise PolicyError(f"{path}: a \\u escape of a lone surrogate is not text")
    check_metaschema(path, schema)
    try:
        meta = PolicyMeta.model_validate(schema.get("x-kettools"))
    except ValidationError as exc:
        _, field, what = first_error(exc)
        raise PolicyError(f"{path}: x-kettools.{field or 'x-kettools'}: {what}") from None
    try:
        validator = jsonschema_rs.Draft202012Validator(
            schema, pattern_options=jsonschema_rs.RegexOptions()
        )
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        raise PolicyError(f"{path}: cannot compile: {' '.join(str(exc).split())[:300]}") from None
    return Policy(path, meta, schema, validator)


def load_policies(extra: list[Path] | None = None) -> list[Policy]:
    """Built-in policies, then those in each extra folder; codes must be unique."""
    policies: list[Policy] = []
    seen: dict[str, Path] = {}
    for folder in [builtin_dir(), *(extra or [])]:
        if not folder.is_dir():
            raise PolicyError(f"{folder}: policy folder not found")
        try:
            paths = [p for p in access.listdir(folder) if p.suffix == ".json"]
        except OSError as exc:  # unreadable or outside the project: never no policies
            reason = exc.strerror or exc
            raise PolicyError(f"{folder}: cannot read policy folder: {reason}") from None
        for path in paths:
            policy = load_policy(path)
            if policy.code in seen:
                raise PolicyError(
                    f"{path}: code {policy.code} is already used by {seen[policy.code]}"
                )
            seen[policy.code] = path
            policies.append(policy)
    return policies


def load_configured(root: Path, folders: list[str]) -> list[Policy]:
    """Built-in policies plus the project's configured folders (relative to `root`)."""
    return load_policies([(root / folder).resolve() for folder in folders])
