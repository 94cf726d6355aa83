"""The text report: source lines with the words underlined, grouped by file, --statistics,
--quiet, NO_COLOR/FORCE_COLOR, the progress bar, and each file checked once."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kettools.cli import progress as progress_mod
from kettools.cli.main import cli
from kettools.report import snippet
from kettools.report.snippet import cut
from tests.conftest import ONE_ARTICLE, one_article_project

ARTICLE = ONE_ARTICLE


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    one_article_project(tmp_path, monkeypatch)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args], env=env)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def underlined(out: str, code: str) -> str:
    """The words under the carets of the first finding of `code`."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if f" {code} " in line)
    text, marks = lines[at + 2], lines[at + 3]
    start = marks.index("^")
    return text[start : start + marks.count("^")]


def test_the_flagged_words_are_underlined_under_their_line(project: Path) -> None:
    out = run("sources/a.md", "--select", "KT201")
    assert out.splitlines()[0] == "sources/a.md: 1 error"
    assert "6 | Esketamine is a groundbreaking treatment [@popova2019]." in out
    assert underlined(out, "KT201") == "groundbreaking"
    assert "  = help: " in out
    assert out.splitlines()[-1] == "1 file checked: 1 error, 0 warnings, 0 infos"


def test_a_long_paragraph_shows_a_window_around_the_words(project: Path) -> None:
    filler = "Patients and doctors talked about many ordinary things in the clinic that day. "
    text = filler * 8 + "Esketamine is a groundbreaking treatment. " + filler * 8
    (project / "sources" / "long.txt").write_text(text.strip() + "\n")
    out = run("sources/long.txt", "--select", "KT201")
    shown = next(line for line in out.splitlines() if line.startswith("1 | "))
    assert shown.startswith("1 | …") and shown.endswith("…")
    assert len(shown) < 120
    assert underlined(out, "KT201") == "groundbreaking"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("short line with words here", "words"),
        ("x" * 300 + " the words " + "y " * 200, "words"),
        ("一二三 words after wide characters", "words"),
        ("e\u0301e\u0301 words after combining accents", "words"),
    ],
)
def test_the_underline_sits_under_the_words(line: str, words: str) -> None:
    start = line.index(words)
    shown = cut(line, start + 1, start + 1 + len(words))
    assert shown.marks == len(words)
    # the words begin `pad` display columns into the shown text
    before = shown.text[: shown.text.index(words)]
    wide = sum(2 if "\u4e00" <= c <= "\u9fff" else 0 if c == "\u0301" else 1 for c in before)
    assert wide == shown.pad


def test_terminal_control_characters_from_an_article_are_not_printed() -> None:
    shown = cut("an \x1b[31mescape\x1b[0m and a \u202eswap", 1, 3)
    assert "\x1b" not in shown.text and "\u202e" not in shown.text


def test_the_fast_paths_of_clean_and_widths_agree_with_each_character() -> None:
    """`clean` returns printable text whole and an ASCII span is as wide as it is long:
    true of every code point, one by one and as a run."""
    for point in range(0x110000):
        char = chr(point)
        if char.isprintable():
            assert snippet._shown(char) == char, hex(point)
        if char.isascii():
            assert snippet._width(char) == 1, hex(point)
    text = "caf\u00e9\tA\u200b\x1b[31m\u4e2d\u0301 ok"
    assert snippet.clean(text) == "".join(map(snippet._shown, text))
    assert snippet.cut(text, 1, None).text == snippet.clean(text)


def test_statistics_counts_per_rule(project: Path) -> None:
    (project / "sources" / "b.md").write_text(ARTICLE.replace("groundbreaking", "miracle"))
    out = run("sources", "--select", "KT201", "--statistics")
    first = out.splitlines()[0].split()
    assert first == ["2", "KT201", "hype-term", "error"]
    assert "|" not in out and out.splitlines()[-1].startswith("2 files checked")
    result = CliRunner().invoke(cli, ["check", "sources", "--statistics", "--format", "json"])
    assert result.exit_code == 2 and "--statistics" in result.stderr


def test_quiet_prints_one_line_per_finding_and_nothing_else(project: Path) -> None:
    out = run("sources/a.md", "--select", "KT201", "--quiet")
    assert out.splitlines() == [
        "sources/a.md:6:17: error KT201 [overstated] 'groundbreaking' overstates the evidence"
    ]
    assert run("sources/a.md", "--select", "KT402", "-q") == ""


def test_info_findings_are_listed_in_the_header_unless_asked_for(project: Path) -> None:
    import json

    data = json.loads(run("sources/a.md", "--format", "json"))
    infos = sorted(f["code"] for f in data["findings"] if f["severity"] == "info")
    assert infos, "the review finds criteria not met in the one-article project"
    out = run("sources/a.md")
    header = out.splitlines()[0]
    assert header.startswith("sources/a.md: ")
    assert header.endswith(f" (not shown: {', '.join(dict.fromkeys(infos))}; --show-info)")
    assert " info KT" not in out  # no info finding printed, no source line or help for it
    assert "review " in out and "not met: " in out  # the scorecard sums them up
    assert out.splitlines()[-1].endswith(f"{len(infos)} infos")  # and they are counted
    for asked in (("--show-info",), ("--fail-on", "info")):
        full = run("sources/a.md", *asked)
        assert "not shown" not in full
        assert sorted(line.split()[2] for line in full.splitlines() if " info KT" in line) == infos
    # --quiet lists every finding, infos too, one line each
    quiet = run("sources/a.md", "-q")
    assert sum(" info KT" in line for line in quiet.splitlines()) == len(infos)


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        ({}, "auto", False),  # not a terminal
        ({"FORCE_COLOR": "1"}, "auto", True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False),
        ({"NO_COLOR": ""}, "always", True),  # an empty NO_COLOR is unset
        ({"NO_COLOR": "1"}, "always", True),  # the flag wins
        ({"FORCE_COLOR": "1"}, "never", False),
    ],
)
def test_no_color_and_force_color(
    project: Path, env: dict[str, str], flag: str, coloured: bool
) -> None:
    out = run("sources/a.md", "--select", "KT201", "--color", flag, env=env)
    assert ("\x1b[" in out) is coloured


def test_the_same_file_named_twice_is_checked_once(project: Path) -> None:
    out = run("sources/a.md", "./sources/a.md", str(project / "sources" / "a.md"), "sources")
    assert out.splitlines()[-1].startswith("1 file checked")
    assert out.count("KT201 [overstated]") == 1


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_only_on_a_terminal_and_only_when_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = iter([0.0, 0.2, 5.0, 5.01, 5.02, 0.0, 9.0])
    monkeypatch.setattr(progress_mod, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    stream = Tty()
    bar = progress_mod.Progress(stream)  # starts at 0.0
    bar(1, 4)  # 0.2 s: too soon, nothing drawn
    assert stream.getvalue() == ""
    bar(2, 4)  # 5.0 s: drawn
    assert "2/4" in stream.getvalue()
    bar(3, 4)  # 5.01 s: too soon after the last redraw
    assert "3/4" not in stream.getvalue()
    bar(4, 4)  # the last one is always drawn
    assert "4/4" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")
    piped = io.StringIO()
    quiet = progress_mod.Progress(piped)  # not a terminal
    quiet(1, 1)
    assert piped.getvalue() == ""


def test_github_format_annotates_errors_first_within_the_limits() -> None:
    from kettools.models.finding import Finding
    from kettools.report.github import PER_KIND, GithubReporter
    from kettools.results import CheckResult, FileResult

    def make(i: int, severity: str) -> Finding:
        return Finding(
            code="KT201", name="hype-term", category="overstated", severity=severity,
            message=f"finding {i}", path="a.md", line=i + 1, column=1, end_line=i + 1,
            end_column=2,
        )  # fmt: skip

    findings = [make(i, "warning") for i in range(15)] + [make(i, "error") for i in range(25)]
    lines = GithubReporter().render(CheckResult([FileResult("a.md", findings)])).splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert [a.split(" ", 1)[0] for a in annotations] == (
        ["::error"] * PER_KIND + ["::warning"] * PER_KIND + ["::notice"]
    )
    assert annotations[-1].startswith("::notice title=kettools::20 of 40 findings")
    assert "SARIF" in annotations[-1]
    rest = [line for line in lines if not line.startswith("::")]
    assert len(rest) == 20 and all(line.startswith("a.md:") for line in rest)
    few = GithubReporter().render(CheckResult([FileResult("a.md", findings[:3])])).splitlines()
    assert len(few) == 3 and all(line.startswith("::warning ") for line in few)
