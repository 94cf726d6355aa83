"""The libyaml fast path of yamlio (load_with_lines, load_list, load) reads exactly what
the ruamel path reads, with the same lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kettools.files import yamlfast, yamlio

SCALARS = [
    "no",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "TRUE",
    "null",
    "~",
    "",
    "Null",
    "12",
    "-3",
    "+4",
    "007",
    "0",
    "1.5",
    "1e3",
    ".5",
    "1.",
    "0x1F",
    "0o17",
    "1_000",
    "1:20",
    ".inf",
    ".NaN",
    "2026-10-01",
    "2026-13-01",
    "2026-10-01T10:00:00",
    "3 patients",
    "10.1016/S0006-3223(99)00230-9",
    "351-354",
    "2 hours after each",
    "1-2",
    "-",
    "+",
    "1.2.3",
    "0b101",
    "-.inf",
    "+.5e-3",
    "2026-1-1",
    "12:30:45",
    "'quoted: yes'",
    '"2026-10-01"',
    '"\\u00e9t\\u00e9"',
    "Esketamine (Spravato)",
    "café",
    "a # comment",
    "!!str 12",
    "!!int '7'",
    "[a, b, 'c']",
    "{x: 1, y: no}",
    "https://example.org/a?b=c",
]


def ruamel(text: str) -> tuple[object, dict[str, int]]:
    tree = yamlio.load_tree(text, 2)
    return yamlio.to_plain(tree, 2), yamlio.key_lines(tree, 2)


def outcome(read: object, text: str) -> str:
    """What a reader gives, as text: its result, or its error and line."""
    try:
        return repr(read(text))  # type: ignore[operator]
    except yamlio.YamlError as exc:
        return repr((str(exc), exc.line))


def both(text: str) -> tuple[str, str]:
    return outcome(lambda t: yamlio.load_with_lines(t, 2), text), outcome(ruamel, text)


@pytest.mark.parametrize("value", SCALARS)
def test_every_scalar_reads_the_same_both_ways(value: str) -> None:
    fast, slow = both(f"title: T\nvalue: {value}\nlist:\n  - {value}\n")
    assert fast == slow


def test_front_matter_shapes_read_the_same() -> None:
    text = (
        "title: Esketamine nasal spray\naudience: patients\nconditions: [treatment-resistant-"
        "depression]\nauthors:\n  - {name: A. Writer, credentials: PharmD}\n"
        "published: 2026-03-01\nlast_reviewed: 2026-10-01\ndisclosure: >-\n  No funding\n"
        "  from manufacturers.\n# a comment\nbibliography: references.yaml\n"
    )
    data, lines = yamlio.load_with_lines(text, 2)
    assert (data, lines) == ruamel(text)
    assert lines["disclosure"] == 9 and type(data["published"]).__name__ == "date"


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a: &x [1]\nb: *x\n",
        "a: &x 1\nb: *x\n",
        "a: &x 1\nb: 2\n",
        "a: 'R&D * note'\nb: [x*y, a&b]\n",
        "a: " + "[" * 100 + "]" * 100 + "\n",
        "<<: {a: 1}\n",
        "a: !!python/name:os.system x\n",
        "a: [1, 2\n",
        "a: '\\ud800'\n",
    ],
)
def test_unusual_documents_give_ruamel_results_or_errors(text: str) -> None:
    fast, slow = both(text)
    assert fast == slow


WORD = st.sampled_from(["no", "12", "1.5", "x", "2026-01-02", "'q'", "true", "~", "a b", "é"])


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.one_of(WORD, st.lists(WORD, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")),
        max_size=8,
    )
)
def test_random_documents_read_the_same(doc: dict[str, str]) -> None:
    fast, slow = both("".join(f"{k}: {v}\n" for k, v in doc.items()))
    assert fast == slow


LISTS = [
    "- id: a\n  title: A\n- id: b\n  DOI: 10.1000/x\n",
    "references:\n  - id: a\n\n  -\n    id: b\n  - {id: c}\n",
    "# header\nreferences:\n- id: a\n- id: b\nother: 1\n",
    "- a\n- [b, c]\n-\n  - d\n",
    "references: none\n",
    "{}\n",
    "",
]


def ruamel_list(text: str) -> tuple[object, list[int]]:
    tree = yamlio.load_tree(text)
    data = yamlio.to_plain(tree)
    if isinstance(tree, dict) and isinstance(tree.get("references"), list):
        tree = tree["references"]
    count = len(tree) if isinstance(tree, list) else 0
    return data, [yamlio.item_line(tree, i) for i in range(count)]


@pytest.mark.parametrize("text", LISTS)
def test_list_items_have_the_same_lines_both_ways(text: str) -> None:
    assert yamlio.load_list(text, "references") == ruamel_list(text)
    assert yamlio.load(text) == yamlio.to_plain(yamlio.load_tree(text))


def test_deep_flow_nesting_never_reaches_libyaml() -> None:
    # libyaml's C composer recurses once per level; 50,000 levels crashed the process
    with pytest.raises(yamlfast.Unusual):
        yamlfast.load_fast("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 200_000, 64)
