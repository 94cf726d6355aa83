"""The loaded-state cache: what a run builds from its inputs before checking the first
article (the project's catalog, the review's word lists), kept between runs.

    value = state.cached("catalog", inputs, build)

`inputs` are the bytes the value is built from (file contents, settings) and the code
that builds it (modules, whose source files are hashed); the value is built by `build()`
when no entry has that key, and an entry is read only under the key it was written with,
so a changed input, a changed kettools or a new Python or pydantic is a new entry, never
an old value. A cold start thus pays for reading one small file instead of parsing YAML,
validating models or parsing regular expressions again (docs/performance.md).

Trust, the results cache's rules (engine/cache.py, docs/decisions.md), and more: an entry
is a pickle, and unpickling can call any function it names, so an entry is used only
when it is signed (HMAC-SHA256 over its key and content) with this user's key,
`secret()`, kept with mode 600 in the user's cache folder (`$XDG_CACHE_HOME/kettools`,
else `~/.cache/kettools`), only from that folder when only this user can write to it
(made with mode 700), and it is read by `_Loader`, which builds only kettools' own
models, enums and records, dates and paths, and refuses every other name (a shell
command included) even in a signed entry. An entry that is unsigned, signed with another key,
truncated, unreadable or names anything else is ignored and written again; a value
that cannot be written only costs time. `KETTOOLS_STATE_CACHE=off` (or
`KETTOOLS_PATTERN_CACHE=off`, which turns every per-user cache off) builds everything.
At most `KEEP` entries of a name are kept (one per project and version in use).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import hmac
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")

_MAGIC = b"kettools-state 1\n"
_KEY_BYTES = 32
_VARIABLES = ("KETTOOLS_STATE_CACHE", "KETTOOLS_PATTERN_CACHE")
#: Entries kept per name; older ones (by modification time) are removed when one is written.
KEEP = 8


def _home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kettools"


@functools.cache
def secret() -> bytes | None:
    """This user's signing key (made on first use), or None when it cannot be kept.

    A new key is written whole to a temporary file and linked into place, so runs that
    start at once on a fresh machine all read the same complete key."""
    path = _home() / "cache.key"
    for _ in range(3):
        try:
            data = path.read_bytes()
            return data if len(data) >= _KEY_BYTES else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        import tempfile  # here: only the first run on a machine makes a key

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent)  # mode 600
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(os.urandom(_KEY_BYTES))
                with contextlib.suppress(FileExistsError):  # another run was first
                    os.link(tmp, path)
            finally:
                os.unlink(tmp)
        except OSError:
            return None
    return None


def private(folder: Path) -> bool:
    """The folder exists (made here with mode 700) and only this user can write to it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


@functools.cache
def _folder() -> Path | None:
    if any(os.environ.get(v, "").lower() in ("off", "0", "no", "false") for v in _VARIABLES):
        return None
    folder = _home() / "state"
    return folder if private(_home()) and private(folder) else None


@functools.cache
def _module(module: ModuleType) -> bytes:
    """The hash of a module that builds a value: its name and source (once per process:
    a run hashes the same few modules into most of its keys)."""
    name = getattr(module, "__file__", None) or ""
    try:
        source = Path(name).read_bytes()
    except OSError:
        source = f"<unreadable {module.__name__}>".encode()
    return hashlib.sha256(b"module " + module.__name__.encode() + b"\0" + source).digest()


def key(name: str, inputs: Iterable[bytes | str | ModuleType]) -> str:
    """The hash of everything a value is built from: this Python and pydantic, the
    kettools version, each input's bytes or text, each module's source."""
    from kettools import __version__

    pydantic = sys.modules.get("pydantic")
    build = f"{sys.version}\0{getattr(pydantic, 'VERSION', '')}\0{__version__}\0{name}\0"
    digest = hashlib.sha256(build.encode())
    for item in inputs:
        if isinstance(item, ModuleType):
            part = _module(item)
        elif isinstance(item, str):
            part = hashlib.sha256(b"text " + item.encode("utf-8", "surrogatepass")).digest()
        else:
            part = hashlib.sha256(b"bytes " + item).digest()
        digest.update(part)
    return digest.hexdigest()


def _mac(secret_key: bytes, entry: str, body: bytes) -> bytes:
    return hmac.new(secret_key, entry.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()


def cached(name: str, inputs: Iterable[bytes | str | ModuleType], build: Callable[[], T]) -> T:
    """The value `build()` returns for these inputs, from the cache when a signed entry
    has their key (see the module's documentation); errors `build` raises pass through."""
    folder = _folder()
    secret_key = secret() if folder is not None else None
    if folder is None or secret_key is None:
        return build()
    entry = f"{name}-{key(name, inputs)[:40]}"
    path = folder / f"{entry}.bin"
    found = _read(path, secret_key, entry)
    if found is not None:
        return found[0]  # type: ignore[return-value]
    value = build()
    _write(folder, name, path, secret_key, entry, value)
    return value


#: What an entry may name besides kettools' own models, enums and records.
_ALLOWED = {("datetime", "date"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath")}
#: kettools' modules whose classes an entry may name: models, and the records of inputs.
_OWN = ("kettools.models.", "kettools.inputs.")


def _record(cls: type, module: str) -> bool:
    """A class of `module` whose call only stores or checks values: a pydantic model, an
    enumeration or a dataclass (no kettools class with side effects can be named)."""
    from pydantic import BaseModel

    plain = issubclass(cls, (BaseModel, enum.Enum)) or dataclasses.is_dataclass(cls)
    return cls.__module__ == module and plain


class _Loader(pickle.Unpickler):
    """An unpickler that builds only the values this cache keeps (see the module's
    documentation): any other name in an entry is an error, never a call."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (
            module.startswith(_OWN) and module in sys.modules and name.isidentifier()
        ):
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and ((module, name) in _ALLOWED or _record(found, module)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in the state cache")


def _read(path: Path, secret_key: bytes, entry: str) -> tuple[object] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    mac, body = data[head : head + 64], data[head + 65 :]
    if not data.startswith(_MAGIC) or not hmac.compare_digest(mac, _mac(secret_key, entry, body)):
        return None
    try:
        return (_Loader(io.BytesIO(body)).load(),)
    except Exception:  # a class that moved since: build the value again
        return None


def _write(folder: Path, name: str, path: Path, secret_key: bytes, entry: str, value: T) -> None:
    from kettools.files.atomic import write_bytes

    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that cannot be kept only costs time
        return
    with contextlib.suppress(OSError):
        write_bytes(path, _MAGIC + _mac(secret_key, entry, body) + b"\n" + body)
        others = sorted(folder.glob(f"{name}-*.bin"), key=lambda p: p.stat().st_mtime)
        for old in others[:-KEEP]:
            old.unlink(missing_ok=True)
