"""The claims sidecar: merge keeps what editors wrote, marks stale claims, is idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kettools.claims import sidecar, sidecar_tree
from kettools.files import yamlio
from kettools.models.base import Span
from kettools.models.claims import ClaimRecord, Review, Sidecar
from kettools.models.reference import Evidence

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "claims.schema.json"
NAME = "a.md"
PATH = Path("a.claims.yaml")


def claim(
    n: int,
    text: str | None = None,
    caveats: tuple[str, ...] = (),
    evidence: Evidence | None = None,
    line: int | None = None,
) -> ClaimRecord:
    at = line or n
    return ClaimRecord(
        id=f"c-{n:010x}",
        text=text or f"Claim {n}.",
        span=Span(line=at, column=1, end_line=at, end_column=9),
        kind="efficacy",
        strength="none",
        certainty="plain",
        citations=["k"],
        caveats=list(caveats),
        evidence=evidence,
    )


def render(text: str | None, fresh: list[ClaimRecord]) -> str:
    existing = sidecar.parse(text, PATH, NAME) if text is not None else None
    return sidecar.render(existing, NAME, fresh)


def records(text: str) -> dict[str, ClaimRecord]:
    return {c.id: c for c in sidecar.parse(text, PATH, NAME).sidecar.claims}


EDITED_REVIEW = """    review:
      # checked against the trial report
      status: accepted  # not a claim: a definition
      note: "Editor: fine as written"
      by: B. Reviewer
      date: 2026-11-01
      evidence: rct
"""


def edit_like_an_editor(text: str) -> str:
    """Review the first claim, link a caveat to the second, add comments everywhere."""
    first, second = "c-0000000001", "c-0000000002"
    head, rest = text.split(f"  - id: {first}\n", 1)
    one, rest = rest.split(f"  - id: {second}\n", 1)
    one = one.replace("    review:\n      status: draft\n", EDITED_REVIEW)
    linked = "    caveats: [editor-linked]  # stated two paragraphs on"
    rest = rest.replace("    caveats: []", linked, 1)
    return (
        "# Editor's file: do not regenerate by hand\n"
        + head
        + f"  - id: {first}  # keep\n"
        + one
        + "  # Second claim: watch the wording\n"
        + f"  - id: {second}\n"
        + rest
        + "# end of claims\n"
    )


def test_new_sidecar_matches_the_schema_and_article_order() -> None:
    text = render(None, [claim(3), claim(1), claim(2)])
    data = yamlio.load(text)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["article"] == NAME
    assert [c["id"] for c in data["claims"]] == ["c-0000000003", "c-0000000001", "c-0000000002"]
    assert all(c["review"] == {"status": "draft"} and c["stale"] is False for c in data["claims"])


def test_merge_keeps_editor_fields_and_comments_when_the_article_changes() -> None:
    edited = edit_like_an_editor(render(None, [claim(1), claim(2), claim(3)]))
    # the article changed: claim 2 moved and detects a caveat, claim 3 is new wording, 4 is new
    fresh = [claim(2, line=10, caveats=("detected",)), claim(1, line=12), claim(4)]
    text = render(edited, fresh)
    for comment in (
        "# Editor's file: do not regenerate by hand",
        "# keep",
        "# checked against the trial report",
        "# not a claim: a definition",
        "# stated two paragraphs on",
        "# Second claim: watch the wording",
        "# end of claims",
    ):
        assert text.count(comment) == 1, comment
    assert text.rstrip().endswith("# end of claims")
    assert text.index("# Second claim") < text.index("- id: c-0000000002")
    got = records(text)
    one = got["c-0000000001"]
    assert one.review == Review(
        status="accepted",
        note="Editor: fine as written",
        by="B. Reviewer",
        date=dt.date(2026, 11, 1),
        evidence=Evidence.rct,
    )
    assert one.evidence == Evidence.rct  # the editor's override
    assert one.span.line == 12  # analysis fields refreshed
    assert got["c-0000000002"].caveats == ["editor-linked", "detected"]
    assert got["c-0000000003"].stale and not got["c-0000000004"].stale
    assert [c.id for c in sidecar.parse(text, PATH, NAME).sidecar.claims] == [
        "c-0000000002",
        "c-0000000001",
        "c-0000000004",
        "c-0000000003",
    ]
    assert render(text, fresh) == text  # a second run changes nothing


def test_stale_claims_keep_everything_and_come_back() -> None:
    edited = edit_like_an_editor(render(None, [claim(1), claim(2)]))
    gone = render(edited, [claim(2)])
    stale = records(gone)["c-0000000001"]
    assert stale.stale and stale.review.note == "Editor: fine as written"
    assert "# not a claim: a definition" in gone
    back = render(gone, [claim(1), claim(2)])
    assert not records(back)["c-0000000001"].stale
    assert records(back)["c-0000000001"].review.status == "accepted"
    assert render(back, [claim(1), claim(2)]) == back


def test_stale_claims_sort_by_id_after_the_article_claims() -> None:
    text = render(None, [claim(5), claim(3), claim(9), claim(1)])
    ids = [c.id for c in sidecar.parse(render(text, [claim(9)]), PATH, NAME).sidecar.claims]
    assert ids == ["c-0000000009", "c-0000000001", "c-0000000003", "c-0000000005"]


def test_render_is_deterministic() -> None:
    fresh = [claim(1, text="Two: yes\nand a line break"), claim(2, text="'quoted' — ünïcode")]
    assert render(None, fresh) == render(None, list(fresh))
    assert render(render(None, fresh), fresh) == render(None, fresh)
    assert records(render(None, fresh))["c-0000000001"].text == "Two: yes\nand a line break"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("article: a.md\nclaims: [\n", 3, "invalid YAML"),
        ("- a\n- b\n", 1, "must be a mapping"),
        ("article: a.md\nclaims:\n  - id: c-0000000001\n    text: x\n", 3, "'claims.0.span'"),
        ("article: a.md\nextra: 1\nclaims: []\n", 2, "unknown key"),
        ("article: b.md\nclaims: []\n", 1, "sidecar is for 'b.md', not 'a.md'"),
        ("article: a.md\narticle: a.md\nclaims: []\n", 2, "invalid YAML"),
    ],
)
def test_invalid_sidecars_name_the_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(sidecar.SidecarError) as caught:
        sidecar.parse(text, PATH, NAME)
    assert caught.value.line == line
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"a.claims.yaml:{line}: ")


def test_wrong_type_and_duplicate_ids_name_the_line() -> None:
    good = render(None, [claim(1), claim(2)])
    bad_status = good.replace("      status: draft", "      status: aproved", 1)
    with pytest.raises(sidecar.SidecarError, match=r"review\.status") as caught:
        sidecar.parse(bad_status, PATH, NAME)
    assert bad_status.splitlines()[caught.value.line - 1].strip() == "status: aproved"
    duplicate = good.replace("c-0000000002", "c-0000000001")
    with pytest.raises(sidecar.SidecarError, match="duplicate claim id 'c-0000000001'") as caught:
        sidecar.parse(duplicate, PATH, NAME)
    assert caught.value.line == duplicate.splitlines().index("  - id: c-0000000001", 8) + 1


def test_load_missing_and_unreadable(tmp_path: Path) -> None:
    assert sidecar.load(tmp_path / "x.claims.yaml", 1000) is None
    (tmp_path / "x.claims.yaml").write_bytes(b"article: x.md\nclaims: []\n\xff\n")
    with pytest.raises(sidecar.SidecarError, match="not UTF-8") as caught:
        sidecar.load(tmp_path / "x.claims.yaml", 1000)
    assert caught.value.line == 3
    with pytest.raises(sidecar.SidecarError, match="max_file_bytes"):
        sidecar.load(tmp_path / "x.claims.yaml", 5)


def test_libyaml_and_ruamel_read_the_same_records() -> None:
    text = render(None, [claim(1), claim(2, caveats=("bp",))])
    fast = sidecar.parse(text, PATH, NAME)
    # an anchor sends the same document down the ruamel path
    slow = sidecar.parse(text.replace("article: a.md", "article: &name a.md", 1), PATH, NAME)
    assert fast.sidecar == slow.sidecar
    assert yamlio.dump_document(fast.tree) == text  # the tree, read when a write needs it


def test_sidecar_path_uses_the_slug() -> None:
    assert sidecar.sidecar_path(Path("s/esketamine.md")) == Path("s/esketamine.claims.yaml")
    assert sidecar.sidecar_path(Path("s/page.html")) == Path("s/page.claims.yaml")


# ---- properties ----------------------------------------------------------------------

IDS = st.integers(min_value=1, max_value=12)
CAVEATS = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=3)
REVIEWS = st.builds(
    Review,
    status=st.sampled_from(["draft", "accepted", "rejected"]),
    note=st.none() | st.text(max_size=30),
    by=st.none() | st.sampled_from(["B. Reviewer", "yes", "null", "C: D"]),
    date=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    evidence=st.none() | st.sampled_from(list(Evidence)),
)


@st.composite
def fresh_claims(draw: st.DrawFn) -> list[ClaimRecord]:
    ids = draw(st.lists(IDS, unique=True, max_size=6))
    return [
        claim(
            n,
            caveats=tuple(draw(CAVEATS)),
            line=draw(st.integers(1, 50)),
            evidence=draw(st.none() | st.sampled_from(list(Evidence))),
        )
        for n in ids
    ]


@st.composite
def curated(draw: st.DrawFn) -> str:
    """A sidecar an editor curated: any earlier claims, with reviews and linked caveats."""
    earlier = draw(fresh_claims())
    text = render(None, earlier)
    if not earlier:
        return text
    edited = Sidecar(
        article=NAME,
        claims=[
            c.model_copy(
                update={
                    "review": draw(REVIEWS),
                    "caveats": draw(CAVEATS),
                    "stale": draw(st.booleans()),
                }
            )
            for c in earlier
        ],
    )
    # write the editor's values into the round-trip tree, as an editor would by hand
    loaded = sidecar.parse(text, PATH, NAME)
    for item, record in zip(loaded.tree["claims"], edited.claims, strict=True):
        review = record.review.model_dump(mode="json", exclude_none=True)
        item["review"] = sidecar_tree._build(review, "review")
        item["caveats"] = sidecar_tree._build(record.caveats, "caveats")
        item["stale"] = record.stale
    return yamlio.dump_document(loaded.tree)


@settings(max_examples=40, deadline=None)
@given(old=curated(), fresh=fresh_claims())
def test_merging_twice_equals_merging_once_and_keeps_editor_fields(
    old: str, fresh: list[ClaimRecord]
) -> None:
    once = render(old, fresh)
    assert render(once, fresh) == once
    before, after = records(old), records(once)
    assert set(before) <= set(after)  # nothing deleted
    for cid, earlier in before.items():
        now = after[cid]
        assert now.review == earlier.review
        assert set(earlier.caveats) <= set(now.caveats)
        if earlier.review.evidence is not None:
            assert now.evidence == earlier.review.evidence
    fresh_ids = [c.id for c in fresh]
    assert [c.id for c in after.values()][: len(fresh_ids)] == fresh_ids
    assert all(after[cid].stale == (cid not in fresh_ids) for cid in after)
