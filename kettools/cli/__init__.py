"""The `kettools` command line; `main` is the entry point (`kettools.cli.main`)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import types


def main() -> None:
    """Run a command, then leave without tearing the interpreter down.

    The command's work is done when it exits: its files are written and closed. Freeing
    every module and object one by one afterwards took about 90 ms of CPU, a quarter
    of a one-file `check`; the operating system reclaims the memory at once instead.
    Standard output and error are flushed first, and the exit code is the command's.
    """
    # pydantic looks for its plugins (observability hooks) in the metadata of every
    # installed package when the first model is built: 30 ms of a 0.3 s run, for hooks a
    # command-line checker has no use for. A user who wants them sets the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_lookup()
    # Importing makes objects that live as long as the process (modules, classes,
    # functions): the collector is off until the command's module is imported, then
    # those are frozen out of its sight (kettools.cli.main.LazyGroup). Collecting during
    # the imports took 12 ms of a one-file check, with the thresholds of
    # kettools.cli.main (with Python's (700, 10, 10) it ran about 90 times).
    gc.disable()
    from kettools.files import patterns

    patterns.warm()  # before any module compiles its regular expressions
    from kettools.cli.main import main as run

    try:
        run(collect_after_import=True)
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    patterns.keep()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _no_plugin_lookup() -> None:
    """With pydantic's plugins turned off, its plugin loader returns no plugins; but
    importing that module imports importlib.metadata (and with it email, zipfile, csv,
    tempfile and 40 more modules): 10 ms of CPU, a twelfth of a one-file check, for
    nothing. So while they are off, `pydantic.plugin._loader` is a module whose
    `get_plugins` (the one name pydantic imports from it, which
    tests/unit/test_check_lazy_imports.py checks) returns no plugins, as the real one
    would."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    loader = types.ModuleType("pydantic.plugin._loader", "No plugins: they are turned off.")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
    sys.modules.setdefault("pydantic.plugin._loader", loader)


def _exit_code(code: object) -> int:
    """What Python makes of `sys.exit(code)`: None is 0, a number itself, else 1 after
    printing the object."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code % 256
    print(code, file=sys.stderr)
    return 1
