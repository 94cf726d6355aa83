"""Update a claims sidecar's YAML tree in place (ruamel round trip), so comments, key
order and quoting survive; comment lines above a claim travel with it when claims are
reordered, and comment lines at the end stay at the end. Used by `kettools.claims.sidecar`.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from kettools.files import yamlio
from kettools.models.claims import ClaimRecord

EDITOR_FIELDS = ("review",)  # never rewritten
FLOW = {"span", "citations", "caveats", "conditions", "cue"}  # written on one line
HEADER = (
    "Claims found by `kettools extract`. Curate `review` (status: draft | accepted |\n"
    "rejected, note, by, date, evidence) and `caveats`; extract keeps them and your\n"
    "comments, and refreshes the other fields from the article."
)


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
