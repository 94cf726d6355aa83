"""One finding per problem: findings that are parts of one problem become one finding.

An editor fixes a problem once, so it is reported once, and the finding's `items` keep
every part (each with its place, words and id) for tools that want them:

* An article that cites nothing at all: its "claim needs a citation" findings (KT101)
  become one article-level finding on line 1 that lists every uncited claim. Where an
  article cites some sources, each uncited claim stays its own finding: there the
  editor must look at each sentence.
* An article with no front matter (plain text, HTML): the metadata findings on line 1
  (KT601-KT606) become one finding that lists what is missing.

Advice or an instruction to the reader ("Tell your doctor if you are pregnant.") says
what to do, not what a treatment does: its "claim needs a citation" finding (KT101) is
dropped first (``claimhood.is_advice``).

Missing caveats (KT301) and a repeated phrase (KT702) are gathered by their rules.
This runs after suppressions, `select`/`ignore` and severity overrides, so the merged
finding is made of exactly the findings that would have been reported, and takes the
highest severity among them.
"""

from __future__ import annotations

from kettools.ingest.document import Article
from kettools.language.claimhood import is_advice
from kettools.models.finding import Finding, Item

UNCITED = "KT101"
METADATA = "metadata"
_MORE = 5  # lines named in a message before "..."


def _item(finding: Finding, ident: str | None) -> Item:
    return Item(
        message=finding.message,
        line=finding.line,
        column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
        id=ident,
        excerpt=finding.excerpt,
    )


def _merge(
    parts: list[Finding], article: Article, message: str, help: str, ids: list[str | None]
) -> Finding:
    first = parts[0]
    severity = max((f.severity for f in parts), key=lambda s: s.rank)
    text = article.source.line_text(1) if article.source.line_count else ""
    return first.model_copy(
        update={
            "severity": severity,
            "message": message,
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": len(text) + 1,
            "claim_id": None,
            "excerpt": text,
            "help": help,
            "items": tuple(_item(f, i) for f, i in zip(parts, ids, strict=True)),
        }
    )


def _lines(parts: list[Finding]) -> str:
    lines = [str(n) for n in dict.fromkeys(f.line for f in parts)]
    return ", ".join(lines[:_MORE]) + (", ..." if len(lines) > _MORE else "")


def collapse(findings: list[Finding], article: Article | None) -> list[Finding]:
    """`findings` of one article with the parts of one problem merged, sorted."""
    if article is None:
        return findings
    kept = [f for f in findings if not (f.code == UNCITED and is_advice(f.excerpt))]
    uncited = [f for f in kept if f.code == UNCITED]
    if len(uncited) > 1 and not article.citations:
        kept = [f for f in kept if f.code != UNCITED]
        kept.append(
            _merge(
                uncited,
                article,
                f"the article cites no source for any of its {len(uncited)} claims that need "
                f"one (lines {_lines(uncited)})",
                "Give the evidence for these claims: cite the studies or reviews they rest on "
                "(each claim is listed in this finding's items), or remove the claims.",
                [f.claim_id for f in uncited],
            )
        )
    missing = [f for f in kept if f.category == METADATA and f.line == 1]
    if len(missing) > 1 and not article.has_front_matter:
        kept = [f for f in kept if not (f.category == METADATA and f.line == 1)]
        what = "; ".join(f.message for f in missing)
        kept.append(
            _merge(
                missing,
                article,
                f"the article has no front matter, so its review metadata is missing: {what}",
                "Give the article a YAML front matter block (between '---' lines at the top of "
                "a Markdown file; plain text and HTML carry none) with "
                + ", ".join(f"'{f.excerpt}'" for f in missing if f.excerpt)
                + "; or, for articles that are not yours to edit, --ignore metadata.",
                [f.code for f in missing],
            )
        )
    return sorted(kept, key=Finding.sort_key)
