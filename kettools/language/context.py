"""Context rules: when a lexicon match does not mean what its word usually means.

Each rule looks only at the few characters around a match in the lower-cased
sentence (``low``) or, for case, the original sentence (``text``).

Hedges that are not hedges
  * "May" with a capital inside a sentence is the month.
  * "could not" / "couldn't" report a past inability ("we could not detect X"),
    and "could" before an observation or a plain action reports a past ability
    ("could detect", "could survive", "could successfully climb").
  * "more/less/most/least likely" compares likelihoods (an association), it does
    not hedge.
  * "as indicated", "indicated in/by Figure...", "indicated for" (a licensed use),
    "as expected", "than expected", "as predicted", "membrane/action potential",
    "as soon as possible", "where/if/when possible" are not speculative.
Causal verbs that are not causal
  * A participle used as an adjective: "with reduced risk", "an improved score",
    "the increased dose", i.e. preceded (past any -ly adverbs) by a determiner or
    preposition. "-ing" forms only after a determiner ("the underlying"): after a
    preposition they are gerunds that keep their force ("effective in reducing").
  * A participle opening a reported clause ("suggest that elevated X is ...").
  * A participle opening the sentence or a clause, past any opening quote and
    -ly adverbs ("Elevated BMI was ...", ", significantly increased risk was");
    but not after a comma that closes a non-restrictive relative clause or a
    reporting parenthesis ("The drug, which was given daily, reduced ...").
  * An "-ing" form opening the sentence, a conjunct, a short opening phrase
    ("Thus, reducing salt is ...") or a reported clause ("suggest that cutting
    salt could prevent ...") is a gerund; after a comma that closes a whole
    clause it is a participle of result (", reducing missed doses") and counts.
    Before a word for a medicine or its action it is a compound modifier
    ("cholesterol lowering drugs", "glucose-lowering effect").
  * A bare or "-s" form right after a determiner, past at most one word shaped
    like an adjective ("a gradual increase", "the impact"), is a noun.
  * "useful" or "helpful" before a test or measure ("is a useful screening tool",
    "helpful for diagnosis"): a use for knowing, not an effect on health.
  * "benefit" after "who (may)": "patients who may benefit from X" picks people
    out, it asserts no benefit.
  * An infinitive of purpose: "strategies to reduce", "in order to improve",
    "aimed at reducing", "a drug (commonly) used to treat X"; but
    not after raising verbs and adjectives that assert the effect ("appears to
    reduce", "was shown to improve", "helps to prevent", "likely to cause").
  * "help" before a verb of knowing or finding ("helps clinicians identify",
    "help inform", "help in differentiation"): a use of a test, not an effect.
  A change verb ("increase", "reduce", "improve", ...) used intransitively or in
  the passive ("rates increased over time", "fT4 was reduced in group A") describes
  a difference or a trend, not an agent acting: it counts as correlational, unless
  the passive names its agent ("was improved by supplementation").
  Negation does not remove a cue: "did not reduce" and "was not associated with"
  still speak in causal and correlational terms (as in Yu et al.'s annotation).
Comparisons that are not comparisons
  * A comparison match that runs across a verb ("older people were effective in")
    uses the comparative attributively; one across "were observed in" is kept.
  * "lower" after "to", a modal or an auxiliary is the causal verb ("may lower
    the risk"), not the comparative of "low risk".
Correlational nouns that are only mentioned
  "risk factor" and "predictor" state an association when predicated: after a
  copula or "identified as" within three words ("X was an independent risk factor
  for Y"), or opening the sentence ("Risk factors for Y include ..."); "the
  prevalence of multiple risk factors" only names them.
Irrealis words that are not irrealis
  * "recommended" after a determiner or preposition is an adjective ("use of
    recommended therapies boosts survival"), not a recommendation.
  * "designed to" / "intended to" without a copula before it is a reduced
    relative clause ("A program designed to cut waiting times has reduced costs"):
    the main verb after it is still asserted; "The study was designed to test" and
    "a trial designed to test" state an aim.
Boosters that are not boosters
  * "not proven", "unproven", "proof of concept", "proof-of-principle".
"""

from __future__ import annotations

import re

from kettools.language.lexicons import Match, raw_group
from kettools.language.lexicons import exact as _exact
from kettools.language.lexicons import word_set as _set
from kettools.language.lexicons import words as _words

# Every word these rules look at is in the context lexicon (context.yaml), one group
# per list; the expressions below add only structure: white space, "-ly" adverbs,
# any word, punctuation, the start or end of the text.


def _then_entry(before: str, group: str) -> re.Pattern[str]:
    """`before`, then one entry of the context lexicon's `group`, ending a word."""
    return re.compile(f"{before}(?:{_words(group)})\\b")


_NOT_HEDGE_AFTER = re.compile(rf"\s*(?:{_words('not_hedge_after_indicate')})")
_NOT_HEDGE_BEFORE = re.compile(rf"(?:\b(?:{_words('not_hedge_before')})\s*)$")
_ADJ_BEFORE = re.compile(rf"\b(?:{_words('adjective_before_participle')})(?:\s+[a-z]+ly)*\s+$")
# "suggest that elevated NT-proBNP is ...": a participle opening a reported clause
_COMPLEMENT_THAT = re.compile(rf"\b{_words('reported_clause_before')}\s+$")
_PRODUCT_AFTER = re.compile(rf"\s+(?:{_words('product_after_gerund')})\b")
_THAT_BEFORE = re.compile(rf"\b{_words('that_before_gerund')}\s+(?:[a-z]+ly\s+)?$")
_DET_BEFORE = re.compile(rf"\b(?:{_words('determiner_before_gerund')})(?:\s+[a-z]+ly)*\s+$")
_DETERMINER = rf"\b(?:{_words('determiner_before_noun')})"
_NOUN_BEFORE = re.compile(_DETERMINER + r"\s+$")
# "the gradual increase" (a bare form can only be a noun there); not "the treatment
# increases", where the "-s" form is the verb of a noun shaped like an adjective.
_NOUN_ADJ_BEFORE = re.compile(_DETERMINER + rf"\s+[a-z-]*(?:{_words('adjective_endings')})\s+$")
_USEFUL = re.compile(rf"\b(?:{_words('useful')})\b")
_MEASURE_AFTER = _then_entry(r"(?:\s+[\w-]+){0,2}?\s+", "measure_after_useful")
_OF_AFTER = re.compile(rf"\s+{_words('noun_before_of')}\b")
_IN_OF_AFTER = re.compile(rf"\s+(?:{_words('subject_noun_after')})\b")
_WHO_BEFORE = re.compile(
    rf"\b{_words('relative_who')}(?:\s+(?:{_words('picking_out_after_who')}))*\s+$"
)
# A comma that closes a non-restrictive relative clause or a reporting parenthesis
# ("The drug, which was given daily, reduced ...", "X, the authors argue, lowered
# ..."): the verb after it is the main verb, not a participle opening a clause.
_REPORTING_SUBJECT = "|".join(w + r"\s+" for w in raw_group("context", "reporting_subject"))
_PARENTHESIS_BEFORE = re.compile(
    rf",\s*(?:(?:{_words('relative_pronouns')})\b[^,;:]*|(?:{_REPORTING_SUBJECT})?"
    rf"(?:[a-z]+\s+){{0,2}}(?:{_words('reporting_verbs')}))\s*,\s*(?:[a-z]+ly\s+)*$"
)
_PARENTHESIS_REACH = 120
_CLAUSE_START = re.compile(
    rf"(?:^[\s\"'“(]*|[,;:(]\s*|\b(?:{_words('conjunctions')})\s+)(?:[a-z]+ly\s+)*$"
)
_STATE_BEFORE = re.compile(
    rf"\b(?:{_words('state_verbs')})(?:\s+(?:{_words('state_adverbs')}))*\s+$"
)
_NO_OBJECT_AFTER = re.compile(
    rf"(?:\s+(?:{_words('no_object_adverbs')}))*\s*(?:[,.;:)\]]|$"
    rf"|\s+(?:{_words('no_object_next')})\b(?!-))"
)
_WORDS = re.compile(r"[a-z]+")
# "X was well tolerated and caused less toxicity": a second verb with its object
_OBJECT_AFTER = re.compile(rf"\s+(?:{_words('object_openers')})\b")
_PREPOSITION_AFTER = re.compile(rf"\s+(?:{_words('noun_preposition_after')})\b")
_INTRO_WORDS = 6
_TO = _words("infinitive_to")
_VERB_INSIDE = re.compile(  # (not an infinitive: "more likely to be admitted than")
    rf"(?<!\b{_TO})\s(?:{_words('clause_verbs')})\s"
    rf"(?!(?:[a-z]+ly\s+)?(?:{_words('observation_participles')})\b)"
)
_VERB_SLOT_BEFORE = re.compile(rf"\b(?:{_words('verb_slot_before_lower')})\s+(?:[a-z]+ly\s+)?$")
_MODAL_BE = re.compile(rf"\b{_words('modal_be')}(?:\s+[a-z]+ly)*\s+$")
_BY = _words("agent_by")
_AGENT_AFTER = re.compile(rf"(?:\s+[a-z]+ly)*\s+{_BY}\b")
_AMOUNT_AFTER = re.compile(rf"(?:\s+[a-z]+ly)*\s+{_BY}\s+{_exact('amount_after_by')}")
_KNOWING_AFTER = _then_entry(rf"(?:\s+[a-z]+)?(?:\s+{_TO})?\s+", "knowing_after_help")
_AIMED_AT_BEFORE = re.compile(rf"\b{_exact('aimed_at')}\s+$")
_TO_BEFORE = re.compile(rf"([a-z]+)\s+{_TO}\s+$")
_TO_OPENING = re.compile(rf"{_TO}\s")
_BE_USED = re.compile(rf"\b(?:{_words('be_before_used')})\s+(?:[a-z]+ly\s+)?$")
_USED = _set("used")
_WORD_BEFORE = re.compile(r"([a-z]+)\s+$")
_RAISING = _set("raising_before_to")
_PREDICATING = re.compile(r"\b(?:" + _words("predicating_before_noun") + r")(?:\s+[\w-]+){0,3}\s+$")
_PREDICATED_AFTER = re.compile(
    rf"\s+(?:{_words('predicated_noun_after')})\s+(?:[\w-]+\s+){{1,5}}?"
    rf"(?:{_words('predicated_verbs')})\b"
)
_SENTENCE_START = re.compile(r"^[\s\"'(“]*$")
_NEGATED_BOOSTER_BEFORE = re.compile(
    "(?:" + "|".join(r"\b" + w for w in raw_group("context", "booster_negations")) + r")\s*$"
)
_PROOF = _set("proof")
_PROOF_OF = re.compile(rf"[\s-]+{_words('proof_of')}[\s-]+(?:{_words('proof_of_what')})")

_MODALS_MAY = _set("month")
_ABILITY_AFTER = re.compile(r"\s+(?:" + _words("ability_after_could") + r")\b")
_PAST_ABILITY = _set("past_ability")
_LIKELY = _set("likely")
_CONTEXTUAL_HEDGES = tuple(raw_group("context", "hedges_read_in_context"))
_INDICATING = tuple(raw_group("context", "indicating"))
_HELP = tuple(raw_group("context", "help"))
_BENEFIT = raw_group("context", "benefit")
_CAUSE = tuple(raw_group("context", "cause"))
_LOWER = raw_group("context", "lower")
_AND = tuple(w + " " for w in raw_group("context", "conjunction_and"))
_LETTER_A = tuple(w.upper() + " " for w in raw_group("context", "article_a"))


def keep_hedge(text: str, low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    before = low[max(0, m.start - 24) : m.start]
    after = low[m.end : m.end + 24]
    if word in _MODALS_MAY and m.start > 0 and text[m.start] == "M":
        return False
    if word in _PAST_ABILITY and _ABILITY_AFTER.match(low, m.end):
        return False
    contextual = word in _LIKELY or word.startswith(_CONTEXTUAL_HEDGES)
    if contextual and _NOT_HEDGE_BEFORE.search(before):
        return False
    return not (word.startswith(_INDICATING) and _NOT_HEDGE_AFTER.match(after) is not None)


def keep_causal(text: str, low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if word.startswith(_HELP) and _KNOWING_AFTER.match(low, m.end):
        return False
    useful = _USEFUL.search(word)
    if useful is not None and _MEASURE_AFTER.match(low, m.start + useful.end()):
        return False  # "is a useful screening tool": a use for knowing, not an effect
    if any(b in word for b in _BENEFIT) and _WHO_BEFORE.search(low, max(0, m.start - 40), m.start):
        return False  # "identify those who may benefit from X" picks people out
    if " " in word:
        return True
    if word.endswith("ed"):
        start = max(0, m.start - 40)
        adjective = _ADJ_BEFORE.search(low, start, m.start)
        if adjective is not None and not _letter_name(text, adjective.start()):
            return False
        if _COMPLEMENT_THAT.search(low, start, m.start):
            return False
        opening = _CLAUSE_START.search(low, start, m.start)
        if (
            opening is not None
            and not _PARENTHESIS_BEFORE.search(low, max(0, m.start - _PARENTHESIS_REACH), m.start)
            and not (opening.group().lstrip().startswith(_AND) and _OBJECT_AFTER.match(low, m.end))
        ):
            return False
    elif word.endswith("ing"):  # "in reducing" is a gerund; only "the underlying" is not
        start = max(0, m.start - 40)
        if _DET_BEFORE.search(low, start, m.start) or _gerund_subject(low, start, m.start):
            return False
        if _THAT_BEFORE.search(low, start, m.start):
            return False  # "suggest that reducing salt could prevent": the gerund subject
        if _PREPOSITION_AFTER.match(low, m.end) and not low[start : m.start].rstrip().endswith(","):
            return False  # "blood pressure lowering after thrombectomy": a noun
        if _PRODUCT_AFTER.match(low, m.end):
            return False  # "cholesterol lowering drugs": a compound modifier
    elif _SENTENCE_START.search(low, 0, m.start) and _IN_OF_AFTER.match(low, m.end):
        return False  # "Delays in diagnosis led to ...": the subject, a noun
    elif _NOUN_BEFORE.search(low, max(0, m.start - 40), m.start) or (
        not word.endswith("s") and _NOUN_ADJ_BEFORE.search(low, max(0, m.start - 40), m.start)
    ):
        return False  # "the impact", "a progressive increase": a noun, not a verb
    elif _OF_AFTER.match(low, m.end) and not word.startswith(_CAUSE):
        return False  # "the small increases of TSH", "an influence of": a noun (a
        # cause of X still names a cause, as "the effect of X" names an effect)
    return True


def _letter_name(text: str, at: int) -> bool:
    """A capital "A" inside a sentence names a type or vitamin ("type A reduced",
    "vitamin A improved"); it is not the article."""
    return text.startswith(_LETTER_A, at) and bool(text[:at].strip(" \"'“("))


def _gerund_subject(low: str, start: int, end: int) -> bool:
    """An "-ing" form opening the sentence, a short introductory phrase ("Thus,
    reducing X is ...") or a conjunct: a gerund. After a comma that closes a whole
    clause it is a participle of result (", reducing mortality"), which keeps its force."""
    found = _CLAUSE_START.search(low, start, end)
    if found is None:
        return False
    if "," not in low[found.start() : end]:
        return True
    return len(_WORDS.findall(low, 0, found.start())) < _INTRO_WORDS


def describes_change(low: str, m: Match) -> bool:
    """A change verb used intransitively or in the passive (a trend or difference)."""
    if m.end - m.start > 14 or " " in low[m.start : m.end]:
        return False
    before = max(0, m.start - 40)
    if _STATE_BEFORE.search(low, before, m.start) and not (
        low.endswith("ing", m.start, m.end) and _MODAL_BE.search(low, before, m.start)
    ):  # a passive; "may be raising your blood pressure" is a progressive
        return _AGENT_AFTER.match(low, m.end) is None  # "was improved by X" is causal
    if _AGENT_AFTER.match(low, m.end) and not _AMOUNT_AFTER.match(low, m.end):
        return False  # a headline's passive: "Chance of falls not increased by anaesthesia"
    return _NO_OBJECT_AFTER.match(low, m.end) is not None


def purpose_infinitive(low: str, m: Match) -> bool:
    """A causal verb in an infinitive of purpose ("efforts to reduce")."""
    if _AIMED_AT_BEFORE.search(low, max(0, m.start - 24), m.start):
        return True  # "programmes aimed at reducing"
    before = _TO_BEFORE.search(low, max(0, m.start - 24), m.start)
    if before is None and _TO_OPENING.match(low, m.start):  # the cue is "to lower"
        before = _WORD_BEFORE.search(low, max(0, m.start - 24), m.start)
    if before is None:
        return False
    if before.group(1) in _USED:  # "a drug (commonly) used to treat X" names its use;
        # "can be used to reduce X" asserts it
        return not _BE_USED.search(low, max(0, before.start() - 16), before.start())
    return before.group(1) not in _RAISING


def predicated(low: str, m: Match) -> bool:
    """A correlational noun predicated of something, not merely mentioned."""
    start = max(0, m.start - 48)
    return bool(
        _PREDICATING.search(low, start, m.start)
        or _SENTENCE_START.match(low, 0, m.start)
        or _PREDICATED_AFTER.match(low, m.end)
    )


def spans_clause(low: str, m: Match) -> bool:
    """A comparison match that runs across a verb ("older people were effective in",
    "more complications occurred after discharge in"): the comparative is attributive,
    the relation (if any) is stated by the verb."""
    first = low.find(" ", m.start, m.end)
    return first >= 0 and _VERB_INSIDE.search(low, first, m.end) is not None


def verb_not_adjective(low: str, m: Match) -> bool:
    """A correlational match opening with "lower" used as a verb ("may lower the
    risk", "helps to lower blood pressure"): the causal verb, not a comparison."""
    return (
        low.startswith(_LOWER, m.start)
        and _VERB_SLOT_BEFORE.search(low, max(0, m.start - 24), m.start) is not None
    )


_VERB_OBJECT = re.compile(
    rf"(?:{_words('change_verb_stems')})[a-z]*\s+(?:{_words('object_determiners')})\b"
)


def verb_with_object(low: str, m: Match) -> bool:
    """A correlational match opening with a change verb followed by its object
    ("reduced the risk of", "raises their risk"): the verb is causal, acting on the
    risk; "a reduced risk", "with increased risk" are comparisons."""
    return _VERB_OBJECT.match(low, m.start) is not None


def keep_booster(low: str, m: Match) -> bool:
    word = low[m.start : m.end]
    if _NEGATED_BOOSTER_BEFORE.search(low[max(0, m.start - 8) : m.start]):
        return False
    return not (word in _PROOF and _PROOF_OF.match(low, m.end))


_ATTRIBUTIVE_BEFORE = re.compile(rf"\b(?:{_words('attributive_before')})\s+$")
_STUDY_BEFORE = re.compile(rf"\b(?:{_words('study_before')})\s+$")
_COPULA_BEFORE = re.compile(rf"\b(?:{_words('copula_before')})\s+(?:[a-z]+ly\s+)?$")
_RECOMMENDED = _set("recommended")
_AIM_PHRASES = _set("aim_phrases")


def irrealis_in_name_only(low: str, m: Match) -> bool:
    """An irrealis word used as an adjective or in a reduced relative clause
    ("recommended therapies", "a program designed to cut costs"): it makes nothing
    after it irrealis."""
    word = low[m.start : m.end]
    before = low[max(0, m.start - 24) : m.start]
    if word in _RECOMMENDED:
        return bool(_ATTRIBUTIVE_BEFORE.search(before))
    if word in _AIM_PHRASES:  # ("a trial designed to test": an aim)
        return not (_COPULA_BEFORE.search(before) or _STUDY_BEFORE.search(before))
    return False
