"""KT801: the article reads above the grade its audience can manage."""

from __future__ import annotations

from collections.abc import Iterator

from kettools.checks.rules.base import Context, Rule
from kettools.checks.rules.common import body_sentences
from kettools.language.readability import measure
from kettools.models.finding import Finding, Severity

MIN_SENTENCES = 5


class ReadingLevel(Rule):
    """The article's text is harder to read than its audience can manage.

    The prose (paragraphs and list items; not headings, not citations) is measured
    with two grade formulas: SMOG (McLaughlin 1969, from words of three or more
    syllables) and Flesch-Kincaid (from sentence length and syllables per word),
    computed by `kettools/language/readability.py` without any download. The limit is
    `readability.<audience>` in the configuration (patients 8, general 10,
    clinicians 16); an article without an `audience` is held to `general`. When the
    mean of the two grades is above the limit, a warning at the `audience:` line (or
    line 1) gives both figures. Texts of fewer than 5 sentences are not measured.

    Failing (audience: patients):

        Notwithstanding considerable methodological heterogeneity, intravenous
        subanesthetic racemic ketamine demonstrably precipitates glutamatergic neuroplasticity.

    Passing (audience: patients):

        Ketamine is a medicine. It can help some people with depression. It can also
        make you feel sleepy.
    """

    article_level = True
    code = "KT801"
    name = "reading-level"
    category = "readability"
    severity = Severity.warning
    help = (
        "Use shorter sentences and everyday words; explain a medical term the first time you "
        "use it."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        sentences = [s.plain for s in body_sentences(ctx)]
        if len(sentences) < MIN_SENTENCES:
            return
        score = measure(sentences)
        audience = ctx.record.front_matter.audience or "general"
        limit = getattr(ctx.config.readability, str(audience), ctx.config.readability.general)
        smog, fk = score.smog, score.flesch_kincaid
        if (smog + fk) / 2 <= limit:
            return
        line = ctx.article.front_matter_lines.get("audience", 1)
        yield self.line_finding(
            ctx,
            line,
            f"reading grade SMOG {smog:.1f}, Flesch-Kincaid {fk:.1f}: "
            f"above {limit:g} for {audience}",
        )
