"""Layered, strict configuration: packaged defaults, then `[tool.kettools]` in
`pyproject.toml` (or a `kettools.toml`), then command-line flags.

The file is found by walking up from the first checked path. An unknown key is an
error that names the file and the key.
"""

import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from kettools.errors import KettoolsError
from kettools.files import access, state
from kettools.models.base import Model, empty_list

FailOn = Literal["error", "warning", "info", "never"]


class ConfigError(KettoolsError):
    """Bad configuration: one line naming the file (and key)."""


class Readability(Model):
    """Highest acceptable US school grade (SMOG and Flesch-Kincaid) per audience."""

    patients: float = 8.0
    general: float = 10.0
    clinicians: float = 16.0


class Config(Model):
    root: Path = Field(default=Path("."), description="The project folder (set by discovery).")
    sources: str = Field(default="sources", description="Folder of articles, relative to root.")
    include: list[str] = Field(
        default_factory=lambda: ["**/*.md", "**/*.txt", "**/*.html"],
        description="Globs of article files inside a checked folder.",
    )
    exclude: list[str] = Field(
        default_factory=lambda: ["**/README.md"], description="Globs of files to skip."
    )
    catalog: str = Field(
        default="sources/catalog",
        description="Catalog folder, relative to root, merged with the default catalog "
        "shipped in kettools; set here, it must exist.",
    )
    policies: list[str] = Field(default_factory=empty_list, description="Extra policy folders.")
    fail_on: FailOn = Field(default="error", description="Lowest severity that makes exit 1.")
    select: list[str] = Field(
        default_factory=empty_list, description="Only these codes, names or categories."
    )
    ignore: list[str] = Field(
        default_factory=empty_list, description="Leave out these codes, names or categories."
    )
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="Severity overrides: code, name or category -> severity."
    )
    readability: Readability = Field(
        default_factory=Readability, description="Highest school grade per audience."
    )
    max_source_age_years: int = Field(
        default=15, ge=1, description="Sources older than this, cited as current, are flagged."
    )
    max_file_bytes: int = Field(
        default=20_000_000,
        ge=1000,
        description="Larger articles, sidecars, bibliographies and catalog files are refused.",
    )
    leaflet_template: str | None = Field(
        default=None, description="A Jinja2 leaflet template replacing the packaged one."
    )
    leaflet_css: str | None = Field(
        default=None, description="A stylesheet replacing the packaged leaflet.css."
    )
    leaflet_page_size: Literal["a4", "letter"] = Field(
        default="a4", description="Leaflet page size."
    )

    @field_validator("sources", "catalog", "policies", "leaflet_template", "leaflet_css")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and "\0" in item:
                raise ValueError("a path may not contain a NUL character")
        return value

    @property
    def sources_dir(self) -> Path:
        return (self.root / self.sources).resolve()

    @property
    def catalog_dir(self) -> Path:
        return (self.root / self.catalog).resolve()


def find_config_file(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in ("kettools.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file() and (name == "kettools.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures kettools (a broken one that mentions it does)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "tool.kettools" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "kettools" in tool


def _table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    table = tool.get("kettools", {} if path.name == "pyproject.toml" else data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kettools] must be a table")
    return table


def load_config(
    start: Path, overrides: dict[str, Any] | None = None, named: Sequence[Path] = ()
) -> Config:
    """Defaults, then the nearest config file above `start`, then `overrides` (flags).

    Confines every later read (`kettools.files.access`) to the project root and the `named`
    paths (those given on the command line)."""
    path = find_config_file(start)
    values: dict[str, Any] = {}
    root = Path.cwd()
    if path is not None:
        values = {k.replace("-", "_"): v for k, v in _table(path).items()}
        if "root" in values:
            raise ConfigError(
                f"{path}: unknown key 'root' in [tool.kettools] (the root is this file's folder)"
            )
        root = path.parent
    values["root"] = root
    values.update({k: v for k, v in (overrides or {}).items() if v not in (None, (), [])})
    try:
        # Kept in the loaded-state cache: building the model's validator was 4 ms of a run.
        inputs: list[str | ModuleType] = [
            repr(values),
            sys.modules[__name__],
            sys.modules[Model.__module__],
        ]
        config = state.cached("config", inputs, lambda: Config.model_validate(values))
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        where = str(path) if path is not None else "command line"
        if error["type"] == "extra_forbidden":
            raise ConfigError(f"{where}: unknown key '{key}' in [tool.kettools]") from None
        raise ConfigError(f"{where}: {key}: {error['msg']}") from None
    access.confine(config.root, *named)
    return config
