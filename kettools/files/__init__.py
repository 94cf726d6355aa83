"""Plumbing every layer shares: atomic writes, bounded YAML, kettools' own data files."""
