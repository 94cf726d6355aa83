"""`kettools classify`: one JSON object per input line, errors as one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kettools.cli.classify import classify

REQUIRED = {"text", "is_claim", "kind", "strength", "certainty", "cues", "subject", "reasons"}

LINES = [
    "Esketamine may reduce depressive symptoms.",
    "",
    "What is ketamine?",
    "Ketamine use was associated with bladder problems. It is never given at home.",
    "Ce médicament « révolutionnaire » guérit tout.",
]


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(classify, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_one_object_per_line_from_stdin() -> None:
    code, out, _ = run([], "\n".join(LINES) + "\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == LINES
    for row in rows:
        assert row.keys() >= REQUIRED
        assert set(row["subject"]) == {"intervention", "conditions", "population"}
        for cue in row["cues"]:
            assert row["text"][cue["start"] : cue["end"]] == cue["text"]
    assert rows[0]["strength"] == "conditional_causal"
    assert rows[1]["is_claim"] is False
    assert rows[2]["is_claim"] is False


def test_output_is_sorted_and_not_ascii_escaped() -> None:
    _, out, _ = run(["-"], LINES[4] + "\n")
    assert "révolutionnaire" in out
    assert list(json.loads(out)) == sorted(json.loads(out))


def test_reads_a_file_and_links_the_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "esketamine.yaml").write_text(
        "drug:\n  id: esketamine\n  name: esketamine\n  synonyms: [Spravato]\n", encoding="utf-8"
    )
    (catalog / "conditions.yaml").write_text(
        "conditions:\n  - id: treatment-resistant-depression\n"
        "    name: treatment-resistant depression\n",
        encoding="utf-8",
    )
    source = tmp_path / "in.txt"
    source.write_text(
        "Spravato helps treatment-resistant depression.\nNo subject here.\n", encoding="utf-8"
    )
    code, out, _ = run([str(source), "--catalog", str(catalog)])
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["subject"]["intervention"] == "esketamine"
    assert first["subject"]["conditions"] == ["treatment-resistant-depression"]
    assert second["subject"]["intervention"] is None


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run([str(tmp_path / "missing.txt")])
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "missing.txt" in err
    assert "Traceback" not in err


def test_undecodable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8\n")
    code, _, err = run([str(bad)])
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_missing_catalog_folder_exits_2(tmp_path: Path) -> None:
    code, _, err = run(["-", "--catalog", str(tmp_path / "nope")], "x\n")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
