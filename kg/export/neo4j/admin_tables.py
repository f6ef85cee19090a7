"""neo4j-admin CSVs streamed from nodes.parquet / edges.parquet: memory bounded by one Parquet row
group and one record batch, not by the graph, so a million-paper graph exports without being loaded
(docs/scale.md, "Neo4j at scale").

Each table is read twice, one batch at a time. The first pass (Arrow compute, no Python per row)
finds, for each label and relationship type, which columns hold a value in any of its rows, because
a file's header lists exactly those properties, typed from the table's column types. The second pass
turns each row into the push's own properties (kg.export.neo4j.rows, .values) and appends it to its
label's file with the same formatting as kg.export.neo4j.admin. So the files equal the ones written
from graph.json for the same build, byte for byte (tests/neo4j/test_neo4j_admin_tables.py).

Rows are checked and converted as the push's are (kg.export.neo4j.tables).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg import model
from kg.export.neo4j.admin import (
    NODE_KEYS,
    RELATIONSHIP_KEYS,
    SCRIPT_NAME,
    AdminExportError,
    AdminFiles,
    header_line,
    marked_node_properties,
    node_file_name,
    relationship_file_name,
    row_line,
    write_script,
)
from kg.export.neo4j.statements import GRAPH_PROPERTY
from kg.export.neo4j.tables import BATCH_ROWS, edge_rows, node_rows
from kg.export.neo4j.values import EDGE_STRUCTURE, EVIDENCE, JSON_SUFFIX, NODE_STRUCTURE
from kg.graph.readwrite import GraphFileError
from kg.graph.tables import open_table

_KEY_COLUMNS = {"id", "source", "target"}
_SCALAR_IMPORT_TYPES = {pa.bool_(): "boolean", pa.int64(): "long", pa.float64(): "double", pa.string(): "string"}


def write_admin_csv_from_tables(nodes_path: str | os.PathLike[str], edges_path: str | os.PathLike[str],
                                directory: str | os.PathLike[str], graph_name: str) -> AdminFiles:
    """Write the CSV files and import.sh into `directory` (created if needed) from a build's tables,
    the nodes marked with `graph_name` as a push would mark them."""
    _, nodes = open_table(nodes_path)
    _, edges = open_table(edges_path)
    node_filled = _filled_columns(nodes, os.fspath(nodes_path), model.NODE_TYPES, "node", "id")
    edge_filled = _filled_columns(edges, os.fspath(edges_path), model.EDGE_TYPES, "edge", "source")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    files = AdminFiles()
    node_columns = {label: _header(nodes.schema_arrow, filled, NODE_STRUCTURE, marked=True)
                    for label, filled in node_filled.items()}
    edge_columns = {rel_type: _header(edges.schema_arrow, filled, EDGE_STRUCTURE, marked=False)
                    for rel_type, filled in edge_filled.items()}
    with ExitStack() as stack:
        outs = _open_files(target, node_columns, node_file_name, NODE_KEYS, files.nodes, stack)
        for label, row in node_rows(nodes, os.fspath(nodes_path)):
            _write_row(outs[label], [row["id"]], marked_node_properties(row["props"], graph_name),
                       node_columns[label], f"{label} nodes")
    with ExitStack() as stack:
        outs = _open_files(target, edge_columns, relationship_file_name, RELATIONSHIP_KEYS, files.relationships,
                           stack)
        for rel_type, row in edge_rows(edges, os.fspath(edges_path)):
            _write_row(outs[rel_type], [row["source"], row["target"]], row["props"], edge_columns[rel_type],
                       f"{rel_type} relationships")
    write_script(target / SCRIPT_NAME, files)
    return files


def _filled_columns(table: pq.ParquetFile, source: str, known: tuple[str, ...], what: str,
                    key: str) -> dict[str, set[str]]:
    """For each type that has rows, in the model's order of types: the columns holding a value in one of them."""
    filled: dict[str, set[str]] = {}
    names = [name for name in table.schema_arrow.names if name not in _KEY_COLUMNS | {"type"}]
    for batch in table.iter_batches(batch_size=BATCH_ROWS, use_threads=False):
        types = batch.column("type")
        unknown = pc.filter(batch.column(key), pc.invert(pc.is_in(types, pa.array(known))))
        if len(unknown):
            first = unknown[0].as_py()
            bad_type = types[batch.column(key).to_pylist().index(first)].as_py()
            raise GraphFileError(f"{source}: {what} {first!r} has unknown type {bad_type!r} "
                                 f"(known: {', '.join(known)})")
        flags = pa.table({"type": types, **{name: _has_value(batch.column(name)) for name in names}})
        summary = flags.group_by("type").aggregate([(name, "any") for name in names])
        for record in summary.to_pylist():
            filled.setdefault(record["type"], set()).update(name for name in names if record[f"{name}_any"])
    return {label: filled[label] for label in known if label in filled}


def _has_value(column: pa.Array) -> pa.Array:
    """Where a column holds a property: not null and, for lists, not empty (the push drops both)."""
    if pa.types.is_list(column.type):
        return pc.fill_null(pc.greater(pc.list_value_length(column), 0), False)
    return pc.is_valid(column)


def _header(schema: pa.Schema, filled: set[str], structure: frozenset[str], *, marked: bool) -> dict[str, str]:
    """Property name -> import type for the filled columns, as the push's conversion names them."""
    types: dict[str, str] = {GRAPH_PROPERTY: "string"} if marked else {}
    for name in filled - structure:
        arrow_type = schema.field(name).type
        if arrow_type in _SCALAR_IMPORT_TYPES:
            types[name] = _SCALAR_IMPORT_TYPES[arrow_type]
        elif pa.types.is_list(arrow_type) and arrow_type.value_type in _SCALAR_IMPORT_TYPES:
            types[name] = _SCALAR_IMPORT_TYPES[arrow_type.value_type] + "[]"
        else:
            # Maps and lists of maps go in as JSON text; evidence keeps its sentences besides.
            types[name + JSON_SUFFIX] = "string"
            if name == EVIDENCE:
                types[EVIDENCE] = "string[]"
    return dict(sorted(types.items()))


def _open_files(target: Path, columns: dict[str, dict[str, str]], file_name: Callable[[str], str],
                keys: list[str], written: dict[str, str], stack: ExitStack) -> dict[str, TextIO]:
    """Each file with its header, open for appending rows (`written` records its name)."""
    outs: dict[str, TextIO] = {}
    for name, types in columns.items():
        written[name] = file_name(name)
        out = stack.enter_context((target / written[name]).open("w", encoding="utf-8", newline=""))
        out.write(header_line(keys, list(types), types))
        outs[name] = out
    return outs


def _write_row(out: TextIO, keys: list[str], props: dict[str, Any], types: dict[str, str], what: str) -> None:
    extra = props.keys() - types.keys()
    if extra:
        raise AdminExportError(f"{what}: {keys!r} has properties its column types do not: {sorted(extra)}")
    out.write(row_line(keys, props, list(types), what))
