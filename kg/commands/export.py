"""`kg export cypher | neo4j-admin`: the graph as files for loading into Neo4j offline."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.commands.graph_input import graph_file, table_pair, tables_graph_name
from kg.commands.output import command_group, console, fail, plural
from kg.export.neo4j.admin import SCRIPT_NAME, AdminExportError, write_admin_csv
from kg.export.neo4j.admin_tables import write_admin_csv_from_tables
from kg.export.neo4j.cypher import DEFAULT_ROWS_PER_STATEMENT, write_cypher_script
from kg.export.neo4j.rows import load_rows
from kg.graph.readwrite import GraphFileError

app = command_group("Export the graph as files for Neo4j (a Cypher script, neo4j-admin CSVs).")

GRAPH = typer.Argument(..., help="graph.json (or .graphml/.gexf, optionally .gz) written by `kg build`.")
# A value Cypher has no literal for (NaN) is a ValueError; an unwritable output an OSError.
EXPORT_ERRORS = (GraphFileError, AdminExportError, ValueError, OSError)


@app.command()
def cypher(
    graph: Path = GRAPH,
    out_file: Path = typer.Option(..., "--out", "-o", help="The .cypher file to write."),
    rows_per_statement: int = typer.Option(DEFAULT_ROWS_PER_STATEMENT, "--rows-per-statement", min=1,
                                           help="Rows per UNWIND statement."),
) -> None:
    """Write a Cypher script that creates the graph, for `cypher-shell --file FILE`.

    Example: kg export cypher out/graph.json --out out/graph.cypher
    """
    try:
        rows = load_rows(graph)
        statements = write_cypher_script(rows, out_file, source=str(graph), rows_per_statement=rows_per_statement)
    except EXPORT_ERRORS as error:
        raise fail(str(error)) from error
    console().print(f"wrote {out_file}: {plural(rows.node_count, 'node')} and "
                    f"{plural(rows.edge_count, 'relationship')} in {plural(statements, 'statement')}", highlight=False)


@app.command("neo4j-admin")
def neo4j_admin(
    graph: Path = typer.Argument(..., help="A build folder, its nodes.parquet (edges.parquet beside it), or "
                                           "graph.json (or .graphml/.gexf, optionally .gz) written by `kg build`."),
    out_dir: Path = typer.Option(..., "--out", "-o", help="Folder for the CSV files and import.sh."),
) -> None:
    """Write node/relationship CSVs for `neo4j-admin database import full` (an empty database).

    From a build folder with nodes.parquet and edges.parquet (or those files), the CSVs are streamed
    from the tables a batch at a time: a graph of any size, in bounded memory. Else the graph file is loaded.

    Example: kg export neo4j-admin out/graph.json --out out/neo4j-import
    """
    try:
        tables = table_pair(graph)
        if tables is None:
            files = write_admin_csv(load_rows(graph_file(graph)), out_dir)
        else:
            files = write_admin_csv_from_tables(*tables, out_dir, graph_name=tables_graph_name(tables[0]))
    except EXPORT_ERRORS as error:
        raise fail(str(error)) from error
    console().print(f"wrote {plural(len(files.nodes), 'node file')} and "
                    f"{plural(len(files.relationships), 'relationship file')} to "
                    f"{out_dir}; load them with {out_dir / SCRIPT_NAME} while Neo4j is stopped", highlight=False)
