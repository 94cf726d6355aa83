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
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from kettools import yamlio
from kettools.atomic import write_text
from kettools.models.base import first_error
from kettools.models.claims import ClaimRecord, Sidecar

try:  # POSIX; elsewhere concurrent runs are last-writer-wins (each write is still atomic)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".claims.yaml"
EDITOR_FIELDS = ("review",)
FLOW = {"span", "citations", "caveats", "conditions", "cue"}
HEADER = (
    "Claims found by `kettools extract`. Curate `review` (status: draft | accepted |\n"
    "rejected, note, by, date, evidence) and `caveats`; extract keeps them and your\n"
    "comments, and refreshes the other fields from the article."
)


class SidecarError(yamlio.YamlError):
    """A sidecar that cannot be used; `str()` is `path:line: reason`."""

    def __init__(self, path: Path | str, reason: str, line: int = 1, excerpt: str = "") -> None:
        super().__init__(f"{Path(path).as_posix()}:{line}: {reason}", line)
        self.path = Path(path)
        self.reason = reason
        self.excerpt = excerpt


@dataclass(slots=True)
class Loaded:
    text: str
    tree: CommentedMap
    sidecar: Sidecar


def sidecar_path(article: Path) -> Path:
    """`<slug>.claims.yaml` beside the article (slug: the file name without its suffix)."""
    return article.with_name(article.stem + SUFFIX)


# ---- loading ------------------------------------------------------------------------


def parse(text: str, path: Path, article_name: str | None = None) -> Loaded:
    """Validate sidecar text; every problem is a SidecarError with its line."""
    lines = text.splitlines()

    def error(reason: str, line: int = 1) -> SidecarError:
        excerpt = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return SidecarError(path, reason, line, excerpt)

    try:
        tree = yamlio.load_tree(text)
        plain = yamlio.to_plain(tree)
    except yamlio.YamlError as exc:
        raise error(str(exc), exc.line) from None
    if not isinstance(tree, CommentedMap):
        raise error("a claims sidecar must be a mapping with 'article' and 'claims'")
    try:
        sidecar = Sidecar.model_validate(plain)
    except ValidationError as exc:
        loc, where, what = first_error(exc)
        raise error(f"'{where or 'sidecar'}': {what}", yamlio.line_of(tree, loc)) from None
    seen: set[str] = set()
    for index, claim in enumerate(sidecar.claims):
        if claim.id in seen:
            raise error(
                f"duplicate claim id '{claim.id}'", yamlio.line_of(tree, ("claims", index, "id"))
            )
        seen.add(claim.id)
    if article_name is not None and sidecar.article != article_name:
        raise error(
            f"sidecar is for '{sidecar.article}', not '{article_name}'",
            yamlio.line_of(tree, ("article",)),
        )
    return Loaded(text, tree, sidecar)


def load(path: Path, max_bytes: int, article_name: str | None = None) -> Loaded | None:
    """The sidecar at `path`, or None when there is none."""
    try:
        if path.stat().st_size > max_bytes:
            raise SidecarError(path, f"file larger than max_file_bytes ({max_bytes})")
        data = path.read_bytes()
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


# ---- updating the YAML tree in place ------------------------------------------------


def _data(claim: ClaimRecord) -> dict[str, Any]:
    data = claim.model_dump(mode="json", exclude_none=True)
    data["review"] = claim.review.model_dump(mode="json", exclude_none=True)
    return data


def _build(value: Any, key: str | None) -> Any:
    """A new YAML node for plain `value`; spans, short lists and cues are flow style."""
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _build(v, k)
        if key in FLOW:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_build(v, "cue" if key == "cues" else key) for v in value)
        if key in FLOW:
            seq.fa.set_flow_style()
        return seq
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (CommentedMap, CommentedSeq)):
        return False
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    return bool(old == new) and type(yamlio.to_plain(old)) is type(new)


def _sync(old: Any, new: Any, key: str | None) -> Any:
    """`old` updated to equal `new`, keeping its nodes (and their comments) where it can."""
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        _sync_map(old, new)
        return old
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        for index, value in enumerate(new[: len(old)]):
            old[index] = _sync(old[index], value, "cue" if key == "cues" else key)
        for index in range(len(new), len(old)):
            old.ca.items.pop(index, None)
        del old[len(new) :]
        old.extend(_build(v, "cue" if key == "cues" else key) for v in new[len(old) :])
        return old
    return old if _same(old, new) else _build(new, key)


def _delete(node: CommentedMap, key: str) -> None:
    """Remove a key; a comment on it moves to the key before, so no comment is lost."""
    keys = list(node)
    token = node.ca.items.pop(key, [None, None, None, None])[2]
    del node[key]
    position = keys.index(key)
    if token is not None and position > 0:
        _append_comment(node, keys[position - 1], token.value)


def _sync_map(node: CommentedMap, data: dict[str, Any], keep: tuple[str, ...] = ()) -> None:
    order = list(data)
    for key in [k for k in node if k not in data and k not in keep]:
        _delete(node, key)
    for key, value in data.items():
        if key in node:
            if key not in keep:
                node[key] = _sync(node[key], value, key)
            continue
        rank = order.index(key)
        position = sum(1 for k in node if k in data and order.index(k) < rank)
        node.insert(position, key, _build(value, key))


# Comment lines between two claims are stored by ruamel after the last scalar of the claim
# before them. They are taken off before the claims are reordered and put back after.


def _tail(node: Any) -> tuple[Any, Any] | None:
    """The container and key of the last scalar written inside `node`."""
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key: Any = list(node)[-1]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
        else:
            return None
        value = node[key]
        nested = isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0
        if nested and not value.fa.flow_style():
            node = value
            continue
        return node, key


def _slot(node: Any) -> int:
    return 0 if isinstance(node, CommentedSeq) else 2


def _take_lines(item: Any) -> str:
    """Remove and return the whole comment lines after the item (its end-of-line comment stays)."""
    tail = _tail(item)
    if tail is None:
        return ""
    node, key = tail
    entry = node.ca.items.get(key)
    token = entry[_slot(node)] if entry else None
    if token is None or not token.value:
        return ""
    value: str = token.value
    eol, _, rest = value.partition("\n")
    if eol.strip():
        token.value = eol + "\n"
    else:
        entry[_slot(node)] = None
    return rest


def _append_comment(node: Any, key: Any, lines: str) -> None:
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    token = entry[_slot(node)]
    if token is None:
        entry[_slot(node)] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines


def _put_lines(item: Any, lines: str) -> None:
    tail = _tail(item)
    if lines and tail is not None:
        _append_comment(tail[0], tail[1], lines)


def merge_tree(
    tree: CommentedMap | None, article_name: str, claims: list[ClaimRecord]
) -> CommentedMap:
    """Update (or create) the sidecar tree so it holds `claims` (from merge_records)."""
    if tree is None:
        tree = CommentedMap()
        tree.yaml_set_start_comment(HEADER)
    if tree.get("article") != article_name:
        if "article" in tree:
            tree["article"] = article_name
        else:
            tree.insert(0, "article", article_name)
    seq = tree.get("claims")
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        tree["claims"] = seq
    old_items = list(seq)
    above = {}  # id -> comment lines written above that claim
    end = ""
    for index, item in enumerate(old_items):
        lines = _take_lines(item)
        if index + 1 < len(old_items):
            above[str(old_items[index + 1]["id"])] = lines
        else:
            end = lines
    by_id = {str(item["id"]): item for item in old_items}
    items = []
    for claim in claims:
        item = by_id.get(claim.id)
        if item is None:
            item = _build(_data(claim), "claim")
        else:
            _sync_map(item, _data(claim), keep=EDITOR_FIELDS)
        items.append(item)
    orphan = "".join(above.get(str(item["id"]), "") for item in items[:1])
    seq.ca.items.clear()
    seq[:] = items
    for index, item in enumerate(items):
        following = above.get(str(items[index + 1]["id"]), "") if index + 1 < len(items) else end
        _put_lines(item, following)
    if orphan:  # comment lines above a claim that is now first: keep them, before the list
        _put_before_list(tree, seq, orphan)
    return tree


def _put_before_list(tree: CommentedMap, seq: CommentedSeq, lines: str) -> None:
    token = CommentToken(lines, CommentMark(0), None)
    entry = tree.ca.items.setdefault("claims", [None, None, None, None])
    if entry[3] is None:
        entry[3] = []
        if seq.ca.comment is None:
            seq.ca.comment = [None, entry[3]]
    entry[3].append(token)


# ---- the file -----------------------------------------------------------------------


def render(existing: Loaded | None, article_name: str, fresh: list[ClaimRecord]) -> str:
    """The sidecar text after merging `fresh` into `existing` (which is modified)."""
    merged = merge_records(fresh, existing.sidecar if existing else None)
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
    existing = load(path, max_bytes, article.name)
    new: str = render(existing, article.name, fresh)
    return (existing.text if existing else None), new


def update(article: Path, fresh: list[ClaimRecord], max_bytes: int) -> str:
    """Write the article's sidecar if it changed: 'created', 'updated' or 'unchanged'.

    An invalid existing sidecar raises SidecarError and is left as it is.
    """
    path = sidecar_path(article)
    with locked(path):
        old, new = status(article, fresh, max_bytes)
        if old == new:
            return "unchanged"
        write_text(path, new)
        return "created" if old is None else "updated"
