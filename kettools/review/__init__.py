"""The article review: the twelve HealthNewsReview criteria, a scorecard and a rating.

    from kettools.review.judge import read, review
    review(article) -> Review

One module per concern: `text` (finding cues, spans), `study` (the study described in
words), `sources` (quotes, independent voices, funding, press releases), `criteria`
(one judge per criterion), `judge` (the whole review), `model` (the result), `rule`
(what the criterion rules KT311-KT322 share). Word lists live in `data/*.yaml`.
Importing the package imports nothing else, so `kettools.models` can use `model`.
"""
