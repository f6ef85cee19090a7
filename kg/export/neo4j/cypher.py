"""A graph as a Cypher script for cypher-shell, for machines that cannot reach Neo4j over Bolt
from Python.

This is the one place kg writes values into Cypher text (a script file has no parameters):
`cypher_literal` quotes every string, escapes backslashes, quotes and control characters, and
backtick-quotes every map key, so no value can end a literal early. The statements themselves
are the push's (kg.export.neo4j.statements), with `$rows` bound to a literal list. Nothing here
imports the Neo4j driver: the script is for machines that may not have it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from kg import __version__
from kg.export.neo4j.rows import GraphRows, Row, batches
from kg.export.neo4j.statements import INDEX_WAIT_SECONDS, edge_upsert, node_upsert, schema_statements
from kg.queries import load_query, quote_name

DEFAULT_ROWS_PER_STATEMENT = 1000
# The push number (`kg_push` stamp) of what the script writes; pushes count from 1.
SCRIPT_PUSH = "0"

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_string(text: str) -> str:
    """A single-quoted Cypher string literal equal to `text`.

    Other control characters, U+2028/U+2029 and lone surrogates (which UTF-8 cannot carry)
    become \\uXXXX escapes; every other character is written as itself.
    """
    parts = ["'"]
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif code < 0x20 or code == 0x7F or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(char)
    parts.append("'")
    return "".join(parts)


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value, a list or a map; refuses what Cypher cannot spell."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Cypher literal")
        # repr round-trips exactly; Cypher's exponent takes no '+' sign.
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{quote_name(str(key))}: {cypher_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def write_cypher_script(
    rows: GraphRows,
    path: str | os.PathLike[str],
    *,
    source: str,
    rows_per_statement: int = DEFAULT_ROWS_PER_STATEMENT,
) -> int:
    """Write the script (schema, then nodes, then relationships); returns the statement count."""
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        return _write(rows, out, source, rows_per_statement)


def _write(rows: GraphRows, out: TextIO, source: str, rows_per_statement: int) -> int:
    out.write(
        f"// kg {__version__}: the graph {Path(source).name!r} as Cypher, {rows.node_count} nodes and "
        f"{rows.edge_count} relationships.\n"
        "// Run: cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j --file THIS_FILE\n"
        "// Idempotent (upserts by id), so running it twice leaves the same database.\n"
    )
    count = 0
    for statement in schema_statements():
        out.write(_one_line(statement) + ";\n")
        count += 1
    out.write(_one_line(load_query("push/await_indexes").statements[0].replace("$seconds", str(INDEX_WAIT_SECONDS)))
              + ";\n")
    count += 1
    sections: tuple[tuple[dict[str, list[Row]], Callable[[str], str]], ...] = (
        (rows.nodes, node_upsert),
        (rows.edges, edge_upsert),
    )
    for grouped, upsert in sections:
        for name, group in grouped.items():
            if not group:
                continue
            # The graph's name first: the rows' literal, bound last, may hold any text. A script is
            # no numbered push: it stamps 0, older than any push, so a later push of the graph
            # deletes what the script wrote that the graph no longer holds.
            template = upsert(name).replace("$graph", cypher_string(rows.name)).replace("$push", SCRIPT_PUSH)
            out.write(f"\n// {name}: {len(group)}\n")
            for batch in batches(group, rows_per_statement):
                # Bound in one replace over the template, so nothing inside the literal is rescanned.
                out.write(template.replace("$rows", cypher_literal(batch), 1) + ";\n")
                count += 1
    return count


def _one_line(statement: str) -> str:
    return " ".join(statement.split())
