"""A small labelled set for the plagiarism threshold: copied, lightly edited, independent.

Three tasks (tabular, text, image), each with one reference notebook and two solutions
written independently for the same task (``tests/data/similarity``). From each reference:
``copied`` is the notebook's code in an agent's script with a few lines of its own;
``edited`` renames every name the code defines, changes numeric constants, moves function
and class definitions, and adds comments. Every agent sample is scored against all three
references, as the check scores a run against all of its competition's notebooks.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "similarity"
TASKS = ("tabular", "text", "image")


def as_notebook(code: str) -> str:
    """The code as a Jupyter notebook, one cell per blank-line-separated block."""
    blocks = [b for b in code.split("\n\n\n") if b.strip()]
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# A reference notebook"}]
    cells += [
        {"cell_type": "code", "metadata": {}, "source": b, "outputs": [], "execution_count": None}
        for b in blocks
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


class _Edit(ast.NodeTransformer):
    def __init__(self, names: set[str]):
        self.names = {n: f"my_{n}_v2" for n in sorted(names)}

    def visit_Name(self, node: ast.Name) -> ast.AST:  # noqa: N802 - ast API
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self.names.get(node.arg, node.arg)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:  # noqa: N802
        node.name = self.names.get(node.name, node.name)
        return self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:  # noqa: N802
        node.name = self.names.get(node.name, node.name)
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:  # noqa: N802
        if isinstance(node.value, bool):
            return node
        if isinstance(node.value, int) and node.value > 1:
            node.value += 1
        elif isinstance(node.value, float):
            node.value = round(node.value * 1.1, 4)
        return node


def _defined(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg) and node.arg != "self":
            names.add(node.arg)
    return names


def lightly_edited(code: str) -> str:
    """Renamed, re-numbered, definitions moved up in reverse order, comments added."""
    tree = ast.parse(code)
    tree = _Edit(_defined(tree)).visit(tree)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    rest = [n for n in tree.body if n not in imports and n not in defs]
    tree.body = imports + defs[::-1] + rest
    lines = ast.unparse(ast.fix_missing_locations(tree)).splitlines()
    out = []
    for number, line in enumerate(lines):
        if number % 5 == 0 and line.strip():
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# step {number // 5}: see below")
        out.append(line)
    return "\n".join(out) + "\n"


def copied(code: str) -> str:
    return "import os\n\nprint('starting', os.getcwd())\n\n" + code + "\nprint('done')\n"


def labelled_set() -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """``({reference name: notebook JSON}, [(label, sample name, code)])``."""
    references, samples = {}, []
    for task in TASKS:
        code = (DATA / f"{task}_reference.py").read_text()
        references[f"{task}_reference.ipynb"] = as_notebook(code)
        samples.append(("copied", f"{task}_copied.py", copied(code)))
        samples.append(("edited", f"{task}_edited.py", lightly_edited(code)))
        for path in sorted(DATA.glob(f"{task}_independent_*.py")):
            samples.append(("independent", path.name, path.read_text()))
    return references, samples


def scores() -> list[tuple[str, str, float, str]]:
    """``(label, sample, best similarity, most similar reference)`` for every sample."""
    from mle_pipeline.integrity.similarity import best_match, fingerprint, notebook_code

    references, samples = labelled_set()
    prints = [fingerprint(n, notebook_code(t, n)) for n, t in references.items()]
    out = []
    for label, name, code in samples:
        match = best_match([fingerprint(name, code)], prints)
        assert match is not None, name
        out.append((label, name, match.similarity, match.reference))
    return out
