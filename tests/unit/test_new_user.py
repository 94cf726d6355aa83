"""The new user's path of docs/getting-started.md, end to end: a fresh repository, init,
an article about a new drug, the report, a finding accepted with a reason, a baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kettools.cli.main import cli

# a made-up drug: the test states no fact about a real one
ARTICLE = """---
title: Novadrine (an example drug) for low mood after childbirth
audience: patients
intervention: novadrine
bibliography: references.yaml
---

Novadrine is a revolutionary cure for low mood after childbirth.
"""

CAVEAT = """\
  caveats:
    - id: sleepiness
      title: Sleepiness
      text: Novadrine can make you very sleepy. Do not drive for 12 hours after a dose.
      phrases: [sleepy, sleepiness, drowsy]
      type: warning
"""


def kt(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_from_a_fresh_repository_to_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    for name in ("NO_COLOR", "FORCE_COLOR", "KETTOOLS_RULES_URL"):
        monkeypatch.delenv(name, raising=False)

    # a bare check says what to do
    code, _, err = kt("check")
    assert code == 2 and "kettools init" in err

    # init, naming the drug; then the editor fills in a caveat of the stub
    code, out, _ = kt("init", "--drug", "Novadrine")
    assert code == 0 and "sources/catalog/novadrine.yaml: created" in out
    stub = tmp_path / "sources" / "catalog" / "novadrine.yaml"
    stub.write_text(stub.read_text().replace("  caveats: []\n", CAVEAT))

    # an article about the new drug
    article = tmp_path / "sources" / "novadrine.md"
    article.write_text(ARTICLE)
    code, out, _ = kt("check", "--no-cache")
    assert code == 1, out
    lines = out.splitlines()
    assert lines[0].startswith("sources/novadrine.md: ")
    hype = lines.index(
        "sources/novadrine.md:8:16: error KT201 [overstated] "
        "'revolutionary' overstates the evidence"
    )
    assert lines[hype + 2] == "8 | Novadrine is a revolutionary cure for low mood after childbirth."
    assert lines[hype + 3] == "  |                ^^^^^^^^^^^^^"
    assert "Novadrine caveat: 'Sleepiness'" in out  # the catalog the editor filled in is used
    assert lines[-1].startswith("1 file checked: ")
    code, out, _ = kt("explain", "KT201")
    assert code == 0 and "Failing" in out

    # accept the hype word on purpose, with a reason
    quoted = ARTICLE.replace(
        "Novadrine is a revolutionary",
        "<!-- kettools-disable-next-line KT201 -- quoting the maker's press release -->\n"
        "Novadrine is a revolutionary",
    )
    article.write_text(quoted)
    code, out, _ = kt("check", "--no-cache", "--format", "json")
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert "KT201" not in codes and "KT901" not in codes and "KT902" not in codes
    assert codes  # the rest is still reported

    # adopt: a baseline accepts the rest; an edit above does not bring them back
    code, _, _ = kt("check", "--no-cache", "--write-baseline", ".kettools-baseline.json",
                    "--fail-on", "never")  # fmt: skip
    assert code == 0 and (tmp_path / ".kettools-baseline.json").is_file()
    code, out, _ = kt("check", "--no-cache", "--baseline", ".kettools-baseline.json")
    assert code == 0, out
    article.write_text(quoted.replace("---\n\n", "---\n\nA new first line of plain words.\n\n"))
    code, out, _ = kt("check", "--no-cache", "--baseline", ".kettools-baseline.json")
    assert code == 0, out
    assert out.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings, 0 infos"
