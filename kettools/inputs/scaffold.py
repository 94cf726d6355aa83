"""`kettools init`: set up an editor's repository. Creates files; never overwrites one.

It writes the configuration (a `[tool.kettools]` table appended to an existing
`pyproject.toml` that has none, else a `kettools.toml`), a `sources/` folder with a
bibliography to fill in and a README, a catalog folder with a stub for each drug the
editor names and a conditions file, and `.kettools_cache/` in `.gitignore`. A file that
exists is kept as it is and reported as kept; nothing invented (a code, a date, a
caveat) is written as a fact: the stubs hold commented examples to fill in.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kettools.errors import KettoolsError

CACHE_LINE = ".kettools_cache/"


class InitError(KettoolsError):
    """An init that cannot be done (one line)."""


@dataclass(slots=True)
class Done:
    """What init did, file by file: (path, what happened)."""

    steps: list[tuple[Path, str]] = field(default_factory=list)

    def add(self, path: Path, what: str) -> None:
        self.steps.append((path, what))


def drug_id(name: str) -> str:
    """A catalog id from a drug's name: lower case, words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")
    if any(not c.isprintable() for c in name.strip()):
        raise InitError(f"--drug {name!r}: a drug name is one line of text")
    if not slug:
        raise InitError(f"--drug {name!r}: a drug name needs a letter or a digit")
    return slug


CONFIG = """\
# kettools configuration: every key is listed in kettools' docs/configuration.md.
sources = "sources"            # the folder `kettools check` checks when given no path
catalog = "sources/catalog"    # drugs and conditions the articles talk about
fail_on = "error"              # exit 1 on error-level findings (CI fails)
"""

PYPROJECT_TABLE = """
[tool.kettools]
# every key is listed in kettools' docs/configuration.md
sources = "sources"
catalog = "sources/catalog"
fail_on = "error"
"""

BIBLIOGRAPHY = """\
# The bibliography of the articles in this folder: a list of CSL items (CSL YAML), as
# Zotero and Pandoc write them. An article names it in its front matter
# (`bibliography: references.yaml`) and cites an item as [@id].
# `evidence` is kettools' own field: the kind of study (meta-analysis, systematic-review,
# guideline, rct, regulatory, cohort, case-control, case-series, expert-opinion,
# preclinical). See docs/reference/bibliography.md in kettools.
# Copy every field from the source itself; never guess a DOI or PMID.
#
# - id: surname2024
#   type: article-journal
#   title: The title of the article, as published
#   author:
#     - {family: Surname, given: A. B.}
#   container-title: The journal
#   issued: {date-parts: [[2024]]}
#   DOI: the DOI printed on the article
#   evidence: rct
[]
"""

DRUG = """\
# The catalog entry for {name}: what kettools knows about the drug. Fill it in from the
# product label and the regulators' decisions; see docs/reference/catalog.md in kettools.
# Until `caveats` lists the drug's required safety caveats, kettools cannot say that an
# article leaves one out (KT301); until `regulation` lists its approved uses, it cannot
# say that a use is off-label (KT401, KT402). Never guess a code or a date.
drug:
  id: {id}
  name: {quoted}
  synonyms: []          # brand names and other spellings, e.g. [Brandname]
  codes: []             # e.g. [{{system: "http://snomed.info/sct", code: "..."}}]
  forms: []             # product forms that exist legally, e.g. [tablet]
  regulation: []
  #  - jurisdiction: US
  #    authority: FDA
  #    status: approved          # approved, off-label or not-approved
  #    conditions: [a-condition-id-from-conditions.yaml]
  #    date: YYYY-MM-DD
  caveats: []
  #  - id: a-short-id
  #    title: The caveat in a few words
  #    text: The caveat in plain words, as a leaflet would say it.
  #    phrases: [words that show an article states it]
  #    type: warning             # warning, contraindication, undesirable-effect, interaction
"""

CONDITIONS = """\
# Conditions the articles and the drugs' regulation entries name, by id.
# See docs/reference/catalog.md in kettools.
#
#  - id: a-condition
#    name: the condition's name
#    synonyms: [other names]
#    codes: []                  # never guess a code
conditions: []
"""

SOURCES_README = """\
# Articles

Each article is a Markdown file with YAML front matter (or a .txt or .html file).
`kettools check` checks every article in this folder; this README is skipped.

- `references.yaml`: the bibliography the articles cite as [@id].
- `catalog/`: one file per drug (`<drug>.yaml`) and `conditions.yaml`.

Front matter keys: docs/reference/front-matter.md in kettools.
"""


def _create(path: Path, text: str, done: Done) -> None:
    """Write a new file; an existing one is kept, untouched."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        done.add(path, "kept (it exists)")
        return
    except OSError as exc:
        raise InitError(f"{path}: cannot write: {exc.strerror or exc}") from None
    done.add(path, "created")


def _append(path: Path, text: str, done: Done, what: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InitError(f"{path}: cannot write: {exc.strerror or exc}") from None
    done.add(path, what)


def _config(root: Path, done: Done) -> None:
    own = root / "kettools.toml"
    pyproject = root / "pyproject.toml"
    if own.exists():
        done.add(own, "kept (it exists)")
        return
    if not pyproject.is_file():
        _create(own, CONFIG, done)
        return
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InitError(f"{pyproject}: cannot read it as TOML ({exc}); left unchanged") from None
    if "kettools" in data.get("tool", {}):
        done.add(pyproject, "kept (it has a [tool.kettools] table)")
        return
    lead = "" if text.endswith("\n") or not text else "\n"
    _append(pyproject, lead + PYPROJECT_TABLE, done, "added [tool.kettools] at its end")


def _gitignore(root: Path, done: Done) -> None:
    path = root / ".gitignore"
    if not path.exists():
        _create(path, CACHE_LINE + "\n", done)
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        done.add(path, f"kept (unreadable); add {CACHE_LINE} to it yourself")
        return
    if CACHE_LINE in lines or CACHE_LINE.rstrip("/") in lines:
        done.add(path, "kept (it ignores the cache)")
        return
    text = path.read_text(encoding="utf-8")
    lead = "" if text.endswith("\n") or not text else "\n"
    _append(path, f"{lead}{CACHE_LINE}\n", done, f"added {CACHE_LINE}")


def init(root: Path, drugs: list[str]) -> Done:
    """Set up `root` for kettools; see the module doc."""
    if not root.is_dir():
        raise InitError(f"{root}: no such folder")
    ids = [(drug_id(name), name.strip()) for name in drugs]
    done = Done()
    _config(root, done)
    sources = root / "sources"
    _create(sources / "README.md", SOURCES_README, done)
    _create(sources / "references.yaml", BIBLIOGRAPHY, done)
    _create(sources / "catalog" / "conditions.yaml", CONDITIONS, done)
    for slug, name in ids:
        text = DRUG.format(id=slug, name=name, quoted=json.dumps(name, ensure_ascii=False))
        _create(sources / "catalog" / f"{slug}.yaml", text, done)
    _gitignore(root, done)
    return done
