"""The content-hash cache of check results (`.kettools_cache/`, `--no-cache`).

An entry's key hashes everything a file's findings depend on: the kettools version
and its installed files, the configuration, the run date (review ages), the policy
files, the catalog, every bibliography-like file in the sources folder, the file's
displayed path, its bytes and its sidecar's bytes. A changed input gives a new key;
old entries are never read again. An entry that cannot be read or parsed is ignored
and rebuilt. Writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from kettools import __version__, packaged
from kettools.atomic import write_text
from kettools.models.finding import Finding
from kettools.project import Project
from kettools.review.model import Review

FOLDER = ".kettools_cache"
_FORMAT = 2  # 2: entries carry the article review


def _hash_files(digest: hashlib._Hash, paths: list[Path]) -> None:
    for path in sorted(paths):
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")


#: kettools' own files do not change during a run (a daemon's fork checks them first).
_code_fingerprint = cache(packaged.fingerprint)


def project_key(project: Project) -> str:
    """What every entry of this run depends on besides the file itself."""
    config = project.config
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{project.today}\0".encode())
    digest.update(_code_fingerprint().encode())
    digest.update(config.model_dump_json().encode())
    _hash_files(digest, [p.path for p in project.policies])
    if config.catalog_dir.is_dir():
        _hash_files(digest, list(config.catalog_dir.rglob("*.y*ml")))
    if config.sources_dir.is_dir():
        data = [p for s in ("*.yaml", "*.yml", "*.json") for p in config.sources_dir.rglob(s)]
        _hash_files(digest, [p for p in data if not p.name.endswith(".claims.yaml")])
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path, project: Project) -> None:
        self.folder = folder
        self.base = project_key(project)

    def key(self, path: Path, shown: str) -> str | None:
        digest = hashlib.sha256(f"{self.base}\0{shown}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            return None  # unreadable files are not cached
        sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".claims.yaml")
        if sidecar.is_file():
            _hash_files(digest, [sidecar])
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[list[Finding], bool, Review | None] | None:
        """(findings, unreadable, review), or None when absent or corrupt."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            findings = [Finding.model_validate(f) for f in data["findings"]]
            review = Review.model_validate(data["review"]) if data["review"] else None
            return findings, bool(data["unreadable"]), review
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def put(
        self, key: str, findings: list[Finding], unreadable: bool, review: Review | None = None
    ) -> None:
        data = {
            "findings": [f.to_dict() for f in findings],
            "unreadable": unreadable,
            "review": review.model_dump(mode="json") if review else None,
        }
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_text(self._path(key), json.dumps(data, ensure_ascii=False))
