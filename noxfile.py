"""Developer sessions: tests, lint (ruff), typecheck (mypy strict) and schemas."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "schemas"]
nox.options.default_venv_backend = "venv"
PYTHON = "3.11"
LINTED = ("kettools", "tests", "benchmarks", "noxfile.py")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff==0.17.*")
    session.run("ruff", "format", "--check", *LINTED)
    session.run("ruff", "check", *LINTED)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[test]", "mypy", "types-PyYAML", "types-jsonschema")
    session.run("mypy", "kettools")


@nox.session(python=PYTHON)
def schemas(session: nox.Session) -> None:
    """Regenerate schemas/ from the models, then verify nothing drifts."""
    session.install("-e", ".")
    if "--check" not in session.posargs:
        session.run("kettools", "schema")
    session.run("kettools", "schema", "--check")
