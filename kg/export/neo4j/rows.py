"""A graph file as batches of Neo4j rows, grouped by label and relationship type.

Labels and relationship types cannot be query parameters, so the write queries are filled in
per label and type (kg.export.neo4j.statements). Before any of them runs, every node type and
edge type is checked against the graph model, including the labels at both ends of each edge, so
a file from another kg version fails here with a message and not halfway through a push.
"""

from __future__ import annotations

import heapq
import itertools
import os
from pathlib import Path
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.export.neo4j.values import PropertyError, edge_properties, node_properties
from kg import model
from kg.model import EDGE_ENDPOINTS, REQUIRED_NODE_ATTRIBUTES
from kg.graph.readwrite import GraphFileError, read_graph

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GraphRows:
    """Node rows `{id, props}` per label and edge rows `{source, target, props}` per type, and the
    graph's name (recorded on what a push writes, so graphs in one database stay apart)."""

    nodes: dict[str, list[Row]]
    edges: dict[str, list[Row]]
    name: str = "graph"

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def edge_count(self) -> int:
        return sum(len(rows) for rows in self.edges.values())

    def node_stream(self) -> Iterator[tuple[str, Row]]:
        """Every node row with its label, label by label."""
        for label, rows in self.nodes.items():
            for row in rows:
                yield label, row

    def edge_stream(self) -> Iterator[tuple[str, Row]]:
        """Every relationship row with its type, in the order of the source ids (the push cuts its
        units of work at source boundaries); graph_rows sorts each type's rows so."""
        typed = [zip(itertools.repeat(edge_type), rows) for edge_type, rows in self.edges.items()]
        return heapq.merge(*typed, key=lambda typed_row: typed_row[1]["source"])


def load_rows(path: str | os.PathLike[str]) -> GraphRows:
    """Read a kg graph file (JSON, GraphML or GEXF) and turn it into checked Neo4j rows."""
    return graph_rows(read_graph(path), os.fspath(path), name=graph_name(path))


_GRAPH_SUFFIXES = (".gz", ".json", ".graphml", ".gexf")


def graph_name(path: str | os.PathLike[str]) -> str:
    """The default name of the graph in a file: its folder's name for `kg build`'s `graph.json`
    (`out/demo/graph.json` -> `demo`), else the file name without its suffixes."""
    resolved = Path(path).resolve()
    stem = resolved.name
    for suffix in _GRAPH_SUFFIXES:
        stem = stem.removesuffix(suffix)
    return resolved.parent.name if stem == "graph" and resolved.parent.name else stem


def graph_rows(graph: nx.DiGraph, source: str = "<graph>", name: str = "graph") -> GraphRows:
    """Checked rows for a graph; raises GraphFileError naming the file and the bad node or edge."""
    nodes: dict[str, list[Row]] = {label: [] for label in model.NODE_TYPES}
    for node_id in sorted(graph.nodes):
        label, row = node_row(node_id, graph.nodes[node_id], source)
        nodes[label].append(row)

    edges: dict[str, list[Row]] = {edge_type: [] for edge_type in model.EDGE_TYPES}
    for source_id, target_id in sorted(graph.edges):
        end_labels = (graph.nodes[source_id].get("type"), graph.nodes[target_id].get("type"))
        edge_type, row = edge_row(source_id, target_id, graph.edges[source_id, target_id], end_labels, source)
        edges[edge_type].append(row)
    return GraphRows(nodes=nodes, edges=edges, name=name)


def node_row(node_id: str, attributes: Mapping[str, Any], source: str) -> tuple[str, Row]:
    """A node's label and checked row `{id, props}`; GraphFileError for an unknown type or a
    missing required attribute."""
    label = attributes.get("type")
    if label not in model.NODE_TYPES:
        raise GraphFileError(f"{source}: node {node_id!r} has unknown type {label!r} "
                             f"(known: {', '.join(model.NODE_TYPES)})")
    missing = [name for name in REQUIRED_NODE_ATTRIBUTES[label] if not attributes.get(name)]
    if missing:
        raise GraphFileError(f"{source}: {label} node {node_id!r} has no {missing[0]!r}")
    props = _converted(node_properties, {**attributes, "id": node_id}, source, f"node {node_id!r}")
    return label, {"id": node_id, "props": props}


def edge_row(source_id: str, target_id: str, attributes: Mapping[str, Any],
             end_labels: tuple[str | None, str | None], source: str) -> tuple[str, Row]:
    """An edge's type and checked row `{source, target, props}`; GraphFileError for an unknown
    type or ends (`end_labels`: the labels of its source and target nodes) the type does not link."""
    edge_type = attributes.get("type")
    where = f"edge {source_id!r} -> {target_id!r}"
    if edge_type not in EDGE_ENDPOINTS:
        raise GraphFileError(f"{source}: {where} has unknown type {edge_type!r} "
                             f"(known: {', '.join(model.EDGE_TYPES)})")
    expected = EDGE_ENDPOINTS[edge_type]
    if end_labels != expected:
        raise GraphFileError(f"{source}: {edge_type} {where} links {end_labels[0]} -> {end_labels[1]}, "
                             f"but {edge_type} links {expected[0]} -> {expected[1]}")
    props = _converted(edge_properties, attributes, source, where)
    return edge_type, {"source": source_id, "target": target_id, "props": props}


def _converted(
    convert: Callable[[Mapping[str, Any]], dict[str, Any]], attributes: Mapping[str, Any], source: str, where: str
) -> dict[str, Any]:
    try:
        return convert(attributes)
    except PropertyError as error:
        raise GraphFileError(f"{source}: {where}: {error}") from error


def batches(rows: list[Row], size: int) -> Iterator[list[Row]]:
    """Consecutive slices of at most `size` rows."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
