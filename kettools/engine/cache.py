"""The content-hash cache of check results (`.kettools_cache/`, `--no-cache`).

An entry's key hashes everything a file's findings depend on that is known before the
file is read: the kettools version and its installed files, the configuration, the run
date (review ages), the policy files, the catalog, the file's displayed path, its bytes
and its sidecar's bytes. Files found while reading it (its bibliography, wherever it is
and whatever its name) are listed in the entry with their hashes, and the entry is used
only while each still has that hash. A changed input gives a new key or a stale entry;
either way the file is checked again.

Trust: the cache folder is inside the project, so a pull request can add entries to it.
An entry is therefore signed (HMAC-SHA256 over its content and key) with a random key
kept outside the project, in the user's cache folder (`$XDG_CACHE_HOME/kettools/
cache.key`, else `~/.cache/kettools/cache.key`, mode 600, made on first use). An entry
that is unsigned, signed with another key, unreadable, corrupt or nested too deeply is
ignored and rebuilt; without a usable key nothing is cached. Writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kettools import __version__
from kettools.engine.project import Project
from kettools.files import jsonio, packaged
from kettools.files.atomic import write_text
from kettools.files.state import secret
from kettools.models.finding import Finding
from kettools.models.review import Review

FOLDER = ".kettools_cache"
_FORMAT = 3  # 3: entries are signed and carry the article review


def _digest(path: Path) -> str:
    """The hash of a file as read through `path`, and of where it really is."""
    digest = hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape") + b"\0")
    try:
        digest.update(path.read_bytes())
    except OSError as exc:
        digest.update(f"<{exc.errno}>".encode())
    return digest.hexdigest()


def _hash_files(digest: hashlib._Hash, paths: list[Path]) -> None:
    for path in sorted(paths):
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")


#: kettools' own files do not change during a run.
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
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path, project: Project) -> None:
        self.folder = folder
        self.base = project_key(project)
        root = os.path.realpath(project.config.root)
        inside = Path(os.path.realpath(folder)).is_relative_to(root)
        # a cache folder that a symlink leads outside the project is not written through
        self.secret = secret() if inside else None

    def _mac(self, key: str, body: dict[str, Any]) -> str:
        assert self.secret is not None
        text = f"{key}\0{json.dumps(body, ensure_ascii=False)}".encode("utf-8", "surrogatepass")
        return hmac.new(self.secret, text, hashlib.sha256).hexdigest()

    def key(self, path: Path, shown: str) -> str | None:
        if self.secret is None:
            return None  # no signing key: no cache
        digest = hashlib.sha256(f"{self.base}\0{shown}\0".encode("utf-8", "surrogatepass"))
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
        """(findings, unreadable, review), or None when absent, forged, stale or corrupt."""
        try:
            data = jsonio.loads(self._path(key).read_text(encoding="utf-8"))
            mac = data.pop("mac")
            if not hmac.compare_digest(str(mac), self._mac(key, data)):
                return None
            for name, digest in data["inputs"].items():
                if _digest(Path(name)) != digest:
                    return None
            findings = [Finding.model_validate(f) for f in data["findings"]]
            review = Review.model_validate(data["review"]) if data["review"] else None
            return findings, bool(data["unreadable"]), review
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            return None  # jsonio.JsonError (deeply nested) is a ValueError

    def put(
        self,
        key: str,
        findings: list[Finding],
        unreadable: bool,
        inputs: list[Path],
        review: Review | None = None,
    ) -> None:
        """Store a file's result; `inputs` are the other files it was read from."""
        data: dict[str, Any] = {
            "findings": [f.to_dict() for f in findings],
            "unreadable": unreadable,
            "inputs": {os.path.abspath(p): _digest(p) for p in inputs},
            "review": review.model_dump(mode="json") if review else None,
        }
        data["mac"] = self._mac(key, data)
        with contextlib.suppress(OSError, UnicodeError):  # a cache unwritten only costs time
            write_text(self._path(key), json.dumps(data, ensure_ascii=False))
