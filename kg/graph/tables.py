"""The graph as two Parquet tables, nodes.parquet and edges.parquet, for DuckDB, pandas, Spark and Arrow.

One row per node (`id`, `type`, `name` and one column per attribute of docs/graph-model.md) and one per
edge (`source`, `target`, `type`, `evidence`, `score`, `shared`), with typed columns: lists are Arrow
lists, evidence a list of structs, counts int64, scores float64. A node or edge without an attribute has
null there, and null reads back as the attribute being absent, so `read_tables` gives the same graph as
graph.json. The graph attributes (kg_version, schema, mode) travel as the `kg_meta` key of each file's
metadata. Rows are sorted by id like graph.json and written in row groups of ROW_GROUP rows, so a big
graph never becomes one Arrow table in memory. An attribute the schema does not know is an error: a
model change must come here too (and to docs/graph-model.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

# The checks every graph format shares live with the other formats.
from kg.graph.readwrite import GraphFileError, _check_schema, _check_writable, file_graph_attrs

ROW_GROUP = 50_000
META_KEY = b"kg_meta"
_TEXT = pa.string()
_TEXTS = pa.list_(pa.string())
EVIDENCE = pa.list_(pa.struct([("sentence", _TEXT), ("start", pa.int64()), ("end", pa.int64()), ("text", _TEXT)]))
NODE_SCHEMA = pa.schema([
    pa.field("id", _TEXT, nullable=False),
    pa.field("type", _TEXT, nullable=False),
    ("name", _TEXT),
    ("title", _TEXT),
    ("abstract", _TEXT),
    ("arxiv_id", _TEXT),
    ("doi", _TEXT),
    ("other_dois", _TEXTS),
    ("url", _TEXT),
    ("published", _TEXT),
    ("authors", _TEXTS),
    ("categories", _TEXTS),
    ("pages", _TEXTS),
    ("sources", _TEXTS),
    ("aliases", _TEXTS),
    ("known", pa.bool_()),
    ("paper_count", pa.int64()),
    ("host", _TEXT),
    ("owner", _TEXT),
    ("community", pa.int64()),
    ("pagerank", pa.float64()),
])
EDGE_SCHEMA = pa.schema([
    pa.field("source", _TEXT, nullable=False),
    pa.field("target", _TEXT, nullable=False),
    pa.field("type", _TEXT, nullable=False),
    ("evidence", EVIDENCE),
    ("score", pa.float64()),
    ("shared", _TEXTS),
])


def _checked_rows(rows: Iterable[dict[str, Any]], schema: pa.Schema, what: str) -> Iterator[dict[str, Any]]:
    known = set(schema.names)
    for row in rows:
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"{what} {row.get('id') or (row.get('source'), row.get('target'))!r} has attributes "
                             f"the table schema lacks: {', '.join(sorted(unknown))} (add them in kg/graph/tables.py)")
        yield row


def _write(rows: Iterator[dict[str, Any]], schema: pa.Schema, path: str | os.PathLike[str], meta: bytes) -> None:
    schema = schema.with_metadata({META_KEY: meta})
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= ROW_GROUP:
                writer.write_table(_table(batch, schema))
                batch = []
        if batch:
            writer.write_table(_table(batch, schema))


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise ValueError(f"a value does not fit the table schema: {error}") from error


def write_tables(G: nx.DiGraph, nodes_path: str | os.PathLike[str], edges_path: str | os.PathLike[str]) -> None:
    """Write nodes.parquet and edges.parquet (any names) for a kg graph, rows sorted by id."""
    _check_writable(G)
    nodes = ({**G.nodes[node], "id": node} for node in sorted(G.nodes))
    edges = ({**G.edges[u, v], "source": u, "target": v} for u, v in sorted(G.edges))
    write_table_rows(nodes, edges, G.graph, nodes_path, edges_path)


def write_table_rows(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]], graph_attrs: dict[str, Any],
                     nodes_path: str | os.PathLike[str], edges_path: str | os.PathLike[str]) -> None:
    """Write the two tables from rows already sorted (nodes by id, edges by source and target), consumed
    one row group at a time: what write_tables writes, for a graph that never was one networkx object."""
    write_node_rows(nodes, graph_attrs, nodes_path)
    write_edge_rows(edges, graph_attrs, edges_path)


def write_node_rows(nodes: Iterable[dict[str, Any]], graph_attrs: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """The node table alone, from rows sorted by id (write_table_rows' first half)."""
    _write(_checked_rows(nodes, NODE_SCHEMA, "node"), NODE_SCHEMA, path, _meta(graph_attrs))


def write_edge_rows(edges: Iterable[dict[str, Any]], graph_attrs: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """The edge table alone, from rows sorted by source and target (write_table_rows' second half)."""
    _write(_checked_rows(edges, EDGE_SCHEMA, "edge"), EDGE_SCHEMA, path, _meta(graph_attrs))


def _meta(graph_attrs: dict[str, Any]) -> bytes:
    return json.dumps(file_graph_attrs(graph_attrs), sort_keys=True).encode("utf-8")


def open_table(path: str | os.PathLike[str]) -> tuple[dict[str, Any], pq.ParquetFile]:
    """The graph attributes of a kg table and the file, open for reading in batches (nothing read yet);
    GraphFileError if it is not a kg table of a schema this kg reads."""
    source = os.fspath(path)
    try:
        # pre_buffer (pyarrow's default) caches every byte read until the file is closed: the whole
        # table by the end of a pass, which would make a streamed read as big as the table.
        handle = pq.ParquetFile(source, pre_buffer=False)
    except (OSError, pa.ArrowInvalid) as error:
        raise GraphFileError(f"{source}: not a readable Parquet file ({error})") from error
    raw = (handle.schema_arrow.metadata or {}).get(META_KEY)
    if raw is None:
        raise GraphFileError(f"{source}: not a kg table (no {META_KEY.decode()} metadata)")
    graph_attrs = json.loads(raw)
    _check_schema(graph_attrs, source)
    return graph_attrs, handle


def table_rows(handle: pq.ParquetFile, **batches: Any) -> Iterator[dict[str, Any]]:
    """A table's rows with their nulls left out (an absent attribute), one batch in memory at a time;
    `batches` go to ParquetFile.iter_batches (batch_size, use_threads)."""
    for batch in handle.iter_batches(**batches):
        for row in batch.to_pylist():
            yield {key: value for key, value in row.items() if value is not None}


def _rows(path: str | os.PathLike[str]) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The file's graph attributes and its rows with nulls left out, one row group at a time."""
    graph_attrs, handle = open_table(path)
    return graph_attrs, table_rows(handle)


def read_tables(nodes_path: str | os.PathLike[str], edges_path: str | os.PathLike[str]) -> nx.DiGraph:
    """The graph `write_tables` wrote: equal to the one graph.json holds."""
    graph_attrs, nodes = _rows(nodes_path)
    _, edges = _rows(edges_path)
    G = nx.DiGraph()
    G.graph.update(graph_attrs)
    for row in nodes:
        G.add_node(row.pop("id"), **row)
    for row in edges:
        source, target = row.pop("source"), row.pop("target")
        if source not in G or target not in G:
            raise GraphFileError(f"{os.fspath(edges_path)}: edge {source!r} -> {target!r} ends outside the nodes")
        G.add_edge(source, target, **row)
    return G
