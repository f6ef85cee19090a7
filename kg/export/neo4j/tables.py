"""A build's nodes.parquet / edges.parquet as checked Neo4j rows, read a batch at a time: what the
neo4j-admin export (kg.export.neo4j.admin_tables) and the push (`TableRows`) stream, so neither holds
the graph in memory (docs/scale.md, "Neo4j at scale").

Every node and edge gets the checks graph_rows gives it, but an edge's end labels come from its ids'
prefixes (`paper:`, `method:`, `repo:`, ...: kg ids start with their type's, checked on every node
here), since a map of every node's label would grow with the graph; an edge whose end node is missing
is refused by neo4j-admin, and by the push when its batch writes fewer relationships than it holds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow.parquet as pq

from kg import model
from kg.export.neo4j.rows import Row, edge_row, node_row
from kg.graph.readwrite import GraphFileError
from kg.graph.tables import open_table, table_rows

# Rows converted at a time: a few MB of Python objects even with long abstracts.
BATCH_ROWS = 10_000
# The first part of the ids the model's functions make, per label: `paper:arxiv:...` -> Paper.
_LABEL_OF_PREFIX = {
    model.paper_id("0", None, "").split(":", 1)[0]: model.PAPER,
    **{model.entity_id(label, "x").split(":", 1)[0]: label for label in model.ENTITY_TYPES},
    model.repository_id("h", "o", "n").split(":", 1)[0]: model.REPOSITORY,
    model.code_owner_id("h", "o").split(":", 1)[0]: model.CODE_OWNER,
    model.author_id("x").split(":", 1)[0]: model.AUTHOR,
}


@dataclass(frozen=True, slots=True)
class TableRows:
    """A push source (kg.export.neo4j.push.PushSource) reading a build's two tables: nodes in the
    table's id order, relationships in its (source, target) order, as kg.graph.tables writes them."""

    nodes_path: str
    edges_path: str
    name: str
    node_count: int
    edge_count: int

    @classmethod
    def open(cls, nodes_path: str | os.PathLike[str], edges_path: str | os.PathLike[str], name: str) -> TableRows:
        """The tables' sizes from their footers; GraphFileError if either is not a kg table this kg reads."""
        counts = [open_table(path)[1].metadata.num_rows for path in (nodes_path, edges_path)]
        return cls(os.fspath(nodes_path), os.fspath(edges_path), name, *counts)

    def node_stream(self) -> Iterator[tuple[str, Row]]:
        return node_rows(open_table(self.nodes_path)[1], self.nodes_path)

    def edge_stream(self) -> Iterator[tuple[str, Row]]:
        return edge_rows(open_table(self.edges_path)[1], self.edges_path)


def node_rows(table: pq.ParquetFile, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each node's label and checked row `{id, props}`, a batch of the table in memory at a time."""
    for attributes in table_rows(table, batch_size=BATCH_ROWS, use_threads=False):
        node_id = attributes.pop("id")
        label, row = node_row(node_id, attributes, source)
        if label_of(node_id) != label:
            raise GraphFileError(f"{source}: {label} node {node_id!r} does not have a {label} id "
                                 "(kg ids start with their type, e.g. 'paper:', 'method:')")
        yield label, row


def edge_rows(table: pq.ParquetFile, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each edge's type and checked row `{source, target, props}`, in the table's order."""
    for attributes in table_rows(table, batch_size=BATCH_ROWS, use_threads=False):
        source_id, target_id = attributes.pop("source"), attributes.pop("target")
        yield edge_row(source_id, target_id, attributes, (label_of(source_id), label_of(target_id)), source)


def label_of(node_id: str) -> str | None:
    """The label a kg id names by its prefix (`method:lora` -> Method), None for no kg prefix."""
    return _LABEL_OF_PREFIX.get(node_id.split(":", 1)[0])
