"""Inputs and faults that used to end in a traceback (exit 1) or in a raw line in a CI log:
each is now a finding or one line of error, exit code 2 at most."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.conftest import GOOD_FRONT, assert_clean, kettools

DEEP_JSON = "[" * 100_000 + "]" * 100_000
BODY = "\nKetamine may help some adults with depression [@janik2025].\n"


# ---- deeply nested JSON -----------------------------------------------------------------


def test_deeply_nested_json_bibliography_is_a_finding(example: Path) -> None:
    (example / "sources" / "refs.json").write_text(DEEP_JSON)
    article = example / "sources" / "good.md"
    article.write_text(article.read_text().replace("references.yaml", "refs.json"))
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert_clean(run, max_code=1, error_lines=0)
    kt003 = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "KT003"]
    assert len(kt003) == 1 and "nested deeper than 64" in kt003[0]["message"]


def test_deeply_nested_json_policy_is_one_line(example: Path) -> None:
    (example / "policies").mkdir()
    (example / "policies" / "deep.json").write_text(DEEP_JSON)
    (example / "pyproject.toml").write_text("[tool.kettools]\npolicies = ['policies']\n")
    run = kettools("check", "--no-cache", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "deep.json:1: JSON nested deeper than 64 levels" in run.stderr


def test_deeply_nested_baseline_is_one_line(example: Path) -> None:
    (example / "baseline.json").write_text('{"version": 1, "findings": ' + DEEP_JSON + "}")
    run = kettools("check", "--no-cache", "--baseline", "baseline.json", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "baseline.json: not a kettools baseline" in run.stderr


# ---- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("tool = 5\n", "'tool' must be a table"),
        ("[tool]\nkettools = 5\n", "[tool.kettools] must be a table"),
        ('[tool.kettools]\ncatalog = "a\\u0000b"\n', "catalog: Value error, a path may not"),
        ('[tool.kettools]\npolicies = ["p\\u0000"]\n', "may not contain a NUL"),
    ],
)
def test_bad_config_values_are_one_line(example: Path, toml: str, says: str) -> None:
    (example / "kettools.toml").write_text(toml)  # found before pyproject.toml
    run = kettools("check", "sources", "--no-cache", cwd=example)
    assert_clean(run)
    assert run.code == 2 and says in run.stderr


def test_deleted_current_folder_is_one_line(example: Path) -> None:
    gone = example / "gone"
    gone.mkdir()
    code = (
        "import os, sys, runpy; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "sys.argv = ['kettools', 'check', '--no-cache']; runpy.run_module('kettools')"
    )
    env = {**os.environ, "KETTOOLS_NO_DAEMON": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(gone)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("kettools: error: the current folder cannot be used")


# ---- file names ----------------------------------------------------------------------------


def test_file_name_that_is_not_utf8_is_checked_and_printed_escaped(example: Path) -> None:
    text = (example / "sources" / "good.md").read_bytes()
    name = os.path.join(os.fsencode(example / "sources"), b"caf\xe9.md")
    with open(name, "wb") as handle:
        handle.write(text)
    run = kettools("check", "--format", "json", "--no-cache", cwd=example)
    assert_clean(run, max_code=1, error_lines=0)
    assert json.loads(run.stdout)["summary"]["files"] == 2
    for args in (("extract",), ("export", "--to", "jsonld", "--out", "out")):
        run = kettools(*args, cwd=example)
        assert_clean(run, error_lines=0)
        assert "caf\\xe9" in run.stdout or "caf-xe9" in run.stdout


NEWLINE_NAME = "a\n::error file=x::pwned.md"


@pytest.mark.parametrize(
    "args",
    [
        ("extract",),
        ("export", "--to", "jsonld", "--out", "out"),
        ("check", "--format", "github", "--no-cache"),
        ("check", "--format", "text", "--no-cache"),
    ],
)
def test_newline_in_a_file_name_never_starts_a_line(example: Path, args: tuple[str, ...]) -> None:
    text = (example / "sources" / "good.md").read_text() + "\nThis miracle cure works.\n"
    (example / "sources" / NEWLINE_NAME).write_text(text)
    run = kettools(*args, cwd=example)
    assert_clean(run, max_code=1, error_lines=5)
    assert "pwned" in run.stdout + run.stderr  # printed, escaped
    for line in (run.stdout + run.stderr).splitlines():
        assert not line.startswith("::error file=x"), line


# ---- a full disk (RLIMIT_FSIZE: writes past the limit fail with EFBIG) ---------------------


def _small_disk() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def _run_on_full_disk(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "KETTOOLS_NO_DAEMON": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kettools", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_small_disk,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--no-cache", "--format", "json", "--output", "report.json"),
        ("check", "--no-cache", "--write-baseline", "baseline.json"),
        ("export", "--to", "jsonld", "--out", "out"),
    ],
)
def test_full_disk_is_one_line_and_leaves_no_part_file(
    example: Path, args: tuple[str, ...]
) -> None:
    article = example / "sources" / "good.md"
    article.write_text(article.read_text() + "\nThis miracle cure works.\n")
    done = _run_on_full_disk(example, *args, *(["--allow-errors"] if "export" in args else []))
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kettools: error: ")
    assert "File too large" in lines[0]
    leftovers = [p for p in example.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert not (example / "report.json").exists() and not (example / "baseline.json").exists()


def test_read_only_output_folder_is_one_line(example: Path) -> None:
    (example / "out").mkdir()
    (example / "out" / "good").write_text("a file where the article's folder should be")
    run = kettools("export", "--to", "jsonld", "--out", "out", cwd=example)
    assert_clean(run)
    assert run.code == 2
    run = kettools("check", "--no-cache", "--output", "out/good/report.json", cwd=example)
    assert_clean(run)
    assert run.code == 2 and "out" in run.stderr
    _ = GOOD_FRONT, BODY


# ---- YAML: few nodes, much text ----------------------------------------------------------

LONG = "x" * 500_000
AMPLIFIED = f"a: &a {LONG}\nb: [{', '.join(['*a'] * 300)}]\n"  # 0.5 MB -> 150 MB of text


def test_alias_amplification_in_front_matter_is_refused_by_its_text(project: Path) -> None:
    (project / "sources" / "a.md").write_text(f"---\n{AMPLIFIED}---\n{BODY}")
    run = kettools("check", "--format", "json", "--no-cache", cwd=project, timeout=30)
    assert_clean(run, error_lines=0)
    (finding,) = json.loads(run.stdout)["findings"]
    assert finding["code"] == "KT001" and "aliases repeat more text" in finding["message"]
    assert run.seconds < 20


def test_alias_amplification_in_sidecar_and_bibliography(example: Path) -> None:
    (example / "sources" / "good.claims.yaml").write_text(AMPLIFIED)
    (example / "sources" / "references.yaml").write_text(AMPLIFIED)
    run = kettools("check", "--format", "json", "--no-cache", cwd=example, timeout=30)
    assert_clean(run, error_lines=0)
    found = {f["code"]: f["message"] for f in json.loads(run.stdout)["findings"]}
    assert "aliases repeat more text" in found["KT004"]
    assert "aliases repeat more text" in found["KT003"]


# ---- --diff-base and names git quotes -----------------------------------------------------


@pytest.mark.parametrize("name", ["with space.md", "café.md", "tab\there.md", "n\nl.md"])
def test_diff_base_keeps_findings_in_files_whose_names_git_quotes(example: Path, name: str) -> None:
    article = example / "sources" / name
    article.write_text((example / "sources" / "good.md").read_text())
    (example / "sources" / "good.md").unlink()
    ident = ("-c", "user.email=t@t", "-c", "user.name=t")
    for args in (("init", "-q"), (*ident, "add", "."), (*ident, "commit", "-qm", "start")):
        subprocess.run(["git", *args], cwd=example, check=True, capture_output=True)
    article.write_text(article.read_text() + "\nThis miracle cure works for everyone.\n")
    run = kettools("check", "--format", "json", "--no-cache", "--diff-base", "HEAD", cwd=example)
    assert_clean(run, max_code=1, error_lines=0)
    found = json.loads(run.stdout)["findings"]
    assert found and {f["code"] for f in found} >= {"KT201"}
    last = len(article.read_text().splitlines())
    assert all(f["line"] == last for f in found)
