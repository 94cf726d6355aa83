"""What a run loads once and shares with every file: config, catalog, policies, rules,
the analyzer and bibliographies; and which files a run covers."""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from kettools.checks import policies as policy_mod
from kettools.checks import registry
from kettools.checks.rules import RULES, Rule
from kettools.errors import KettoolsError
from kettools.files import access, packaged, state
from kettools.files.names import display_path, printable
from kettools.ingest import is_article
from kettools.inputs.bibliography import Bibliography, BibliographyError, load_bibliography
from kettools.inputs.catalog import DEFAULT_FOLDER, load_catalog
from kettools.inputs.config import Config
from kettools.language.analysis import Analyzer
from kettools.models.catalog import Catalog
from kettools.models.finding import CATEGORIES

__all__ = ["Project", "UsageError", "discover", "display_path", "printable"]


class UsageError(KettoolsError):
    """A path or option the engine cannot use (exit code 2)."""


class Project:
    """What is loaded once per run and shared by every file."""

    __slots__ = ("_analyzer", "bibliographies", "catalog", "config", "policies", "rules", "today")

    def __init__(
        self,
        config: Config,
        today: dt.date,
        catalog: Catalog,
        policies: list[policy_mod.Policy],
        rules: list[Rule],
    ) -> None:
        self.config = config
        self.today = today
        self.catalog = catalog
        self.policies = policies
        self.rules = rules
        self.bibliographies: dict[Path, Bibliography | BibliographyError] = {}
        self._analyzer: Analyzer | None = None

    @property
    def analyzer(self) -> Analyzer:
        """The sentence analysis, built on first use: compiling its lexicons is most of a
        run's start-up, and a run whose files all come from the cache never needs it."""
        if self._analyzer is None:
            self._analyzer = Analyzer(self.catalog)
        return self._analyzer

    @classmethod
    def load(cls, config: Config, today: dt.date) -> Project:
        catalog = _catalog(config)
        policies = policy_mod.load_configured(config.root, config.policies)
        check_selectors(config, policies)
        return cls(
            config=config,
            today=today,
            catalog=catalog,
            policies=policies,
            rules=[rule() for rule in RULES],
        )

    def bibliography(self, path: Path) -> Bibliography:
        if path not in self.bibliographies:
            try:
                self.bibliographies[path] = _bibliography(path, self.config.max_file_bytes)
            except BibliographyError as exc:
                self.bibliographies[path] = exc
        loaded = self.bibliographies[path]
        if isinstance(loaded, BibliographyError):
            raise loaded
        return loaded


def _catalog(config: Config) -> Catalog:
    """The project's catalog, from the loaded-state cache when its files are unchanged
    (reading and validating them is a fifth of a one-file run's own work)."""
    required = "catalog" in config.model_fields_set
    folder, limit = config.catalog_dir, config.max_file_bytes

    def build() -> Catalog:
        return load_catalog(folder, limit, required=required)

    inputs: list[bytes | str] = [str(folder.resolve()), f"{limit}\0{required}"]
    try:
        for where in (DEFAULT_FOLDER, *((folder,) if folder.is_dir() else ())):
            for path in access.listdir(where):
                inputs += [path.name, access.read_bytes(path, limit)]
    except OSError:  # the loader says what is wrong
        return build()
    return state.cached("catalog", [*inputs, *_input_code()], build)


def _bibliography(path: Path, limit: int | None) -> Bibliography:
    """A bibliography, from the loaded-state cache while its bytes are unchanged."""
    try:
        data = access.read_bytes(path, limit)
    except OSError:  # the loader says what is wrong
        return load_bibliography(path, limit)
    inputs: list[bytes | str] = [str(path), str(limit), data, *_input_code()]
    return state.cached("bibliography", inputs, lambda: load_bibliography(path, limit))


@cache
def _input_code() -> tuple[str, ...]:
    """The code that reads and validates catalogs and bibliographies, as the sizes and
    times of the files of its layers (fingerprinting all of kettools would cost 6 ms)."""
    return tuple(packaged.fingerprint(packaged.PACKAGE_DIR / layer) for layer in _INPUT_LAYERS)


_INPUT_LAYERS = ("files", "models", "inputs")


def check_selectors(config: Config, policies: list[policy_mod.Policy]) -> None:
    """Every code, name or category in select, ignore and severity must exist: a typo
    ("KT2O1") would otherwise check nothing, or ignore nothing, without a word."""
    declared = registry.entries(policies)
    codes = [e.code for e in declared]
    names = [e.name for e in declared]
    known = set(codes) | set(names) | set(CATEGORIES)
    for option, given in (
        ("select", config.select),
        ("ignore", config.ignore),
        ("severity", list(config.severity)),
    ):
        unknown = [s for s in given if s not in known]
        if unknown:
            raise UsageError(
                f"{option}: unknown code, name or category {', '.join(repr(u) for u in unknown)};"
                f" valid categories: {', '.join(CATEGORIES)};"
                f" codes: {', '.join(sorted(set(codes)))}"
                " (names: see 'kettools rules')"
            )


def _glob(rel: str, pattern: str) -> bool:
    """fnmatch, where a leading `**/` also matches no folder at all."""
    return fnmatch(rel, pattern) or (pattern.startswith("**/") and fnmatch(rel, pattern[3:]))


def discover(paths: list[Path], config: Config) -> list[Path]:
    """Article files under `paths`, sorted; a missing path is a usage error."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            try:  # an unreadable subfolder is an error, never silently fewer files
                everything = sorted(access.walk(path))
            except OSError as exc:
                raise UsageError(f"{exc.filename}: cannot read folder: {exc.strerror}") from None
            for candidate in everything:
                rel = candidate.relative_to(path).as_posix()
                if not candidate.is_file() or not is_article(candidate):
                    continue
                if any(_glob(rel, g) for g in config.exclude):
                    continue
                if any(_glob(rel, g) for g in config.include):
                    found.append(candidate)
        else:
            raise UsageError(f"{path}: no such file or directory")
    # the same file named twice (`a.md ./a.md`, or a file and its folder) is checked once
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
