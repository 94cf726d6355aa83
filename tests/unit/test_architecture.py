"""The folder tree is the architecture: each package imports only from the layers below it,
and the README's layout block lists exactly the packages and modules that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kettools"

# The pipeline, bottom to top. A package may import from its own layer and those below it
# (docs/architecture.md says why each sits where it does).
LAYERS: list[set[str]] = [
    {"errors"},
    {"files", "data"},
    {"models"},
    {"inputs"},
    {"ingest"},
    {"language"},
    {"claims"},
    {"review"},
    {"checks"},
    {"results"},
    {"engine"},
    {"report", "export"},
    {"cli", "lsp"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def top_package(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """The kettools packages `path` imports at run time, with the line of each import."""
    found: set[tuple[str, int]] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "kettools":
                names = [f"kettools.{a.name}" for a in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kettools" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def test_every_package_has_a_layer() -> None:
    packages = {top_package(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert packages <= set(LAYER), f"add to LAYERS: {sorted(packages - set(LAYER))}"


def test_imports_point_down_the_pipeline() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = top_package(path)
        if here not in LAYER:
            continue
        for target, line in imported_packages(path):
            if target in LAYER and LAYER[target] > LAYER[here]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {here} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_only_the_yaml_surface_imports_the_libyaml_reader() -> None:
    allowed = {PACKAGE / "files" / "yamlio.py", PACKAGE / "files" / "packaged.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path not in allowed and path.name != "yamlfast.py":
            assert "yamlfast" not in text, f"{path}: use kettools.files.yamlio"


def test_tests_do_not_import_benchmarks() -> None:
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("benchmarks"), f"{path}:{node.lineno}"


def readme_layout() -> list[str]:
    """The paths the README's layout block names, e.g. 'kettools/engine/'."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    paths: list[str] = []
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+/|\S+\.py)\s", line + " ")
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "".join(n for _, n in stack) + name
        paths.append(path)
        if name.endswith("/"):
            stack.append((indent, name))
    return paths


def test_readme_layout_matches_the_tree() -> None:
    listed = readme_layout()
    for path in listed:
        assert (ROOT / path).exists(), f"README layout names {path}, which does not exist"
    listed_set = set(listed)
    for child in sorted(PACKAGE.iterdir()):
        if child.name.startswith(("_", ".")) or child.name == "py.typed":
            continue
        name = f"kettools/{child.name}/" if child.is_dir() else f"kettools/{child.name}"
        assert name in listed_set, f"README layout does not list {name}"
