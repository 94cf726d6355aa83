"""Where the tests find the published definitions they validate exports against.

The npm packages (pinned in `PACKAGES`) are unpacked by `tests/validators/install-packages.sh`
into `.cache/validation-packages/<name>/package/` beside the repository root, or into the folder
named by `KETTOOLS_VALIDATION_PACKAGES`. Nothing is fetched at test time: a test that needs a
package it cannot find skips with a message saying how to install it, or fails when
`KETTOOLS_REQUIRE_VALIDATION` is set (as in CI).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "fhir-core": "hl7.fhir.r5.core@5.0.0",
    "fhir-terminology": "hl7.terminology.r5@7.0.1",
    "rdf-vocabularies": "@zazuko/rdf-vocabularies@2023.1.19",
}
INSTALL = "bash tests/validators/install-packages.sh"


def missing(what: str) -> None:
    """Skip the test (a user's clone), or fail it where KETTOOLS_REQUIRE_VALIDATION is set (CI),
    so that CI cannot pass without running the validators."""
    import pytest

    message = f"{what} not installed: run {INSTALL}"
    if os.environ.get("KETTOOLS_REQUIRE_VALIDATION"):
        pytest.fail(message + " (KETTOOLS_REQUIRE_VALIDATION is set)")
    pytest.skip(message)


def folder() -> Path:
    configured = os.environ.get("KETTOOLS_VALIDATION_PACKAGES")
    return Path(configured) if configured else ROOT / ".cache" / "validation-packages"


def package(name: str) -> Path | None:
    """The unpacked `package/` folder of one of `PACKAGES`, or None when it is not installed."""
    path = folder() / name / "package"
    return path if (path / "package.json").is_file() else None
