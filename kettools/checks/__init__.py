"""Checks: declared messages, JSON Schema policies and Python rules; findings."""
