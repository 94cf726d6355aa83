"""Sentence analysis: claim or not, kind, strength, certainty; lexicons, caveats."""
