"""The committed notebooks: valid, stripped of outputs, parameterised the papermill way, and built
on the package (they import kg rather than carrying their own analysis code)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

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


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_uses_the_package(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "from kg.notebook_support import" in code
    assert any(line.startswith(("from kg.graph.", "from kg.export.")) for line in code.splitlines())
