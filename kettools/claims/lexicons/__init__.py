"""Lexicons (package data) of the sentence analysis."""
