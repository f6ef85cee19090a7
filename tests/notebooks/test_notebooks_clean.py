"""The committed notebooks: valid, stripped of outputs, parameterised the papermill way, and built
on kg's public API only (README.md, "Python API"), not its internals or their own analysis code."""

from __future__ import annotations

from pathlib import Path

import ast

import nbformat
import pytest

import kg

from notebook_runner import notebook_paths

PATHS = notebook_paths()


def test_there_are_at_least_five_notebooks() -> None:
    assert len(PATHS) >= 5


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_is_valid_and_stripped(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} has an execution count"
        assert "execution" not in cell.metadata, f"{path.name}: cell {cell.id} keeps run timings"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell_with_the_graph_path(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].cell_type == "code"
    assert "graph_path = None" in tagged[0].source.splitlines()[0]
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert first_code is tagged[0], "the parameters cell must come before any other code"


PUBLIC_MODULES = {"kg", *(f"kg.{name}" for name in ("analysis", "neo4j", "notebooks"))}


def kg_imports(code: str) -> list[tuple[str, list[str]]]:
    """(module, names taken from it) for every import of kg in the code."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kg":
            found.append((node.module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    imports = kg_imports(code)
    assert ("kg", []) in imports and any(module == "kg.notebooks" for module, _ in imports)
    for module, names in imports:
        assert module in PUBLIC_MODULES, f"{path.name} imports the internal module {module}"
        if module == "kg":
            assert set(names) <= set(kg.__all__), f"{path.name} imports {set(names) - set(kg.__all__)} from kg"
