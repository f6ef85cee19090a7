"""A graph as CSV files for `neo4j-admin database import full`: the fastest way into an empty
database.

One node file per label and one relationship file per type, each with a typed header
(`paper_count:long`, `aliases:string[]`, ...). Values are the same property maps the Bolt push
writes (kg.export.neo4j.values), so both paths give the same database. Every string is quoted
(quotes doubled), absent properties are empty unquoted fields, list elements are joined with
U+001F (a control character no kg text contains; refused if one does), and abstracts may hold
line breaks, hence `--multiline-fields=true`. `import.sh` in the folder has the full command.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.export.neo4j.rows import GraphRows
from kg.export.neo4j.statements import GRAPH_PROPERTY, KG_NODE_LABEL

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
SCRIPT_NAME = "import.sh"
NODE_KEYS = ["id:ID"]
RELATIONSHIP_KEYS = [":START_ID", ":END_ID"]

_SCALAR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


class AdminExportError(ValueError):
    """A value the import format cannot carry as the push would store it."""


@dataclass(slots=True)
class AdminFiles:
    """The files written, as neo4j-admin wants them: label or type -> file name."""

    nodes: dict[str, str] = field(default_factory=dict)
    relationships: dict[str, str] = field(default_factory=dict)

    def import_arguments(self, directory: str | os.PathLike[str], database: str = "neo4j") -> list[str]:
        """Arguments after `neo4j-admin database import full` for files in `directory`.

        The database name comes first: the file options take several values each and would
        swallow a trailing name.
        """
        base = Path(directory)
        args = [
            database,
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            "--multiline-fields=true",
            "--id-type=string",
            f"--report-file={base / 'import.report'}",
        ]
        args += [f"--nodes={label}:{KG_NODE_LABEL}={base / name}" for label, name in self.nodes.items()]
        args += [f"--relationships={rel_type}={base / name}" for rel_type, name in self.relationships.items()]
        return args


def write_admin_csv(rows: GraphRows, directory: str | os.PathLike[str]) -> AdminFiles:
    """Write the CSV files and import.sh into `directory` (created if needed); nodes get kg's mark
    (label and graph name) as a push would give them."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    files = AdminFiles()
    for label, node_rows in rows.nodes.items():
        if node_rows:
            name = node_file_name(label)
            _write_table(target / name, NODE_KEYS, [[row["id"]] for row in node_rows],
                         [marked_node_properties(row["props"], rows.name) for row in node_rows],
                         f"{label} nodes")
            files.nodes[label] = name
    for rel_type, edge_rows in rows.edges.items():
        if edge_rows:
            name = relationship_file_name(rel_type)
            _write_table(target / name, RELATIONSHIP_KEYS,
                         [[row["source"], row["target"]] for row in edge_rows],
                         [row["props"] for row in edge_rows], f"{rel_type} relationships")
            files.relationships[rel_type] = name
    write_script(target / SCRIPT_NAME, files)
    return files


def node_file_name(label: str) -> str:
    return f"nodes-{label}.csv"


def relationship_file_name(rel_type: str) -> str:
    return f"relationships-{rel_type}.csv"


def marked_node_properties(props: dict[str, Any], graph_name: str) -> dict[str, Any]:
    """A node's CSV properties: the push's, without `id` (the `id:ID` column stores it), with kg's
    graph-name mark (the `KgNode` label comes from the import arguments)."""
    return {**{key: value for key, value in props.items() if key != "id"}, GRAPH_PROPERTY: graph_name}


def _write_table(path: Path, key_header: list[str], keys: list[list[str]], props: list[dict[str, Any]],
                 what: str) -> None:
    columns = sorted({name for item in props for name in item})
    types = {name: _column_type(name, (item[name] for item in props if name in item), what) for name in columns}
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header_line(key_header, columns, types))
        for key_values, item in zip(keys, props, strict=True):
            out.write(row_line(key_values, item, columns, what))


def header_line(key_header: list[str], columns: list[str], types: dict[str, str]) -> str:
    """The typed header: key columns, then each property as `name` (strings) or `name:type`."""
    header = key_header + [name if types[name] == "string" else f"{name}:{types[name]}" for name in columns]
    return ",".join(_quote(name) for name in header) + "\n"


def row_line(key_values: list[str], item: dict[str, Any], columns: list[str], what: str) -> str:
    """One CSV line: the quoted keys, then each column's value, empty where the row lacks it."""
    fields = [_quote(value) for value in key_values]
    fields += [_field(item[name], name, what) if name in item else "" for name in columns]
    return ",".join(fields) + "\n"


def _column_type(name: str, values: Iterable[Any], what: str) -> str:
    """One import type per column, e.g. `long` or `string[]`; ints with floats widen to double."""
    kinds: set[str] = set()
    for value in values:
        if isinstance(value, list):
            kinds.add(_SCALAR_TYPES[type(value[0])] + "[]")
        else:
            kinds.add(_SCALAR_TYPES[type(value)])
    if kinds == {"long", "double"}:
        return "double"
    if kinds == {"long[]", "double[]"}:
        return "double[]"
    if len(kinds) != 1:
        raise AdminExportError(f"{what}: property {name!r} mixes types {sorted(kinds)}; "
                               "neo4j-admin import needs one type per column")
    return kinds.pop()


def _field(value: Any, name: str, what: str) -> str:
    if isinstance(value, list):
        items = [_scalar_text(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise AdminExportError(f"{what}: a value of {name!r} contains U+001F, the array delimiter")
        return _quote(ARRAY_DELIMITER.join(items))
    text = _scalar_text(value)
    return _quote(text) if isinstance(value, str) else text


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_script(path: Path, files: AdminFiles) -> None:
    """import.sh: the import command for the files in its folder."""
    args = files.import_arguments(".", database="${1:-neo4j}")
    quoted = ['"' + args[0] + '"'] + [shlex.quote(arg) for arg in args[1:]]
    path.write_text(
        "#!/bin/sh\n"
        "# Load these files into an empty database (Neo4j stopped): ./import.sh [DATABASE]\n"
        "# Then start Neo4j and run `kg neo4j schema` for the constraints and indexes.\n"
        'cd "$(dirname "$0")" || exit 1\n'
        "exec neo4j-admin database import full \\\n    "
        + " \\\n    ".join(quoted) + "\n",
        encoding="utf-8",
    )
    path.chmod(0o755)

