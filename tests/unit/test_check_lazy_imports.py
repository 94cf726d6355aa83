"""`kettools check` stays fast to start: it never imports the export libraries, nor what
only other options need (git for --diff-base, the other reporters, worker processes)."""

from __future__ import annotations

import os
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


def test_check_skips_the_plugin_lookup_pydantic_would_skip() -> None:
    """kettools.cli.main puts a `pydantic.plugin._loader` with no plugins in place while
    PYDANTIC_DISABLE_PLUGINS turns them off: pydantic must import nothing else from it."""
    import pydantic.plugin

    folder = Path(pydantic.plugin.__file__).parents[1]
    imports = {
        line.strip()
        for path in folder.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "_loader import" in line or "plugin._loader" in line
    }
    assert imports == {"from ._loader import get_plugins"}
    code = (
        "import sys\n"
        "sys.argv = ['kettools', 'check', 'sources/esketamine-treatment-resistant-depression.md',"
        " '--no-cache', '--fail-on', 'never', '--format', 'json']\n"
        "import atexit, os\n"
        "real_exit = os._exit\n"
        "def leave(code):\n"
        "    sys.stderr.write(repr(sorted(m for m in sys.modules if 'importlib.meta' in m)))\n"
        "    sys.stderr.flush()\n"
        "    real_exit(code)\n"
        "os._exit = leave\n"
        "from kettools.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{")  # the report, from models pydantic built
    assert done.stderr == "[]"


def test_the_collector_is_off_while_importing_and_on_for_the_command() -> None:
    code = (
        "import gc, os, sys\n"
        "sys.argv = ['kettools', 'check', 'sources/esketamine-treatment-resistant-depression.md',"
        " '--no-cache', '--fail-on', 'never', '--format', 'json']\n"
        "real_exit = os._exit\n"
        "def leave(code):\n"
        "    sys.stderr.write(f'{gc.isenabled()} {gc.get_freeze_count() > 10000}')\n"
        "    sys.stderr.flush()\n"
        "    real_exit(code)\n"
        "os._exit = leave\n"
        "from kettools.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "True True"  # on again, with the imported objects frozen
