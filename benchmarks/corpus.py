"""A deterministic benchmark corpus: N realistic health articles in a kettools project.

    python benchmarks/corpus.py OUT [-n 1000] [--seed 9] [--words 900]

Writes OUT/pyproject.toml (with a [tool.kettools] table), OUT/sources/catalog/ and
OUT/sources/references.yaml (copied from this repository's sources/), and
OUT/sources/article-00000.md ... Each article has YAML front matter, Pandoc citations
to keys of references.yaml, the catalog's caveat phrases for its drug, and a seeded mix
of flaws: hype and absolute words, uncited claims, "studies show" attributions, CMS
boilerplate, keyword stuffing, missing caveats, missing review metadata, unknown
citation keys, off-label uses not marked as such. Same seed, same bytes.

All sentence templates below were written for this benchmark.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import TypeVar

from kettools.files.yamlio import load
from kettools.inputs.catalog import load_catalog

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]

CONDITION_WORDS = {
    "treatment-resistant-depression": "treatment-resistant depression",
    "major-depressive-disorder": "major depression",
    "ptsd": "post-traumatic stress disorder",
    "generalized-anxiety-disorder": "generalised anxiety",
    "social-anxiety-disorder": "social anxiety",
    "ocd": "obsessive-compulsive disorder",
    "bipolar-disorder": "bipolar depression",
    "suicidal-ideation": "suicidal thinking",
    "chronic-pain": "long-lasting pain",
}

INTRO = [
    "This page explains what {drug} is, how it is given and what is known about it for "
    "{condition}.",
    "Many people ask their care team about {drug} after other treatments for {condition} "
    "did not help enough.",
    "It was written for {audience} and checked by a clinician who works with this treatment.",
    "The aim is to help you prepare questions, not to replace a conversation with your own doctor.",
    "Each statement about benefits or harms is linked to the study or document it comes from.",
    "Treatment decisions depend on your history, your other medicines and what matters to you.",
]
MECHANISM = [
    "{Drug} acts on glutamate signalling, which is different from how most older "
    "antidepressants work.",
    "Researchers think it may help nerve cells form new connections, although this idea is "
    "still being tested.",
    "The medicine is usually given in a clinic, where staff can watch how you respond during "
    "each session.",
    "A course often starts with two sessions a week and then becomes less frequent.",
    "Your team will check your pulse and breathing before the first dose and again afterwards.",
    "Some people notice changes within a day, while others need several sessions before "
    "anything shifts.",
]
EVIDENCE = [
    "In a randomised trial, people with {condition} who received {drug} had lower symptom "
    "scores after four weeks than those given a placebo [@{key}].",
    "A pooled analysis of several small studies found a modest average improvement that faded "
    "over the following weeks [@{key}].",
    "One study followed adults for six months and reported that about a third kept their "
    "improvement [@{key}; @{key2}].",
    "The trials so far were short, and most included fewer than two hundred people [@{key}].",
    "Results in older adults were less clear, and more research in this group is needed "
    "[@{key}, p. 4].",
    "Compared with placebo, {drug} may reduce symptoms of {condition} for some people [@{key}].",
    "People in these studies usually kept taking their usual antidepressant at the same time "
    "[@{key}].",
    "A review of the published trials rated the certainty of the evidence as low to moderate "
    "[@{key}].",
]
SAFETY = [
    "During and shortly after a dose, many people feel detached or notice {caveat}, which "
    "usually passes within an hour or two.",
    "Staff will tell you about {caveat} before you agree to treatment.",
    "Tell your clinician at once if you notice {caveat} between sessions.",
    "The product information lists {caveat} among the reasons for extra care.",
    "Your team will ask about {caveat} at each visit and write down what you report.",
    "Before starting, ask how the clinic handles {caveat}.",
    "The leaflet that comes with the medicine describes {caveat} in more detail.",
    "A nurse stays nearby in case of {caveat}.",
    "We mention {caveat} here because it matters for your safety.",
]
WHO_NOT = [
    "Some people should not have this treatment, or need extra checks first.",
    "Tell your doctor about any heart or blood vessel problems, and any past reaction to "
    "anaesthetic medicines.",
    "Bring a list of every medicine and supplement you take to the first appointment.",
    "Do not drive or operate machinery until the day after a session.",
]
QUESTIONS = [
    "What results can I realistically expect, and how will we know whether it is working?",
    "How many sessions will I need, and what happens if I stop?",
    "Who will be with me during each session, and how long will I stay afterwards?",
    "What will it cost, and is it covered by my insurance or health service?",
    "Which other options do I still have if this does not help?",
]
FILLER = [
    "Living with {condition} can affect sleep, work, relationships and daily routines.",
    "Support from family, friends or a peer group can make the course easier to manage.",
    "Keeping a short diary of mood and sleep helps you and your team see patterns over time.",
    "Talking therapies remain an important part of care alongside any medicine.",
    "If you are unsure about anything on this page, write it down and ask at your next visit.",
    "Arrange for someone to take you home after each session.",
    "Eat lightly on the day of treatment, as some people feel sick afterwards.",
    "Plan a quiet afternoon after each appointment so you have time to rest.",
]

# Flaws: each is a template for one sentence (or block) that a careful editor would flag.
HYPE = [
    "{Drug} is a revolutionary breakthrough that transforms lives overnight [@{key}].",
    "This groundbreaking miracle treatment always works for {condition}.",
    "{Drug} is completely safe and guaranteed to lift your mood.",
    "Our clinic offers the most cutting-edge cure for {condition} available anywhere.",
]
UNCITED = [
    "{Drug} reduces symptoms of {condition} in most patients within a week.",
    "{Drug} works faster than every other antidepressant.",
    "About 70% of patients respond after their first infusion.",
]
VAGUE = [
    "Studies show that {drug} rewires the brain for lasting recovery.",
    "Research proves that a single session can reset your mood.",
    "Experts agree that {drug} is the future of mental health care.",
    "According to Harvard researchers, {drug} works when nothing else does.",
]
BOILERPLATE = [
    "Click here to subscribe to our newsletter for more wellness tips!",
    "Share this article on Facebook, Twitter and Pinterest.",
    "Image credit: stock photo, used under licence.",
    "Related posts: 10 ways to beat the winter blues.",
]
STUFFING = (
    "Looking for {drug} clinic near me? Our {drug} clinic near me offers {drug} therapy, "
    "{drug} infusion, {drug} treatment and {drug} for depression near me. Best {drug} clinic "
    "near me, affordable {drug} clinic near me."
)
RELATIVE = [
    "Patients who choose {drug} are three times more likely to recover [@{key}].",
    "{Drug} cuts the risk of relapse by half [@{key}].",
]
ANIMAL = [
    "In rats, {drug} reversed stress-related behaviour within hours, so it will work for you "
    "too [@{key}].",
]


# Padding prose, composed from parts so that sentences rarely repeat within an article.
OPENERS = [
    "On the day of a session,",
    "Between appointments,",
    "In the first weeks,",
    "For many families,",
    "When plans change,",
    "Over a longer course,",
    "If you work shifts,",
    "At the first visit,",
    "Later in the course,",
    "After a break,",
]
MIDDLES = [
    "it helps to note how you slept",
    "people often find it useful to bring a friend",
    "the team may adjust the timetable",
    "a written plan keeps everyone informed",
    "small routines can steady the week",
    "your pharmacist can check other medicines",
    "a short walk and a light meal are reasonable",
    "some people prefer a quiet room",
    "questions about travel can be settled early",
    "your notes help the next visit go smoothly",
]
ENDINGS = [
    "so that nothing important is missed.",
    "and this is worth discussing openly.",
    "which makes later decisions easier.",
    "while your usual care continues.",
    "as long as you feel comfortable.",
    "before the next review.",
    "and the clinic can help with this.",
    "without rushing any choice.",
]


def _pick(rng: random.Random, items: list[T], k: int) -> list[T]:
    return rng.sample(items, min(k, len(items)))


class Generator:
    def __init__(self, seed: int, words: int) -> None:
        self.seed = seed
        self.words = words
        catalog = load_catalog(ROOT / "sources" / "catalog")
        self.drugs = sorted(catalog.drugs.values(), key=lambda d: d.id)
        refs = load((ROOT / "sources" / "references.yaml").read_text(encoding="utf-8"))
        self.keys = sorted(r["id"] for r in refs)

    def article(self, index: int) -> str:
        rng = random.Random(f"{self.seed}-{index}")
        drug = self.drugs[index % len(self.drugs)]
        conditions = sorted(CONDITION_WORDS)
        condition_id = rng.choice(conditions)
        fields = {
            "drug": drug.id,
            "Drug": drug.id.capitalize(),
            "condition": CONDITION_WORDS[condition_id],
            "audience": rng.choice(["patients", "families and carers", "people considering it"]),
        }

        def fill(template: str) -> str:
            key, key2 = rng.sample(self.keys, 2)
            if rng.random() < 0.03:
                key = f"unknown{rng.randrange(100)}"  # a key that does not resolve
            return template.format(**fields, key=key, key2=key2)

        flaws = {
            name
            for name, p in (
                ("hype", 0.35),
                ("uncited", 0.4),
                ("vague", 0.3),
                ("boilerplate", 0.25),
                ("stuffing", 0.1),
                ("relative", 0.2),
                ("animal", 0.1),
                ("missing_caveats", 0.3),
                ("no_reviewer", 0.2),
                ("off_label", 0.2),
            )
            if rng.random() < p
        }
        caveats = [c for c in drug.caveats if c.phrases]
        if "missing_caveats" in flaws:
            caveats = caveats[: len(caveats) // 2]
        reviewed = "no_reviewer" not in flaws
        year = 2020 + rng.randrange(6)
        front = [
            "---",
            f'title: "{fields["Drug"]} for {fields["condition"]}: what to expect"',
            "language: en",
            "audience: " + rng.choice(["patients", "general", "clinicians"]),
            f"intervention: {drug.id}",
            f"conditions: [{condition_id}]",
            "authors: [{name: " + rng.choice(["J. Rivera", "M. Okafor", "L. Chen"]) + "}]",
        ]
        if reviewed:
            front.append("reviewed_by: [{name: S. Patel, credentials: MD, role: psychiatrist}]")
            front.append(f"last_reviewed: {year}-0{1 + rng.randrange(9)}-1{rng.randrange(10)}")
            front.append(f"next_review: {year + 1}-0{1 + rng.randrange(9)}-0{1 + rng.randrange(9)}")
        front += [
            f"published: {year - 1}-1{rng.randrange(3)}-2{rng.randrange(9)}",
            "disclosure: No funding from manufacturers.",
            "bibliography: references.yaml",
            "---",
            "",
        ]
        blocks: list[str] = [f"# {fields['Drug']} for {fields['condition']}", ""]

        def para(templates: list[str], k: int, extra: list[str] | None = None) -> None:
            sentences = [fill(t) for t in _pick(rng, templates, k)]
            for sentence in extra or []:
                sentences.insert(rng.randrange(len(sentences) + 1), fill(sentence))
            blocks.extend([" ".join(sentences), ""])

        def maybe(flaw: str, pool: list[str]) -> list[str]:
            return [rng.choice(pool)] if flaw in flaws and rng.random() < 0.6 else []

        para(INTRO, 4, maybe("hype", HYPE))
        if "boilerplate" in flaws:
            blocks.extend([fill(rng.choice(BOILERPLATE)), ""])
        blocks.extend(["## How it works", ""])
        para(MECHANISM, 4, maybe("vague", VAGUE))
        para(FILLER, 3)
        blocks.extend(["## What the evidence says", ""])
        para(EVIDENCE, 4, maybe("uncited", UNCITED) + maybe("relative", RELATIVE))
        para(EVIDENCE, 3, maybe("hype", HYPE) + maybe("animal", ANIMAL))
        para(FILLER, 3, maybe("vague", VAGUE))
        if "off_label" in flaws:
            blocks.extend([fill("{Drug} is also used for chronic pain and for anxiety."), ""])
        blocks.extend(["## Side effects and risks", ""])
        chosen = _pick(rng, caveats, len(caveats))
        for start in range(0, len(chosen), 3):
            sentences = [
                SAFETY[(start + j + index) % len(SAFETY)].format(
                    caveat=rng.choice(c.phrases), **fields
                )
                for j, c in enumerate(chosen[start : start + 3])
            ]
            blocks.extend([" ".join(sentences), ""])
        blocks.extend(["## Who should not have it", ""])
        para(WHO_NOT, 4)
        para(FILLER, 3, maybe("uncited", UNCITED))
        if "stuffing" in flaws:
            blocks.extend([fill(STUFFING), ""])
        blocks.extend(["## Questions to ask your clinician", ""])
        blocks.extend([f"- {q}" for q in _pick(rng, QUESTIONS, 4)] + [""])
        text = "\n".join(front + blocks)
        # pad with ordinary prose to the target length, in a closing section
        blocks = ["## Living with treatment", ""]
        count = len(text.split())
        middles = rng.sample(MIDDLES, len(MIDDLES))
        openers = rng.sample(OPENERS, len(OPENERS))
        n = 0
        while count < self.words:
            sentences = [
                f"{openers[(n + j) % len(openers)]} {middles[(n + 3 * j) % len(middles)]}"
                + (f" {rng.choice(ENDINGS)}" if rng.random() < 0.2 else ".")
                for j in range(4)
            ]
            n += len(sentences)
            count += sum(len(s.split()) for s in sentences)
            blocks.extend([" ".join(sentences), ""])
        if "boilerplate" in flaws:
            blocks.extend([fill(rng.choice(BOILERPLATE)), ""])
        return text + "\n" + "\n".join(blocks)


def write(out: Path, n: int, seed: int = 9, words: int = 900) -> Path:
    """Write the project; returns its sources folder."""
    sources = out / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(
        '[project]\nname = "kettools-benchmark-corpus"\nversion = "0"\n\n'
        '[tool.kettools]\nsources = "sources"\n',
        encoding="utf-8",
    )
    if (sources / "catalog").exists():
        shutil.rmtree(sources / "catalog")
    shutil.copytree(ROOT / "sources" / "catalog", sources / "catalog")
    shutil.copyfile(ROOT / "sources" / "references.yaml", sources / "references.yaml")
    for old in sources.glob("article-*.md"):
        old.unlink()
    generator = Generator(seed, words)
    for i in range(n):
        (sources / f"article-{i:05d}.md").write_text(generator.article(i), encoding="utf-8")
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--words", type=int, default=900)
    args = parser.parse_args()
    sources = write(args.out, args.n, args.seed, args.words)
    print(f"wrote {args.n} articles to {sources}")


if __name__ == "__main__":
    main()
