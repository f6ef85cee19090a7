"""Running the committed notebooks as a user would, and reading what they showed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CELL_TIMEOUT_SECONDS = 600


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def inject_parameters(nb: nbformat.NotebookNode, values: dict[str, Any]) -> None:
    """What papermill does: a cell setting `values` right after the cell tagged `parameters`."""
    index = next(i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", []))
    source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)


def execute(path: Path, env: dict[str, str], parameters: dict[str, Any] | None = None) -> nbformat.NotebookNode:
    """Execute the notebook in notebooks/ (its kernel's working directory, as under Jupyter) with
    `env` added to the environment; a failing cell raises nbclient's CellExecutionError."""
    nb = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute(env={**os.environ, **env})
    return nb


def html_tables(nb: nbformat.NotebookNode) -> list[str]:
    """The HTML tables the notebook displayed that hold at least one data row."""
    tables = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if "<table" in html and "<td>" in html:
                tables.append(html)
    return tables


def silent_code_cells(nb: nbformat.NotebookNode) -> list[str]:
    """Ids of code cells that showed nothing (parameter cells excepted)."""
    return [cell.id for cell in nb.cells
            if cell.cell_type == "code" and not cell.outputs
            and not {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", []))]
