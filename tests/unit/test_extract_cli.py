"""`kettools extract`: writes sidecars, --check, never overwrites invalid ones; check reads them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kettools import engine
from kettools.claims import sidecar
from kettools.cli.common import today
from kettools.cli.extract import extract
from kettools.files import yamlio
from kettools.inputs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = """---
title: Ketamine for depression
intervention: ketamine
bibliography: references.yaml
---
# What it does

Ketamine improves depression within a day.

Ketamine can cause dissociation and raised blood pressure [@glue2017].
"""
REFERENCES = """- id: glue2017
  type: article-journal
  title: Ketamine's dose-related effects on anxiety symptoms
  evidence: case-series
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    (sources / "references.yaml").write_text(REFERENCES)
    (sources / "art.md").write_text(ARTICLE)
    monkeypatch.chdir(tmp_path)
    return sources


def run(*args: str) -> Result:
    return CliRunner().invoke(extract, list(args))


def check(path: Path) -> list[tuple[str, str | None]]:
    config = load_config(path)
    result = engine.check([path], config, today())
    return [(f.code, f.claim_id) for f in result.findings]


def test_extract_writes_the_sidecar_and_a_second_run_changes_nothing(project: Path) -> None:
    first = run()
    assert first.exit_code == 0, first.output
    assert first.output == "sources/art.claims.yaml: created (2 claims)\n"
    side = project / "art.claims.yaml"
    written = side.read_bytes()
    data = yamlio.load(written.decode())
    assert data["article"] == "art.md" and len(data["claims"]) == 2
    stamp = side.stat().st_mtime_ns
    again = run("sources")
    assert again.exit_code == 0 and again.output == ""
    assert side.read_bytes() == written and side.stat().st_mtime_ns == stamp
    assert not list(project.glob("*.lock")) and not list(project.glob(".*.tmp"))


def test_check_flag_reports_missing_and_out_of_date(project: Path) -> None:
    missing = run("--check", "sources")
    assert missing.exit_code == 1
    assert missing.output == "sources/art.claims.yaml: out of date (missing)\n"
    assert not (project / "art.claims.yaml").exists()
    assert run("sources").exit_code == 0
    assert run("--check", "sources").exit_code == 0
    article = project / "art.md"
    article.write_text(article.read_text() + "\nKetamine works for everyone.\n")
    before = (project / "art.claims.yaml").read_bytes()
    stale = run("--check", "sources/art.md")
    assert stale.exit_code == 1 and stale.output == "sources/art.claims.yaml: out of date\n"
    assert (project / "art.claims.yaml").read_bytes() == before


def test_layout_is_the_editors_and_a_changed_field_is_out_of_date(project: Path) -> None:
    assert run("sources").exit_code == 0
    side = project / "art.claims.yaml"
    # an editor re-quotes the article name and adds a comment: the records are the same
    relaid = side.read_text().replace("article: art.md", "article: 'art.md'  # ours", 1)
    side.write_text(relaid)
    assert run("--check", "sources").exit_code == 0
    assert run("sources").output == "" and side.read_text() == relaid
    # a refreshed field edited by hand is out of date, and extract restores it
    was = re.search(r"strength: (\w+)", relaid)
    assert was is not None
    other = "none" if was.group(1) != "none" else "direct_causal"
    side.write_text(relaid.replace(was.group(), f"strength: {other}", 1))
    stale = run("--check", "sources")
    assert stale.exit_code == 1 and stale.output == "sources/art.claims.yaml: out of date\n"
    assert run("sources").output == "sources/art.claims.yaml: updated (2 claims)\n"
    assert run("--check", "sources").exit_code == 0


def test_editor_work_survives_an_article_change(project: Path) -> None:
    run()
    side = project / "art.claims.yaml"
    text = side.read_text()
    first_id = yamlio.load(text)["claims"][0]["id"]
    edited = text.replace(
        "    review:\n      status: draft\n",
        "    review:\n      status: rejected  # needs a source\n      note: Cite the trial.\n"
        "      by: B. Reviewer\n",
        1,
    ).replace("article: art.md", "# curated by B.\narticle: art.md")
    side.write_text(edited)
    article = project / "art.md"
    article.write_text(article.read_text().replace("within a day", "within a few hours"))
    result = run()
    assert result.exit_code == 0, result.output
    text = side.read_text()
    assert "# curated by B." in text and "# needs a source" in text
    claims = {c["id"]: c for c in yamlio.load(text)["claims"]}
    assert claims[first_id]["stale"] is True
    assert claims[first_id]["review"] == {
        "status": "rejected",
        "note": "Cite the trial.",
        "by": "B. Reviewer",
    }
    article.write_text(ARTICLE)
    run()
    claims = {c["id"]: c for c in yamlio.load(side.read_text())["claims"]}
    assert claims[first_id]["stale"] is False and claims[first_id]["review"]["by"] == "B. Reviewer"
    assert len(claims) == 3  # the reworded sentence stays, stale


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda t: t.replace("claims:", "claims: [", 1), "sources/art.claims.yaml:"),
        (
            lambda t: t.replace("      status: draft", "      status: yes please", 1),
            "sources/art.claims.yaml:",
        ),
    ],
)
def test_invalid_sidecar_is_an_error_and_left_unchanged(
    project: Path, damage: Callable[[str], str], where: str
) -> None:
    run()
    side = project / "art.claims.yaml"
    side.write_text(damage(side.read_text()) + "# my notes\n")
    before = side.read_bytes()
    (project / "art.md").write_text(ARTICLE + "\nKetamine works for everyone.\n")
    for args in ([], ["--check"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.output.startswith(f"kettools: error: {where}")
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
        assert side.read_bytes() == before


def test_unreadable_article_is_one_line_exit_2(project: Path) -> None:
    (project / "bad.md").write_bytes(b"  \n")
    result = run()
    assert result.exit_code == 2
    assert "kettools: error: sources/bad.md:1:" in result.output
    assert (project / "art.claims.yaml").exists()  # the other articles are still done


def test_missing_path_is_a_usage_error(project: Path) -> None:
    result = run("nowhere")
    assert result.exit_code == 2
    assert result.output == "kettools: error: nowhere: no such file or directory\n"


def _set_review(side: Path, claim_id: str, review: str) -> None:
    text = side.read_text()
    head, rest = text.split(f"  - id: {claim_id}\n", 1)
    rest = rest.replace("    review:\n      status: draft\n", review, 1)
    side.write_text(head + f"  - id: {claim_id}\n" + rest)


def test_check_drops_findings_of_an_accepted_claim(project: Path) -> None:
    article = project / "art.md"
    unsupported = [cid for code, cid in check(article) if code == "KT101"]
    assert unsupported and unsupported[0] is not None
    run()
    _set_review(
        project / "art.claims.yaml",
        unsupported[0],
        "    review:\n      status: accepted\n      note: a figure of speech\n",
    )
    codes = check(article)
    assert ("KT101", unsupported[0]) not in codes
    assert all(cid != unsupported[0] for _, cid in codes)
    assert any(cid is None for _, cid in codes)  # article-level findings stay


def test_evidence_override_changes_kt203(project: Path) -> None:
    article = project / "art.md"
    overstated = [cid for code, cid in check(article) if code == "KT203"]
    assert overstated and overstated[0] is not None
    run()
    side = project / "art.claims.yaml"
    _set_review(side, overstated[0], "    review:\n      status: draft\n      evidence: rct\n")
    assert ("KT203", overstated[0]) not in check(article)
    text = side.read_text().replace("      evidence: rct\n", "      evidence: preclinical\n")
    side.write_text(text)
    assert ("KT203", overstated[0]) in check(article)


def test_check_reports_an_invalid_sidecar_as_kt004(project: Path) -> None:
    run()
    side = project / "art.claims.yaml"
    lines = side.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line == "      status: draft")
    lines[number - 1] = "      status: aproved"
    side.write_text("\n".join(lines) + "\n")
    result = engine.check([project / "art.md"], load_config(project), today())
    kt004 = [f for f in result.findings if f.code == "KT004"]
    assert len(kt004) == 1
    assert (kt004[0].path, kt004[0].line, kt004[0].name) == (
        "sources/art.claims.yaml",
        number,
        "sidecar-invalid",
    )
    assert kt004[0].excerpt == "status: aproved" and kt004[0].category == "input"
    assert result.exit_code("error") == 1


def test_concurrent_runs_leave_a_valid_sidecar_with_editor_fields(project: Path) -> None:
    run()
    side = project / "art.claims.yaml"
    first_id = yamlio.load(side.read_text())["claims"][0]["id"]
    _set_review(side, first_id, "    review:\n      status: accepted  # on purpose\n")
    (project / "art.md").write_text(ARTICLE.replace("within a day", "within hours"))
    code = "from kettools.cli.extract import extract; extract(['sources'])"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    assert all(rc == 0 for _, _, rc in results), results
    text = side.read_text()
    loaded = sidecar.parse(text, side, "art.md")
    claims = {c.id: c for c in loaded.sidecar.claims}
    assert claims[first_id].stale and claims[first_id].review.status == "accepted"
    assert "# on purpose" in text
    assert not list(project.glob("*.lock")) and not list(project.glob(".*.tmp"))


def test_threads_serialise_on_the_lock(project: Path) -> None:
    side = project / "x.claims.yaml"
    inside, overlaps = [0], [0]

    def work() -> None:
        for _ in range(20):
            with sidecar.locked(side):
                inside[0] += 1
                overlaps[0] = max(overlaps[0], inside[0])
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps[0] == 1
    assert not (project / "x.claims.yaml.lock").exists()


def test_jobs_give_the_same_messages_and_sidecars(project: Path) -> None:
    for i in range(5):
        (project / f"a{i}.md").write_text(ARTICLE.replace("within a day", f"within {i + 2} days"))
    (project / "bad.md").write_bytes(b"  \n")  # unreadable: reported in its place
    runs = []
    for jobs in ("1", "2"):
        for side in project.glob("*.claims.yaml"):
            side.unlink()
        first, again, checked = run("-j", jobs), run("-j", jobs), run("--check", "-j", jobs)
        sides = {p.name: p.read_bytes() for p in sorted(project.glob("*.claims.yaml"))}
        runs.append((first.exit_code, first.output, again.output, checked.output, sides))
    assert runs[0] == runs[1]
    code, output, again, checked, sides = runs[0]
    assert code == 2 and len(sides) == 6
    assert output.count("created (") == 6 and output.count("kettools: error: sources/bad.md") == 1
    # a second run and --check have nothing to say but the unreadable article
    assert again == checked and again.startswith("kettools: error: sources/bad.md:")
    assert again.count("\n") == 1
