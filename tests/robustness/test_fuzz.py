"""Fuzz targets for ingest and YAML (hypothesis): whatever the bytes, reading ends in a
result or the module's own error, never another exception, and spans stay exact.

Bounded in CI (200 examples each, a few seconds). A longer run, for a change to ingest
or yamlio/yamlfast:

    KETTOOLS_FUZZ_EXAMPLES=20000 python -m pytest -p no:cacheprovider tests/robustness/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kettools.files import yamlio
from kettools.ingest import InputError, parse

EXAMPLES = int(os.environ.get("KETTOOLS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Markup that drives the readers, with characters that have bitten before.
MARKUP = [*list("[]()!*_`~<>-+#&;@:=|/\\\"' \t\n\r"), "\u200b", "\u202e", "\xad", "ａ"]
WORDS = ["a", "cure", "miracle", "@key", "<p>", "</p>", "<script>", "-->", "<!--", "---", "1."]
TEXT = st.lists(st.sampled_from(MARKUP) | st.sampled_from(WORDS) | st.characters(), max_size=300)


def _check_spans(text: str, suffix: str) -> None:
    try:
        article = parse(f"a{suffix}", text.encode("utf-8", "surrogatepass"), suffix)
    except InputError:
        return
    size = len(article.source.text)
    for block in article.blocks:
        assert len(block.plain) == len(block.offsets)
        assert all(0 <= o < size for o in block.offsets)
        for sentence in block.sentences:
            assert sentence.text == article.source.text[sentence.start : sentence.end]
            assert len(sentence.plain) == len(sentence.offsets)
            article.span(sentence.start, sentence.end)  # a position for every offset


@FUZZ
@given(TEXT, st.sampled_from([".md", ".txt", ".html"]))
def test_ingest_of_any_markup_ends_in_an_article_or_input_error(
    pieces: list[str], suffix: str
) -> None:
    _check_spans("".join(pieces), suffix)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([".md", ".txt", ".html"]))
def test_ingest_of_any_bytes_ends_in_an_article_or_input_error(data: bytes, suffix: str) -> None:
    with contextlib.suppress(InputError):
        parse(f"a{suffix}", data, suffix)


YAML_PIECES = [*list("&*[]{}:-,?!|>#%@`'\" \n\t"), "a", "b: ", "- ", "&x ", "*x", "<<: ", "!!str "]
# YAML text comes from decoded files, which never hold a lone surrogate.
YAML = st.lists(
    st.sampled_from(YAML_PIECES) | st.characters(exclude_categories=("Cs",)), max_size=200
)


@FUZZ
@given(YAML)
def test_yaml_of_any_text_ends_in_data_or_yaml_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    for read in (yamlio.load, yamlio.load_with_lines, lambda t: yamlio.load_list(t, "a")):
        with contextlib.suppress(yamlio.YamlError):
            read(text)


@FUZZ
@given(YAML)
def test_front_matter_of_any_yaml_ends_in_an_article_or_input_error(pieces: list[str]) -> None:
    _check_spans("---\n" + "".join(pieces) + "\n---\nKetamine may help.\n", ".md")


def test_a_tagged_scalar_is_its_text_on_either_reader() -> None:
    """Found by fuzzing: '!!str 1&' was '1&' read by libyaml but a ruamel TaggedScalar
    object (not text) when ruamel read the document."""
    assert yamlio.load("a: !!str 1&") == {"a": "1&"}
    assert yamlio.load("a: !!str 1\nb: [&x 1, *x]\n") == {"a": "1", "b": [1, 1]}
    assert yamlio.load("a: !custom text\n") == {"a": "text"}
