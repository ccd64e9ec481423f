"""The packages of mle_pipeline import each other without a cycle.

Each subpackage or top-level module of ``mle_pipeline`` is a node; an import anywhere in a
file (at module level or inside a function) is an edge from its node to the imported one.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import mle_pipeline

PACKAGE_ROOT = Path(mle_pipeline.__file__).parent


def _module_parts(path: Path, root: Path) -> tuple[list[str], list[str]]:
    """(the module's dotted parts, the parts of the package its relative imports start from)."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return parts, parts
    return parts, parts[:-1]


def _imported_modules(path: Path, root: Path) -> list[list[str]]:
    """Dotted parts of every module ``path`` imports (names imported from a package too)."""
    _, package = _module_parts(path, root)
    found: list[list[str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name.split(".") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
            else:
                base = []
            module = base + (node.module.split(".") if node.module else [])
            found.append(module)
            found.extend(module + [alias.name] for alias in node.names)
    return found


def package_graph(root: Path) -> dict[str, set[str]]:
    """For each subpackage or top-level module of the package at ``root``, those it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts, _ = _module_parts(path, root)
        if len(parts) < 2:
            continue  # the package's own __init__
        source = parts[1]
        graph.setdefault(source, set())
        for imported in _imported_modules(path, root):
            if len(imported) >= 2 and imported[0] == root.name and imported[1] != source:
                if (root / imported[1]).is_dir() or (root / f"{imported[1]}.py").is_file():
                    graph[source].add(imported[1])
    return graph


def test_no_cycle_between_packages() -> None:
    graph = package_graph(PACKAGE_ROOT)
    assert {"grading", "registry", "medals", "sources", "prepare", "agents"} <= set(graph)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as err:
        pytest.fail(f"import cycle between mle_pipeline's packages: {' -> '.join(err.args[1])}")


def test_the_medal_rule_depends_on_nothing_of_the_project() -> None:
    assert package_graph(PACKAGE_ROOT)["medals"] == set()


def test_a_cycle_through_relative_and_function_level_imports_is_found(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    for folder in ("a", "b", "c"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "a" / "x.py").write_text("from ..b import y\n")
    (root / "b" / "y.py").write_text("def f():\n    from pkg.c.z import g\n")
    (root / "c" / "z.py").write_text("from pkg import a\nimport os\n")
    graph = package_graph(root)
    assert graph == {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    with pytest.raises(CycleError):
        TopologicalSorter(graph).prepare()
