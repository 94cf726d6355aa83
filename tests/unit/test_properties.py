"""Property-based tests: citation parsing round-trips, ingest never crashes on junk,
and every reporter serialises any finding (control characters included) validly."""

from __future__ import annotations

import html
import json
import unicodedata
from xml.etree import ElementTree as ET

import jsonschema
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kettools.ingest import InputError, parse
from kettools.models.finding import Finding, Severity
from kettools.report import REPORTERS
from kettools.report.base import ReportOptions
from kettools.results import CheckResult, FileResult
from tests.conftest import ROOT

KEY = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]{0,14}[A-Za-z0-9_]", fullmatch=True)
LOCATOR = st.sampled_from(["", ", p. 4", ", pp. 3-5", ", chap. 2", ", table 1"])
PREFIX = st.sampled_from(["", "see ", "cf. ", "also "])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(PREFIX, st.booleans(), KEY, LOCATOR), min_size=1, max_size=4),
    st.sampled_from([".md", ".txt", ".html"]),
)
def test_citation_groups_round_trip(parts: list[tuple[str, bool, str, str]], suffix: str) -> None:
    group = "[" + "; ".join(f"{p}{'-' if s else ''}@{k}{loc}" for p, s, k, loc in parts) + "]"
    text = f"Esketamine helped some people {group}."
    data = f"<p>{html.escape(text, quote=False)}</p>" if suffix == ".html" else text
    article = parse("a" + suffix, data.encode(), suffix)
    found = article.citations
    assert [c.key for c in found] == [k for _, _, k, _ in parts]
    assert [c.locator for c in found] == [loc.lstrip(", ") for _, _, _, loc in parts]
    for citation in found:
        assert article.source.text[citation.start] == "@"
        raw = article.source.text[citation.start + 1 : citation.end]
        assert (html.unescape(raw) if suffix == ".html" else raw) == citation.key
    (sentence,) = article.sentences
    assert "@" not in sentence.plain and sentence.citations == found


PIECES = [
    *"[]()<>!*_`~&#;@-:|\\\"' \t\r\n\x0baZ9.?—é\ufeff",
    "<!--",
    "-->",
    "---\n",
    "```",
    "&amp;",
    "[@",
    "](",
    "<p>",
    "</p>",
    "<script>",
]
JUNK = st.lists(st.sampled_from(PIECES), max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(JUNK, st.sampled_from([".md", ".txt", ".html"]))
@example("<![@", ".html")  # Python 3.11's HTMLParser raised AssertionError on it
@example("<p>a<![ x>b</p>", ".html")
def test_ingest_never_crashes_on_junk(text: str, suffix: str) -> None:
    try:
        article = parse("junk" + suffix, text.encode("utf-8"), suffix)
    except InputError as exc:
        assert exc.line >= 1
        return
    for sentence in article.sentences:
        assert article.source.text[sentence.start : sentence.end] == sentence.text
        span = article.span(sentence.start, sentence.end)
        assert article.source.slice(span) == sentence.text


CONTROL = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F, blacklist_categories=["Cs"]),
    min_size=1,
    max_size=30,
)
SARIF = jsonschema.Draft4Validator(
    json.loads((ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json").read_text())
)


@settings(max_examples=150, deadline=None)
@given(CONTROL, CONTROL, CONTROL, st.sampled_from(list(Severity)))
def test_reporters_serialise_control_characters(
    message: str, excerpt: str, helptext: str, severity: Severity
) -> None:
    finding = Finding(
        code="KT201",
        name="hype-term",
        category="overstated",
        severity=severity,
        message=message,
        path="sources/a b.md",
        line=2,
        column=3,
        end_line=2,
        end_column=9,
        excerpt=excerpt,
        help=helptext,
    )
    result = CheckResult([FileResult("sources/a b.md", [finding])])
    data = json.loads(REPORTERS["json"]().render(result))
    assert data["findings"][0]["message"] == message
    SARIF.validate(json.loads(REPORTERS["sarif"]().render(result)))
    ET.fromstring(REPORTERS["junit"]().render(result).split("\n", 1)[1])
    github = REPORTERS["github"]().render(result)
    assert github.count("\n") == 1 and "\r" not in github
    text = REPORTERS["text"](ReportOptions(infos=True)).render(result)  # infos in full too
    # the file's header, the finding on one line, a blank line, how to accept, the summary
    assert text.count("\n") == 5 and text.split("\n")[1].startswith("sources/a b.md:2:3: ")
    assert not any(unicodedata.category(c) == "Cc" for c in text.replace("\n", ""))
