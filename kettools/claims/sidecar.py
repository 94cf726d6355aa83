"""The claims sidecar `<slug>.claims.yaml`: load it, merge fresh claims into it, write it.

Extraction never destroys what an editor wrote:

- `review` is the editor's and is never rewritten; `caveats` become the union of the
  editor's and the detected ones (editor's first); `review.evidence` overrides `evidence`.
- Every other field is refreshed from the article.
- A claim whose sentence disappeared is kept with `stale: true`; it is `stale: false`
  again when the sentence comes back (the id is derived from the sentence).
- The YAML tree is updated in place (ruamel round trip), so comments, key order and
  quoting survive. Comment lines written above a claim travel with that claim when the
  claims are reordered; comment lines at the end of the file stay at the end.
- Claims are in article order, stale ones after them sorted by id; the same input gives
  byte-identical output, and a second run changes nothing.
- Writes are atomic, under an exclusive lock on `<sidecar>.lock` (POSIX), so two runs
  at once are serialised and each merges into what the other wrote.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from kettools.files import access, yamlio
from kettools.files.atomic import write_text
from kettools.files.names import printable
from kettools.models.base import first_error
from kettools.models.claims import ClaimRecord, Sidecar

if TYPE_CHECKING:  # ruamel is imported only to write a sidecar or place an error
    from ruamel.yaml.comments import CommentedMap

try:  # POSIX; elsewhere concurrent runs are last-writer-wins (each write is still atomic)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".claims.yaml"


class SidecarError(yamlio.YamlError):
    """A sidecar that cannot be used; `str()` is `path:line: reason`."""

    def __init__(self, path: Path | str, reason: str, line: int = 1, excerpt: str = "") -> None:
        super().__init__(f"{Path(path).as_posix()}:{line}: {reason}", line)
        self.path = Path(path)
        self.reason = reason
        self.excerpt = excerpt


class Loaded:
    """A valid sidecar: its text, its records and (read only when a write needs it) its
    round-trip tree."""

    __slots__ = ("_tree", "sidecar", "text")

    def __init__(self, text: str, sidecar: Sidecar) -> None:
        self.text = text
        self.sidecar = sidecar
        self._tree: CommentedMap | None = None

    @property
    def tree(self) -> CommentedMap:
        if self._tree is None:
            self._tree = yamlio.load_tree(self.text)
        return self._tree


def sidecar_path(article: Path) -> Path:
    """`<slug>.claims.yaml` beside the article (slug: the file name without its suffix)."""
    return article.with_name(article.stem + SUFFIX)


# ---- loading ------------------------------------------------------------------------


def parse(text: str, path: Path, article_name: str | None = None) -> Loaded:
    """Validate sidecar text; every problem is a SidecarError with its line.

    The data is read by libyaml where it reads like ruamel (`yamlio.load`); the
    round-trip tree is read with ruamel only to place an error or for a write."""
    lines = text.splitlines()

    def error(reason: str, loc: tuple[int | str, ...] | None = None, line: int = 1) -> SidecarError:
        if loc is not None:  # the line of a value: ask ruamel's tree, which has positions
            line = yamlio.line_of(yamlio.load_tree(text), loc)
        excerpt = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return SidecarError(path, reason, line, excerpt)

    try:
        plain = yamlio.load(text)
    except yamlio.YamlError as exc:
        raise error(str(exc), line=exc.line) from None
    if not isinstance(plain, dict):
        raise error("a claims sidecar must be a mapping with 'article' and 'claims'")
    try:
        sidecar = Sidecar.model_validate(plain)
    except ValidationError as exc:
        loc, where, what = first_error(exc)
        raise error(f"'{where or 'sidecar'}': {what}", loc) from None
    seen: set[str] = set()
    for index, claim in enumerate(sidecar.claims):
        if claim.id in seen:
            raise error(f"duplicate claim id '{claim.id}'", ("claims", index, "id"))
        seen.add(claim.id)
    if article_name is not None and sidecar.article != article_name:
        raise error(f"sidecar is for '{sidecar.article}', not '{article_name}'", ("article",))
    return Loaded(text, sidecar)


def load(path: Path, max_bytes: int, article_name: str | None = None) -> Loaded | None:
    """The sidecar at `path`, or None when there is none."""
    try:
        if path.stat().st_size > max_bytes:
            raise SidecarError(path, f"file larger than max_file_bytes ({max_bytes})")
        data = access.read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SidecarError(path, f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SidecarError(path, "not UTF-8 text", line) from None
    return parse(text, path, article_name)


# ---- merging records ----------------------------------------------------------------


def merge_claim(fresh: ClaimRecord, old: ClaimRecord | None) -> ClaimRecord:
    """A fresh claim with the editor's fields of its earlier record."""
    if old is None:
        return fresh
    caveats = list(dict.fromkeys([*old.caveats, *fresh.caveats]))
    return fresh.model_copy(
        update={
            "review": old.review,
            "caveats": caveats,
            "evidence": old.review.evidence or fresh.evidence,
            "stale": False,
        }
    )


def curate(fresh: list[ClaimRecord], sidecar: Sidecar | None) -> list[ClaimRecord]:
    """The article's claims with the editor's fields applied (what `check` validates)."""
    old = {c.id: c for c in sidecar.claims} if sidecar else {}
    return [merge_claim(c, old.get(c.id)) for c in fresh]


def merge_records(fresh: list[ClaimRecord], sidecar: Sidecar | None) -> list[ClaimRecord]:
    """Article claims (curated) in article order, then stale ones sorted by id."""
    current = curate(fresh, sidecar)
    ids = {c.id for c in fresh}
    gone = [c for c in (sidecar.claims if sidecar else []) if c.id not in ids]
    stale = [
        c.model_copy(update={"stale": True, "evidence": c.review.evidence or c.evidence})
        for c in sorted(gone, key=lambda c: c.id)
    ]
    return current + stale


# ---- the file -----------------------------------------------------------------------


def render(existing: Loaded | None, article_name: str, fresh: list[ClaimRecord]) -> str:
    """The sidecar text after merging `fresh` into `existing` (whose tree is modified).

    A sidecar whose records already are the merged ones is current as it stands: its
    layout (indentation, quoting) is the editor's, and it is not rewritten."""
    merged = merge_records(fresh, existing.sidecar if existing else None)
    if existing is not None and merged == existing.sidecar.claims:
        return existing.text
    from kettools.claims.sidecar_tree import merge_tree

    tree = merge_tree(existing.tree if existing else None, article_name, merged)
    return yamlio.dump_document(tree)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `<path>.lock` for read-merge-write; the lock file is removed after."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock = path.with_name(path.name + ".lock")
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break  # still the live lock file (not one a finished run just removed)
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def status(article: Path, fresh: list[ClaimRecord], max_bytes: int) -> tuple[str | None, str]:
    """(current text or None, text it should have) for the article's sidecar."""
    path = sidecar_path(article)
    name = printable(article.name)  # the name as text, whatever bytes it holds
    existing = load(path, max_bytes, name)
    new: str = render(existing, name, fresh)
    return (existing.text if existing else None), new


class _Changed(Exception):
    """The sidecar on disk is no longer the one the merge started from."""


def _still(path: Path, text: str | None) -> None:
    """Raise _Changed unless the file at `path` still holds `text` (None: still absent)."""
    try:
        now: str | None = access.read_bytes(path).decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        now = None
    except OSError:
        raise _Changed from None
    if now != text:
        raise _Changed


ATTEMPTS = 3


def update(article: Path, fresh: list[ClaimRecord], max_bytes: int) -> str:
    """Write the article's sidecar if it changed: 'created', 'updated' or 'unchanged'.

    An invalid existing sidecar raises SidecarError and is left as it is. The lock keeps
    other kettools runs out, not an editor: the file is compared with what was merged
    just before the new one replaces it (compare-and-swap), and when an editor saved it
    in between, the merge starts again from their text; after `ATTEMPTS` tries it is
    left as the editor saved it (SidecarError). Never is an editor's save overwritten.
    """
    path = sidecar_path(article)
    with locked(path):
        for _ in range(ATTEMPTS):
            old, new = status(article, fresh, max_bytes)
            if old == new:
                return "unchanged"
            try:
                write_text(path, new, before_replace=functools.partial(_still, path, old))
            except _Changed:
                continue
            return "created" if old is None else "updated"
    raise SidecarError(path, f"changed while extract ran, {ATTEMPTS} times: run extract again")
