"""Every sentence span slices back to its exact text, for all three formats (property-based)."""

from __future__ import annotations

import html as htmllib

from hypothesis import given, settings
from hypothesis import strategies as st

from kettools.ingest import parse
from kettools.ingest.document import Article

WORDS = st.sampled_from(
    [
        "ketamine",
        "may",
        "help",
        "Esketamine",
        "trial",
        "people",
        "0.5",
        "mg/kg",
        "e.g.",
        "Dr.",
        "vs.",
        "24 h.",
        "**strong**",
        "*may*",
        "`code`",
        "[link](http://x.org)",
        "&amp;",
        "a_b",
        "[@dean2021]",
        "[@a; @b, p. 4]",
        "café",
        "naïve",
        "—",
        "(55%)",
        "“quoted”",
        "x\ty",
    ]
)
ENDS = st.sampled_from([".", "!", "?", " [@murrough2013].", "", "."])
SENTENCE = st.builds(
    lambda ws, end: (" ".join(ws)).capitalize() + end,
    st.lists(WORDS, min_size=1, max_size=12),
    ENDS,
)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
PARAGRAPHS = st.lists(PARAGRAPH, min_size=1, max_size=6)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])
BOM = st.sampled_from(["", "\ufeff"])


def assert_spans_exact(article: Article) -> None:
    source = article.source
    for block in article.blocks:
        assert block.sentences or not block.plain.strip(), "text must be split into sentences"
    for sentence in article.sentences:
        span = article.span(sentence.start, sentence.end)
        assert source.slice(span) == sentence.text
        assert sentence.text == source.text[sentence.start : sentence.end]
        assert len(sentence.plain) == len(sentence.offsets)
        for ch, offset in zip(sentence.plain, sentence.offsets, strict=True):
            original = source.text[offset]
            assert ch == original or (ch.isspace() and original.isspace()) or original == "&"
        for citation in sentence.citations:
            assert source.text[citation.start] == "@"
            assert source.text[citation.start + 1 : citation.end] == citation.key


def original_lines(data: str) -> list[str]:
    return data.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_lines_match_file(article: Article, data: str) -> None:
    """Line and column are those an editor sees in the original file (any line endings)."""
    lines = original_lines(data.removeprefix("\ufeff"))
    for sentence in article.sentences:
        span = article.span(sentence.start, sentence.end)
        first = sentence.text.split("\n")[0]
        assert lines[span.line - 1][span.column - 1 :].startswith(first)


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, NEWLINE, BOM)
def test_markdown_spans(paragraphs: list[str], nl: str, bom: str) -> None:
    body = [f"## Heading {n}{nl}{nl}{p}" if n % 2 else f"- {p}" for n, p in enumerate(paragraphs)]
    data = bom + f"---{nl}title: T{nl}---{nl}{nl}" + (nl + nl).join(body) + nl
    article = parse("a.md", data.encode("utf-8"), ".md")
    assert_spans_exact(article)
    assert_lines_match_file(article, data)


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, NEWLINE, BOM, st.booleans())
def test_text_spans(paragraphs: list[str], nl: str, bom: str, blank: bool) -> None:
    data = bom + (nl + nl if blank else nl).join(paragraphs) + nl
    article = parse("a.txt", data.encode("utf-8"), ".txt")
    assert_spans_exact(article)
    assert_lines_match_file(article, data)


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, NEWLINE)
def test_html_spans(paragraphs: list[str], nl: str) -> None:
    body = nl.join(f"<p>{htmllib.escape(p, quote=False)}</p>" for p in paragraphs)
    head = "<html><head><script>var x = '<p>no</p>';</script></head>"
    data = f"{head}{nl}<body>{nl}{body}{nl}</body></html>"
    article = parse("a.html", data.encode("utf-8"), ".html")
    assert_spans_exact(article)
    assert_lines_match_file(article, data)
    assert all("var x" not in s.plain for s in article.sentences)


def test_utf16_with_bom_is_read() -> None:
    article = parse("a.txt", "Ketamine may help.\n".encode("utf-16"), ".txt")
    assert [s.text for s in article.sentences] == ["Ketamine may help."]


def test_citation_groups_and_locators() -> None:
    article = parse("a.md", b"Esketamine helped [@popova2019; @daly2018, p. 4].\n", ".md")
    (sentence,) = article.sentences
    assert [(c.key, c.locator) for c in sentence.citations] == [
        ("popova2019", ""),
        ("daly2018", "p. 4"),
    ]
    assert sentence.plain.startswith("Esketamine helped")


def test_email_in_brackets_is_not_a_citation() -> None:
    article = parse("a.md", b"Write to [info@example.org] for details.\n", ".md")
    assert article.citations == []
