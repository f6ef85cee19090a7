"""Which graph a Neo4j command reads from the path it is given: a build folder's Parquet tables (streamed),
nodes.parquet or edges.parquet named directly (the pair is read), else a graph file or a folder's graph.json."""

from __future__ import annotations

from pathlib import Path

from kg.graph.readwrite import GraphFileError
from kg.workspace import EDGES_PARQUET, GRAPH_JSON, NODES_PARQUET


def table_pair(path: Path) -> tuple[Path, Path] | None:
    """nodes.parquet and edges.parquet of a build folder or named directly (either one), else None."""
    folder = path if path.is_dir() else path.parent
    if path.is_dir() and not (folder / NODES_PARQUET).exists():
        return None
    if not path.is_dir() and path.name not in (NODES_PARQUET, EDGES_PARQUET):
        return None
    nodes, edges = folder / NODES_PARQUET, folder / EDGES_PARQUET
    for table in (nodes, edges):
        if not table.exists():
            raise GraphFileError(f"{table}: no such table ({NODES_PARQUET} and {EDGES_PARQUET} go together)")
    return nodes, edges


def graph_file(path: Path) -> Path:
    """The graph file itself, or a build folder's graph.json."""
    if path.is_dir():
        if not (path / GRAPH_JSON).exists():
            raise GraphFileError(f"{path}: a folder without {NODES_PARQUET} or {GRAPH_JSON}")
        return path / GRAPH_JSON
    return path


def tables_graph_name(nodes_path: Path) -> str:
    """The name a build's tables are pushed or exported under: their folder's, as for its graph.json."""
    return nodes_path.resolve().parent.name
