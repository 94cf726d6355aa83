"""`common.doi_url`: the one doi.org link form of every export (DOI Handbook, "DOI Name Encoding
Rules for URL Presentation"; RFC 3986 section 3.3)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kettools.export.common import doi_url

ROOT = Path(__file__).resolve().parents[2]
# What RFC 3986 allows in a path: unreserved, sub-delims, ":", "@", "/" and percent-encodings.
URL_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")
HOSTILE = [
    "10.1000/a b",
    "10.1000/456#789",
    "10.1000/a?b=c",
    "10.1000/100%",
    "10.1000/%2F",
    "10.1000/<x>",
    '10.1000/"quoted"',
    "10.1000/ünï–código",
    "10.1002/(SICI)1097-4636(199707)36:1<1::AID-JBM1>3.0.CO;2-#",
    "10.1000/a+b",
    "10.1000/{x}[y]|z\\^`",
    "10.1000/x'y*z!$&=@,~",
    "10.1000/tab\there\nnewline",
    " 10.1000/padded ",
]
DOT_SEGMENTS = [
    "10.1000/./x",
    "10.1000/../x",
    "10.1000/x/.",
    "10.1000/x/..",
    "10.1000/./../x",
    "./x",
    "../10.1000/x",
]

# The DOI Handbook's encoding rules for URL presentation.
MANDATORY = [("%", "%25"), ('"', "%22"), ("#", "%23"), (" ", "%20"), ("?", "%3F")]
RECOMMENDED = [
    ("<", "%3C"),
    (">", "%3E"),
    ("{", "%7B"),
    ("}", "%7D"),
    ("^", "%5E"),
    ("[", "%5B"),
    ("]", "%5D"),
    ("`", "%60"),
    ("|", "%7C"),
    ("\\", "%5C"),
    ("+", "%2B"),
]


def _source_dois() -> list[str]:
    text = (ROOT / "sources" / "references.yaml").read_text(encoding="utf-8")
    return re.findall(r"^\s*DOI:\s*(\S+)\s*$", text, flags=re.MULTILINE)


def _path(url: str) -> str:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", "doi.org", "", "")
    return parts.path.removeprefix("/")


def test_sources_have_dois() -> None:
    assert len(_source_dois()) >= 10


@pytest.mark.parametrize("doi", _source_dois())
def test_ordinary_doi_is_unchanged(doi: str) -> None:
    assert doi_url(doi) == f"https://doi.org/{doi}"


@pytest.mark.parametrize("doi", HOSTILE + DOT_SEGMENTS)
def test_hostile_doi_gives_a_valid_round_trippable_url(doi: str) -> None:
    url = doi_url(doi)
    path = _path(url)
    assert URL_PATH.match(path), url
    assert unquote(path) == doi


@pytest.mark.parametrize(("char", "encoded"), MANDATORY + RECOMMENDED)
def test_handbook_characters_are_encoded(char: str, encoded: str) -> None:
    assert doi_url(f"10.1000/a{char}b") == f"https://doi.org/10.1000/a{encoded}b"


def test_common_doi_punctuation_is_kept() -> None:
    doi = "10.1002/(SICI)1097-4636(199707)36:1;2-x_y.z~"
    assert doi_url(doi) == f"https://doi.org/{doi}"


def test_unicode_is_utf8_percent_encoded() -> None:
    assert doi_url("10.1000/é") == "https://doi.org/10.1000/%C3%A9"


@pytest.mark.parametrize("doi", DOT_SEGMENTS)
def test_dot_segments_survive_url_normalisation(doi: str) -> None:
    path = _path(doi_url(doi))
    assert not {".", ".."} & set(path.split("/")), path


@given(st.text(min_size=1, max_size=40))
def test_any_text_round_trips(doi: str) -> None:
    path = _path(doi_url(doi))
    assert URL_PATH.match(path)
    assert unquote(path) == doi


@given(st.text(min_size=1, max_size=40).filter(lambda s: not {".", ".."} & set(s.split("/"))))
def test_same_as_the_leaflet_expression(doi: str) -> None:
    """Before it used doi_url, the leaflet built its links as below (from the stripped DOI):
    leaflets keep the same links, except for a `.` or `..` segment."""
    assert doi_url(doi) == f"https://doi.org/{quote(doi, safe='/().;-_:')}"
