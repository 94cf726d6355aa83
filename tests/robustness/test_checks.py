"""Checks a hostile article used to pass with exit code 0: text hidden from the reader
(invisible and look-alike characters) and text hidden from the reader of Markdown
(nesting past its limit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.robustness.conftest import assert_clean, kettools

DISGUISES = {
    "zero-width": "mir\u200bacle",
    "soft-hyphen": "mir\u00adacle",
    "word-joiner": "mir\u2060acle",
    "fullwidth": "\uff4d\uff49\uff52\uff41\uff43\uff4c\uff45",
    "cyrillic": "mir\u0430cle",
}


def _disguise(example: Path, kind: str) -> Path:
    article = example / "sources" / "good.md"
    text = article.read_text()
    article.write_text(text + f"\nThis {DISGUISES[kind]} spray helps some adults [@popova2019].\n")
    return article


@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_disguised_hype_is_found(example: Path, kind: str) -> None:
    article = _disguise(example, kind)
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert_clean(run, max_code=1, error_lines=0)
    found = json.loads(run.stdout)["findings"]
    line = len(article.read_text().splitlines())
    assert {f["code"] for f in found if f["line"] == line} >= {"KT201", "KT706"}
    assert run.code == 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_disguised_hype_is_kept_out_of_the_leaflet(example: Path, kind: str) -> None:
    _disguise(example, kind)
    run = kettools("export", "--to", "html", "--allow-errors", "--out", "out", cwd=example)
    assert_clean(run, max_code=1, error_lines=20)
    html = (example / "out" / "good" / "leaflet.html").read_text()
    # what a patient sees: the page without its JSON-LD data block, which carries the
    # article's claims as written (hidden characters and all) for machines
    head, _, rest = html.partition('<script type="application/ld+json">')
    page = head + rest.partition("</script>")[2]
    assert rest, "the leaflet embeds its JSON-LD"
    assert DISGUISES[kind] not in page


def test_a_bidi_override_is_reported(example: Path) -> None:
    article = example / "sources" / "good.md"
    article.write_text(article.read_text() + "\nThis \u202eelcarim\u202c spray helps.\n")
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    found = json.loads(run.stdout)["findings"]
    assert any(f["code"] == "KT706" and "U+202E" in f["message"] for f in found)


def test_text_after_markdown_nested_past_the_limit_is_a_finding(example: Path) -> None:
    article = example / "sources" / "good.md"
    deep = "".join("  " * i + f"- level {i}\n" for i in range(12))
    article.write_text(article.read_text() + "\n" + deep + "\nThis miracle cure works.\n")
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert_clean(run, max_code=1, error_lines=0)
    assert run.code == 1
    (kt005,) = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "KT005"]
    assert "not checked by any rule" in kt005["message"]
