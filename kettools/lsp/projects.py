"""The projects a language server checks in: each loaded once, reloaded when its inputs change.

A project is found from the article's path, as `check` finds it (the nearest
`kettools.toml` or `pyproject.toml` with `[tool.kettools]`). Before every check the
server compares a stamp of what the loaded project was built from (the config file,
the catalog, the policy folders, the bibliographies and other data files in the
sources folder, and the run date) with the files on disk, and loads the project again
when it differs: an editor's change to the catalog or a bibliography is picked up on
the next keystroke, with or without the client's file-change notifications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kettools import engine
from kettools.engine import Project
from kettools.inputs.config import Config, find_config_file, load_config
from kettools.results import FileResult

Stamp = tuple[object, ...]


def _files(config: Config) -> list[Path]:
    """Every file a loaded project depends on (sidecars are read on each check anyway)."""
    found: list[Path] = []
    if config.catalog_dir.is_dir():
        found += config.catalog_dir.rglob("*.y*ml")
    for folder in config.policies:
        path = (config.root / folder).resolve()
        if path.is_dir():
            found += (p for p in path.rglob("*") if p.is_file())
    if config.sources_dir.is_dir():
        for pattern in ("*.yaml", "*.yml", "*.json"):
            found += (
                p for p in config.sources_dir.rglob(pattern) if not p.name.endswith(".claims.yaml")
            )
    return sorted(set(found))


def _mark(path: Path) -> tuple[object, ...]:
    try:
        info = path.stat()
    except OSError:
        return (path, None)
    return (path, info.st_size, info.st_mtime_ns)


def stamp(config_file: Path | None, config: Config | None, today: dt.date) -> Stamp:
    """What a project was loaded from: paths, sizes and modification times, and the date."""
    paths = ([config_file] if config_file else []) + (_files(config) if config else [])
    return (today, config_file, *(_mark(p) for p in paths))


@dataclass(slots=True)
class Loaded:
    stamp: Stamp
    project: Project
    bibliographies: dict[Path, tuple[object, ...]] = field(default_factory=dict)

    def forget_changed_bibliographies(self) -> None:
        """A bibliography outside the sources folder is not in the stamp: the project
        forgets one whose file changed since it was read, and reads it again."""
        for path, mark in list(self.bibliographies.items()):
            if _mark(path) != mark:
                self.project.bibliographies.pop(path, None)
                del self.bibliographies[path]
        for path in self.project.bibliographies:
            self.bibliographies.setdefault(path, _mark(path))


class Projects:
    """Loaded projects by config file; `check` checks an editor's text in its project."""

    def __init__(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.loaded: dict[Path | None, Loaded] = {}
        self.loads = 0  # how many times a project was (re)loaded: for tests and logs

    def project(self, path: Path) -> Project:
        """The project of the article at `path`, reloaded when its inputs changed; raises
        the loading errors `check` reports (ConfigError, CatalogError, PolicyError...)."""
        return self._loaded(path).project

    def _loaded(self, path: Path) -> Loaded:
        config_file = find_config_file(path)
        today = self.today()
        known = self.loaded.get(config_file)
        if known is not None and known.stamp == stamp(config_file, known.project.config, today):
            known.forget_changed_bibliographies()
            return known
        self.loaded.pop(config_file, None)
        config = load_config(path)
        loaded = Loaded(stamp(config_file, config, today), Project.load(config, today))
        self.loads += 1
        self.loaded[config_file] = loaded
        return loaded

    def check(self, path: Path, text: str) -> FileResult:
        """The findings `kettools check` gives for `path` if it held `text`."""
        loaded = self._loaded(path)
        shown = engine.display_path(path)
        result = engine.check_file(loaded.project, path, shown, text.encode("utf-8"))
        loaded.forget_changed_bibliographies()  # marks the bibliographies read just now
        return result
