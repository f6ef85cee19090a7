"""Which graph a command reads from the path it is given: a build folder's Parquet tables (streamed by the
Neo4j commands, loaded by the others when they fit), nodes.parquet or edges.parquet named directly (the
pair is read), else a graph file or a folder's graph.json."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph.readwrite import GraphFileError
from kg.workspace import EDGES_PARQUET, GRAPH_HTML, GRAPH_JSON, NODES_PARQUET

if TYPE_CHECKING:
    import networkx as nx

# The most nodes a command loads from a build's tables into networkx: about 4 GB of memory (a 100,000-paper
# build, 551,073 nodes and 1.4M edges with their evidence, takes 2.2 GB). Above it, the tables are the graph.
LOADABLE_NODES = 1_000_000


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


def load_graph(path: Path) -> nx.DiGraph:
    """The graph at `path` as networkx, for the commands that need it whole (stats, similar, path, html):
    a graph file, a build folder's graph.json, else its tables (or the tables named directly) when they
    hold at most LOADABLE_NODES nodes. GraphFileError otherwise, saying what to use instead."""
    from kg import api

    tables = table_pair(path)
    if tables is None or (path.is_dir() and (path / GRAPH_JSON).exists()):
        return api.load(graph_file(path))
    from kg.graph.tables import open_table, read_tables  # pyarrow: only for a build's tables

    nodes = open_table(tables[0])[1].metadata.num_rows
    if nodes > LOADABLE_NODES:
        folder = tables[0].parent
        raise GraphFileError(
            f"{folder}: the graph has {nodes:,} nodes, more than this command loads into memory "
            f"({LOADABLE_NODES:,}); its overview page is {folder / GRAPH_HTML}, and its tables "
            f"{NODES_PARQUET} and {EDGES_PARQUET} open in DuckDB or pandas as they are, or in Neo4j "
            f"(kg neo4j push {folder}; kg export neo4j-admin {folder})")
    return read_tables(*tables)
