"""Every YAML read and write in kettools: safe, bounded, with line numbers.

Loading uses ruamel's round-trip loader (which never builds Python objects from tags).
The node budget and the depth limit are enforced twice: while ruamel composes the
document (so a huge or deeply nested file is refused before it is all in memory: a
round-trip node costs far more than its source text), and when the tree is converted to
plain dicts and lists (where aliases are expanded, so an alias bomb is refused there).

`load`, `load_with_lines` and `load_list` first try `kettools.files.yamlfast` (libyaml), which
reads plain documents exactly as ruamel does and hands everything else back to ruamel.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import yaml as pyyaml

from kettools.errors import KettoolsError
from kettools.files.text import is_text
from kettools.files.yamlfast import Unusual, load_fast, scalar

MAX_NODES = 200_000
MAX_DEPTH = 64


class YamlError(KettoolsError):
    """Unreadable YAML, with the 1-based line where it went wrong."""


# ruamel is imported where a document needs it (most are read by libyaml, yamlfast.py):
# importing it was 5 % of a one-file `kettools check`.


@cache
def _yaml() -> Any:
    """ruamel's round-trip YAML with kettools' bounded composer, made once."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.error import MarkedYAMLError

    class LimitExceeded(MarkedYAMLError):
        """Raised while composing: too many nodes or too deep (reported without 'invalid
        YAML')."""

    class BoundedComposer(Composer):
        """ruamel's composer, counting nodes as it builds them (aliases count once)."""

        def compose_document(self) -> Any:
            self.kettools_nodes = 0
            self.depth = 0  # not reset by ruamel, and left high when a limit was exceeded
            return super().compose_document()

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.kettools_nodes += 1
            if self.kettools_nodes > MAX_NODES:
                raise LimitExceeded(
                    None,
                    None,
                    f"YAML too large: more than {MAX_NODES} nodes",
                    self.parser.peek_event().start_mark,
                )
            if self.depth >= MAX_DEPTH:
                raise LimitExceeded(
                    None,
                    None,
                    f"YAML nested deeper than {MAX_DEPTH} levels",
                    self.parser.peek_event().start_mark,
                )
            return super().compose_node(parent, index)

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Composer = BoundedComposer
    yaml.kettools_limit = LimitExceeded  # type: ignore[attr-defined]
    return yaml


def _tree_types() -> tuple[Any, Any]:
    """(CommentedMap, CommentedSeq): the round-trip tree's types."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return CommentedMap, CommentedSeq


def load_tree(text: str, first_line: int = 1) -> Any:
    """The round-trip tree (CommentedMap/CommentedSeq), comments and positions kept."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _yaml()
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if not isinstance(exc, yaml.kettools_limit):
            problem = f"invalid YAML: {problem}"
        raise YamlError(problem, line) from None
    except YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}".splitlines()[0], first_line) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply", first_line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2026-13-01
        raise YamlError(f"invalid YAML value: {exc}", first_line) from None


def text_budget(size: int) -> int:
    """Characters of text a document of `size` characters may expand to through aliases."""
    return 2 * size + 100_000


def to_plain(tree: Any, first_line: int = 1, size: int | None = None) -> Any:
    """Convert a loaded tree to dicts, lists and scalars, refusing bombs and deep nesting.

    Nodes are counted, and so is text: an alias to one long string, repeated, is few
    nodes but much text (`text_budget` of the document's `size` in characters)."""
    from ruamel.yaml.comments import TaggedScalar  # a tree is ruamel's: it is imported

    budget = [MAX_NODES]
    chars = [text_budget(size) if size is not None else None]

    def convert(node: Any, depth: int, line: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise YamlError(
                f"YAML too large: more than {MAX_NODES} nodes (alias bomb?)", first_line
            )
        if depth > MAX_DEPTH:
            raise YamlError(f"YAML nested deeper than {MAX_DEPTH} levels", first_line)
        if isinstance(node, dict):
            lines = {k: item_line(node, k, first_line, line) for k in node}
            return {text(k, lines[k]): convert(v, depth + 1, lines[k]) for k, v in node.items()}
        if isinstance(node, list):
            return [
                convert(v, depth + 1, item_line(node, i, first_line, line))
                for i, v in enumerate(node)
            ]
        if isinstance(node, str):
            return text(node, line)
        if isinstance(node, TaggedScalar):  # '!!str 1', '!custom x': the text, as libyaml reads it
            return text(node.value, line)
        return node

    def text(value: object, line: int) -> str:
        value = str(value)
        if chars[0] is not None:
            chars[0] -= len(value)
            if chars[0] < 0:
                raise YamlError(
                    "YAML too large: its aliases repeat more text than the document holds "
                    "twice over (alias bomb?)",
                    first_line,
                )
        if not value.isascii() and not is_text(value):
            raise YamlError("YAML escape of a lone surrogate (such as \\ud800) is not text", line)
        return value

    return convert(tree, 0, first_line)


def key_lines(tree: Any, first_line: int = 1) -> dict[str, int]:
    """1-based line of each top-level key of a mapping."""
    CommentedMap, _ = _tree_types()
    if not isinstance(tree, CommentedMap):
        return {}
    return {str(key): item_line(tree, key, first_line) for key in tree}


def item_line(tree: Any, index: int | str, first_line: int = 1, default: int | None = None) -> int:
    """1-based line of an item in a sequence or a key in a mapping.

    `default` (else `first_line`) when ruamel kept no position (as for tagged nodes).
    """
    position = None
    CommentedMap, CommentedSeq = _tree_types()
    if isinstance(tree, CommentedSeq) and isinstance(index, int) and index < len(tree):
        position = tree.lc.item(index)
    elif isinstance(tree, CommentedMap) and index in tree:
        position = tree.lc.key(index)
    if not position:
        return first_line if default is None else default
    return first_line + int(position[0])


def line_of(tree: Any, loc: tuple[int | str, ...] | list[int | str], first_line: int = 1) -> int:
    """1-based line of the deepest node on `loc` (a pydantic error location) that exists."""
    node, line = tree, first_line
    CommentedMap, CommentedSeq = _tree_types()
    for part in loc:
        in_map = isinstance(node, CommentedMap) and part in node
        in_seq = isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node)
        if not (in_map or in_seq):
            break
        line = item_line(node, part, first_line, line)
        node = node[part]
    return line


def load_with_lines(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Data and the 1-based line of each top-level key.

    Small documents of plain maps, lists and YAML 1.2 scalars are read by libyaml
    (about 20 times faster than ruamel's pure Python); the result is the same as
    ruamel's, which reads everything else: larger documents, tags, anchors used as merge
    keys, duplicate keys and errors (so messages and lines never depend on the path)."""
    try:
        data, root = load_fast(text, MAX_NODES, MAX_DEPTH)
    except Unusual:
        tree = load_tree(text, first_line)
        return to_plain(tree, first_line, len(text)), key_lines(tree, first_line)
    lines: dict[str, int] = {}
    if isinstance(root, pyyaml.MappingNode):
        lines = {str(scalar(k)): first_line + k.start_mark.line for k, _ in root.value}
    return data, lines


def load_list(text: str, key: str) -> tuple[Any, list[int]]:
    """Data, and the 1-based line of each item of its list: the document itself, or the
    list under `key` of a top-level mapping (libyaml where it reads like ruamel, as
    `load_with_lines`)."""
    try:
        data, root = load_fast(text, MAX_NODES, MAX_DEPTH)
    except Unusual:
        tree = load_tree(text)
        data = to_plain(tree, size=len(text))
        CommentedMap, CommentedSeq = _tree_types()
        if isinstance(tree, CommentedMap) and isinstance(tree.get(key), CommentedSeq):
            tree = tree[key]
        count = len(tree) if isinstance(tree, CommentedSeq) else 0
        return data, [item_line(tree, i) for i in range(count)]
    if isinstance(root, pyyaml.MappingNode):
        found = [v for k, v in root.value if k.value == key and isinstance(v, pyyaml.SequenceNode)]
        root = found[0] if found else root
    items = root.value if isinstance(root, pyyaml.SequenceNode) else []
    return data, [1 + item.start_mark.line for item in items]


def load(text: str) -> Any:
    """Plain data (libyaml where it reads like ruamel, as `load_with_lines`)."""
    try:
        return load_fast(text, MAX_NODES, MAX_DEPTH)[0]
    except Unusual:
        return to_plain(load_tree(text), size=len(text))


def dump(tree: Any) -> str:
    """Write a round-trip tree back, comments kept."""
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


@cache
def _writer() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # one sentence per line: no folding, cleaner diffs
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump_document(tree: Any) -> str:
    """Write a round-trip tree in kettools' house style (2-space maps, `  - ` lists, no folding).

    Comments, key order and scalar styles of the tree are kept; the output is deterministic.
    """
    stream = io.StringIO()
    _writer().dump(tree, stream)
    return stream.getvalue()
