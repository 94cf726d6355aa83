"""The lexicon linter (kettools/language/lexicons/lint.py) over the shipped lexicons,
and on broken entries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kettools.language import lexicons
from kettools.language.lexicons import lint


def test_the_shipped_lexicons_have_no_errors() -> None:
    found, counts, slots = lint.lint()
    assert lint.errors(found) == []
    assert counts.entries > 1000
    assert counts.patterns <= 2  # the escape hatch stays rare: each one has a why
    assert {"det", "be", "have"} <= slots


def _problems(monkeypatch, data: dict[str, object]) -> list[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lexicons, "source", lambda name: data)
    return list(lint.problems("hedges", lint.Counts(), set()))


def test_broken_entries_are_reported(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    found = _problems(
        monkeypatch,
        {
            "description": "x",
            "colour": "blue",
            "groups": {
                "empty": [],
                "verb": [
                    "suggest(?:s|ed)?",
                    "May",
                    "doubt",
                    "doubt",
                    "{nosuchslot} shown",
                    {"phrase": "raise", "exceptions": ["the question"]},
                    {"phrase": "treat", "exceptions": ["{hit}ment"]},
                    {"pattern": "cur(?:es|ed) (?!is)\\w+"},
                    {"phrase": "x", "colour": "red"},
                ],
            },
        },
    )
    text = "\n".join(found)
    assert "unknown key 'colour'" in text
    assert "empty: an empty group" in text
    assert "write it as 'suggest[s|ed]'" in text
    assert "upper case" in text
    assert "'doubt' is written twice" in text
    assert "unknown slot or wildcard {nosuchslot}" in text
    assert "an exception that can never apply: an exception names {hit}" in text
    assert "can never apply: '{hit}ment'" in text
    assert "a pattern without a why" in text
    assert "unknown keys in" in text


def test_the_linter_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kettools.language.lexicons.lint"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "entries" in done.stdout.splitlines()[-1]


def test_an_old_style_entry_fails_to_load_with_the_way_to_fix_it() -> None:
    old = lexicons.Entry("verb", "suggest(?:s|ed)?", (), None, None)
    try:
        lexicons.entry_regex("hedges", old)
    except lexicons.LexiconError as exc:
        assert "hedges, group verb" in str(exc)
        assert "python -m kettools.language.lexicons.lint" in str(exc)
    else:
        raise AssertionError("an old-style entry loaded")


def test_the_shipped_translation_is_current() -> None:
    """compiled.json is what start-up reads; after editing a lexicon, run
    python -m kettools.language.lexicons.lint --write."""
    lexicons._shipped.cache_clear()
    shipped = lexicons._shipped()
    assert shipped, "compiled.json is missing or older than the lexicons: lint --write"
    assert shipped == {name: lexicons.translate(name) for name in lexicons.NAMES}


def test_an_edited_lexicon_is_translated_at_load(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lexicons._shipped.cache_clear()
    monkeypatch.setattr(lexicons, "digest", lambda: "not the shipped digest")
    try:
        assert lexicons._shipped() == {}
    finally:
        lexicons._shipped.cache_clear()


def test_every_lexicon_file_is_valid_against_the_schema() -> None:
    import json
    from pathlib import Path

    import jsonschema

    path = Path(__file__).resolve().parents[2] / "schemas" / "lexicon.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in lexicons.NAMES:
        errors = [e.message for e in validator.iter_errors(lexicons.source(name))]
        assert errors == [], name
    broken = {"description": "x", "groups": {"g": [{"phrase": "a", "colour": "red"}], "e": []}}
    assert len(list(validator.iter_errors(broken))) == 2


def _rule_data() -> list[Path]:
    """The rules' data files, all in the notation."""
    folder = Path(__file__).resolve().parents[2] / "kettools" / "checks" / "rules" / "data"
    return sorted(folder.glob("*.yaml"))


def test_the_rules_word_lists_have_no_errors() -> None:
    paths = _rule_data()
    assert {"attribution.yaml", "boilerplate.yaml", "spun_text.yaml"} <= {p.name for p in paths}
    found, counts, slots = lint.lint_files(paths)
    assert lint.errors(found) == []
    assert {"vague-source", "times-number"} <= slots
    assert counts.entries > 500
    assert counts.patterns <= 11  # each with its why


def test_a_broken_rule_data_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "min_count: 3\n"
        "slots:\n  thing: [risk, odds]\n  unused: [x]\n"
        "words: [suggest(?:s|ed)?, '{thing} ratio', May, odds, odds]\n"
        "entries:\n  - {pattern: 'a\\s+b', what: an x}\n  - {phrase: '{nothing}', means: y}\n"
        "  - {name: side effects, means: side effects}\n  - {colour: red}\n",
        encoding="utf-8",
    )
    found, counts, _ = lint.lint_files([path])
    text = "\n".join(found)
    assert "x.yaml: words: " in text
    assert "write it as 'suggest[s|ed]'" in text
    assert "upper case" in text
    assert "'odds' is written twice" in text
    assert "a pattern without a why" in text
    assert "unknown slot or wildcard {nothing}" in text
    assert "unknown keys in {'colour': 'red'}" in text
    assert "{thing}" not in text  # the file's own slot is known
    assert "the slot 'unused' is used by no entry" in text
    assert counts.entries == 11 and counts.patterns == 1  # slots count too


def test_the_linter_takes_rule_data_files() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kettools.language.lexicons.lint", *map(str, _rule_data())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout.splitlines()[-1]


def _review_data() -> list[Path]:
    """The article review's word lists, all in the notation."""
    folder = Path(__file__).resolve().parents[2] / "kettools" / "review" / "data"
    return sorted(folder.glob("*.yaml"))


def test_the_reviews_word_lists_have_no_errors() -> None:
    paths = _review_data()
    assert {"benefits.yaml", "speakers.yaml", "study.yaml"} <= {p.name for p in paths}
    found, counts, _ = lint.lint_files(paths)
    assert lint.errors(found) == []
    assert counts.entries > 300
    assert counts.patterns <= 35  # each with its why
    assert counts.exceptions >= 2


def test_the_reviews_word_lists_are_converted(tmp_path: Path) -> None:
    """The conversion of an old-style review file (python -m
    kettools.language.lexicons.convert FILE) leaves the shipped files as they are."""
    from kettools.language.lexicons.convert import rewrite_file

    for path in _review_data():
        text = path.read_text(encoding="utf-8")
        assert rewrite_file(text, lexicons.vocabulary())[0] == text, path.name


def test_an_old_style_review_file_is_rewritten_in_place(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text(
        "# Regular expressions, lower case.\n"
        "# a list\n"
        "cues:\n"
        "  - \\bside[-\\s]effects?\\b\n"
        "  - \\bharms?\\b(?!\\s+reduction)\n"
        "  - \\bdiarrh(?:o)?ea\\b\n"
        "  - \\bjournal\\s+[A-Z][\\w&.-]+\n"
        "  - \\d(?<!\\w\\d)[\\d,.]*\\b\n"
        "  - already (in the) notation\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "kettools.language.lexicons.convert", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "3 phrases written, 2 patterns left" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert "# a list\ncues:\n  - side(-| )effect[s]\n" in text
    assert "  - phrase: harm[s]\n    exceptions:\n      - '{hit} reduction'\n" in text
    assert "  - diarrh[o]ea\n" in text
    assert "why: 'capital letters" in text
    assert "why: a number's first digit" in text
    assert "  - already (in the) notation\n" in text
    assert "Regular expressions" not in text
    found, counts, _ = lint.lint_files([path])
    assert lint.errors(found) == [] and counts.patterns == 2
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "0 phrases written, 0 patterns left" in again.stdout
    assert path.read_text(encoding="utf-8") == text
