"""Claims: sentence analysis (kind, causal strength, certainty, cues, subject)."""
