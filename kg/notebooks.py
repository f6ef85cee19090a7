"""Public helpers for notebooks (notebooks/*.ipynb and your own): which graph to open, where figures
go, and graph contents as tables. Saved Neo4j queries as tables are `kg.neo4j.query`.

Every notebook has a papermill `parameters` cell whose values default to None; None means "ask
the environment" (KG_GRAPH, KG_FIGURES, ...), and an unset variable means the demo build. Relative
paths are read from the repository root, because Jupyter starts kernels in notebooks/ while
people type paths from the checkout. pandas is imported on use: it is an optional extra
(`pip install 'kg[notebooks]'`), and the rest of kg must import without it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd

GRAPH_ENV = "KG_GRAPH"
FIGURES_ENV = "KG_FIGURES"
DEFAULT_GRAPH = Path("out") / "demo" / "graph.json"
FIGURE_DPI = 120

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class NotebookSetupError(RuntimeError):
    """A notebook cannot start: no graph file, or a parameter it cannot use."""


class SavableFigure(Protocol):
    """A matplotlib Figure, as far as saving goes (so this module need not import matplotlib)."""

    def savefig(self, fname: Any, **kwargs: Any) -> Any: ...


def project_root(start: Path | None = None) -> Path:
    """The checkout the notebooks belong to: the nearest folder at or above `start` (default: the
    current directory) holding pyproject.toml and kg/; else the folder above this package."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "kg").is_dir():
            return folder
    return Path(__file__).resolve().parents[1]


def _from_root(path: str | os.PathLike[str]) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else project_root() / candidate


def resolve_graph(graph_path: str | os.PathLike[str] | None = None) -> Path:
    """The graph file to analyse: the notebook parameter, else $KG_GRAPH, else the demo build.
    A missing file is an error that says how to make one."""
    chosen = graph_path or os.environ.get(GRAPH_ENV) or DEFAULT_GRAPH
    path = _from_root(chosen)
    if path.is_file():
        return path
    if Path(chosen) == DEFAULT_GRAPH:
        raise NotebookSetupError(
            f"no graph at {path}: run `make demo` in {project_root()} to build the demo graph, "
            f"or point the notebook at another graph with {GRAPH_ENV}=path/to/graph.json "
            "(or the `graph_path` parameter)"
        )
    raise NotebookSetupError(
        f"no graph at {path} (from {'the graph_path parameter' if graph_path else GRAPH_ENV}): "
        "build one with `kg build SOURCES --out FOLDER` and use FOLDER/graph.json"
    )


def resolve_figures(graph: Path | None, figures_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder figures are saved in (created): the parameter, else $KG_FIGURES, else
    <graph folder>/figures, so each build keeps the pictures made from it (out/figures when a
    notebook runs without a graph file)."""
    chosen = figures_dir or os.environ.get(FIGURES_ENV)
    if chosen:
        folder = _from_root(chosen)
    else:
        folder = graph.parent / "figures" if graph is not None else project_root() / "out" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def env_flag(name: str, value: bool | None = None) -> bool:
    """A yes/no parameter: `value` when the notebook set it, else environment variable `name`."""
    if value is not None:
        return bool(value)
    text = os.environ.get(name, "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise NotebookSetupError(f"{name}={os.environ[name]!r}: expected true or false")


def save_figure(fig: SavableFigure, folder: Path, name: str) -> Path:
    """Save `fig` as folder/name.png (tight layout, fixed dpi) and return the path."""
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=FIGURE_DPI, bbox_inches="tight")
    return path


def name_of(G: nx.DiGraph, node: str) -> str:
    """What a table shows for a node: its name (a paper's name is its title), else its id."""
    return str(G.nodes[node].get("name", node)) if node in G else node


def node_frame(G: nx.DiGraph, types: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per node (id, type, name and its scalar attributes), optionally only some types."""
    import pandas as pd

    wanted = set(types) if types is not None else None
    rows = []
    for node, data in sorted(G.nodes(data=True)):
        if wanted is not None and data.get("type") not in wanted:
            continue
        scalars = {key: value for key, value in data.items()
                   if isinstance(value, (str, int, float, bool)) and key != "abstract"}
        rows.append({"id": node, **scalars})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["id", "type", "name"])
    return frame


def evidence_sentences(G: nx.DiGraph, paper: str, *items: str) -> list[str]:
    """Sentences of `paper` that mention every one of `items` (from the edges' evidence); when no
    sentence mentions them all, the first sentence of each instead."""
    per_item = []
    for item in items:
        edge = G.edges[paper, item] if G.has_edge(paper, item) else {}
        per_item.append([entry["sentence"] for entry in edge.get("evidence", [])])
    together = [sentence for sentence in per_item[0] if all(sentence in other for other in per_item[1:])] \
        if per_item else []
    if together:
        return list(dict.fromkeys(together))
    return list(dict.fromkeys(sentences[0] for sentences in per_item if sentences))
