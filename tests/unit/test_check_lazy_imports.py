"""`kettools check` stays fast to start: it never imports the export libraries, nor what
only other options need (git for --diff-base, the other reporters, worker processes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_run_never_imports_export_libraries() -> None:
    code = (
        "import sys\n"
        "from kettools.cli.main import cli\n"
        "try:\n"
        "    cli(['check', 'sources/esketamine-treatment-resistant-depression.md',"
        " '--no-cache', '--fail-on', 'never'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in"
        " ('pyld', 'fhir', 'weasyprint', 'rdflib', 'pyshacl')]\n"
        "assert not bad, bad\n"
        "late = ['subprocess', 'kettools.report.junit', 'kettools.report.sarif']\n"
        "late = [m for m in [*late, 'multiprocessing'] if m in sys.modules]\n"
        "assert not late, late\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)
