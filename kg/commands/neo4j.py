"""`kg neo4j push | query | queries | schema`: the graph in a Neo4j database.

Connection settings come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE;
the flags override them. Every failure ends in one `error:` line and a non-zero exit.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from kg.commands.graph_input import graph_file, table_pair, tables_graph_name
from kg.commands.output import JsonOption, clean, command_group, console, fail, plural
from kg.export.neo4j.connection import DEFAULT_RETRY_SECONDS, Neo4jConnectionError, Neo4jSettings, connect
from kg.export.neo4j.push import (
    DEFAULT_BATCH_SIZE, DEFAULT_WRITERS, PushError, create_schema, push_rows, wipe_scope,
)
from kg.export.neo4j.query import QueryResult, run_named_query
from kg.export.neo4j.rows import load_rows
from kg.export.neo4j.tables import TableRows
from kg.graph.readwrite import GraphFileError
from kg.ingest.checks import strip_controls
from kg.queries import QueryError, list_queries, load_query

app = command_group("Push the graph into Neo4j and run the saved queries.")


# envvar= lets the help name the variables; the values still go through Neo4jSettings.from_env.
URI = typer.Option(None, "--uri", envvar="NEO4J_URI", help="Bolt URI (default bolt://localhost:7687).")
USERNAME = typer.Option(None, "--username", "-u", envvar="NEO4J_USERNAME", help="User (default neo4j).")
PASSWORD = typer.Option(
    None, "--password", envvar="NEO4J_PASSWORD", show_default=False,
    help="Password; prefer the variable, flags show up in `ps`.",
)
DATABASE = typer.Option(None, "--database", "-d", envvar="NEO4J_DATABASE", help="Database (default neo4j).")


@contextmanager
def session_errors() -> Iterator[None]:
    """Known failures as one `error:` line; anything else is a bug and keeps its traceback.

    The driver's own log lines (connection failures it is about to retry) are muted: the
    outcome reaches the user as that one line.
    """
    driver_log = logging.getLogger("neo4j")
    propagate = driver_log.propagate
    driver_log.propagate = False
    driver_log.addHandler(quiet := logging.NullHandler())
    try:
        yield
    except (Neo4jConnectionError, PushError, GraphFileError, QueryError) as error:
        raise fail(str(error)) from error
    finally:
        driver_log.removeHandler(quiet)
        driver_log.propagate = propagate


@app.command()
def push(
    graph: Path = typer.Argument(..., help="A build folder, its nodes.parquet (edges.parquet beside it), or "
                                           "graph.json (or .graphml/.gexf, optionally .gz) written by `kg build`."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Rows per transaction."),
    writers: int = typer.Option(
        DEFAULT_WRITERS, "--writers", min=1, help="Transactions in flight at once (about the server's CPU cores)."
    ),
    graph_name: str | None = typer.Option(
        None, "--graph-name", help="Name recorded on the nodes (default: the graph's folder, or its file name)."
    ),
    wipe: bool = typer.Option(
        False, "--wipe", help="First delete every node kg wrote (of any graph) with its relationships; asks first."
    ),
    merge: bool = typer.Option(False, "--merge", help="Push even though the database holds another kg graph."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --wipe deletes (for scripts)."),
    retry_seconds: float = typer.Option(
        DEFAULT_RETRY_SECONDS, "--retry-seconds", min=0, help="How long to retry a batch on transient errors."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    uri: str | None = URI,
    username: str | None = USERNAME,
    password: str | None = PASSWORD,
    database: str | None = DATABASE,
) -> None:
    """Upsert GRAPH into Neo4j: constraints and indexes first, then batched upserts of nodes and relationships,
    then what an earlier push of the graph wrote and GRAPH no longer holds is deleted.

    From a build folder with nodes.parquet and edges.parquet (or those files), rows are streamed from the
    tables a batch at a time: a graph of any size, in bounded memory. Else the graph file is loaded.

    Pushing the same graph again changes nothing; after an interrupted push, run it again. Nodes kg
    writes carry the label KgNode and the graph's name in kg_graph; kg never changes or deletes other
    nodes. A database holding another kg graph is refused unless --wipe or --merge is given.

    Example: NEO4J_PASSWORD=... kg neo4j push out/graph.json --wipe
    """
    settings = Neo4jSettings.from_env(uri, username, password, database)
    with session_errors():
        tables = table_pair(graph)
        rows = (load_rows(graph_file(graph)) if tables is None
                else TableRows.open(*tables, name=tables_graph_name(tables[0])))
        name = graph_name if graph_name is not None else rows.name
        if not name.strip():
            raise fail("--graph-name must not be empty")
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TimeRemainingColumn())
        with connect(settings, retry_seconds) as driver:
            if wipe and not yes:
                confirm_wipe(driver, settings)
            with Progress(*columns, console=console(stderr=True), disable=quiet, transient=True) as bars:
                task = bars.add_task("connecting", total=rows.node_count + rows.edge_count)

                def advance(phase: str, count: int) -> None:
                    bars.update(task, advance=count, description=phase)

                result = push_rows(driver, settings.database, rows, batch_size=batch_size, writers=writers,
                                   wipe=wipe, progress=advance, graph_name=name, merge=merge)
    wiped = f", after deleting {plural(result.wiped, 'old node')}" if wipe else ""
    console().print(strip_controls(
        f"pushed {plural(result.nodes, 'node')} and {plural(result.relationships, 'relationship')} of graph {name!r} "
        f"to database "
        f"{settings.database!r} at {settings.uri} in {result.seconds:.1f} s{wiped}; deleted "
        f"{plural(result.stale_nodes, 'stale node')} and {plural(result.stale_relationships, 'stale relationship')} "
        "(written by an earlier push, no longer in the graph)"
    ), highlight=False, markup=False)


def confirm_wipe(driver: neo4j.Driver, settings: Neo4jSettings) -> None:
    """Ask before --wipe deletes anything; without a terminal to ask on, refuse (--yes skips this)."""
    with driver.session(database=settings.database) as session:
        scope = wipe_scope(session)
    if scope.nodes == 0:
        return
    graphs = ", ".join(repr(name) for name in scope.graphs) or "no recorded name"
    linked = (f", and {plural(scope.foreign_relationships, 'relationship')} linking them to nodes kg did not write"
              if scope.foreign_relationships else "")
    what = (f"{plural(scope.nodes, 'node')} kg wrote (graph {graphs}) with their relationships{linked}, "
            f"in database {settings.database!r} at {settings.uri}")
    if not sys.stdin.isatty():
        raise fail(f"--wipe would delete {what}; pass --yes to confirm when not on a terminal")
    if not typer.confirm(f"Delete {strip_controls(what)}?", default=False, err=True):
        raise fail("nothing deleted, nothing pushed")


@app.command()
def schema(
    uri: str | None = URI,
    username: str | None = USERNAME,
    password: str | None = PASSWORD,
    database: str | None = DATABASE,
) -> None:
    """Create the constraints and indexes alone (after `neo4j-admin database import`, say)."""
    settings = Neo4jSettings.from_env(uri, username, password, database)
    with session_errors(), connect(settings) as driver, driver.session(database=settings.database) as session:
        create_schema(session)
    console().print(f"constraints and indexes are online in database {settings.database!r}", highlight=False)


@app.command()
def queries() -> None:
    """List the saved queries (queries/*.cypher) with their parameters."""
    with session_errors():
        saved = list_queries()
    table = Table("name", "description", "parameters (default, or example of a required one)")
    for column in table.columns:
        column.overflow = "fold"
    for query in saved:
        params = "\n".join(
            f"{param.name} (required, e.g. {param.value})" if param.required else f"{param.name}={param.value}"
            for param in query.params
        )
        table.add_row(query.name, query.description, params)
    console().print(table)


@app.command()
def query(
    name: str = typer.Argument(..., help="A saved query (see `kg neo4j queries`), e.g. top_methods."),
    param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable; converted to the declared type."),
    as_json: JsonOption = False,
    uri: str | None = URI,
    username: str | None = USERNAME,
    password: str | None = PASSWORD,
    database: str | None = DATABASE,
) -> None:
    """Run one saved query and print its rows as a table (or as JSON, every list in full).

    Example: kg neo4j query papers_on_dataset --param dataset=cifar-10
    """
    settings = Neo4jSettings.from_env(uri, username, password, database)
    with session_errors():
        given = parse_params(param)
        load_query(name).parameters(given)  # bad parameters fail before connecting
        with connect(settings) as driver:
            result = run_named_query(driver, settings.database, name, given)
    if as_json:
        typer.echo(json.dumps({"query": name, "columns": result.columns, "rows": result.as_dicts()}, indent=2,
                              default=str))
        return
    console().print(result_table(name, result))


def parse_params(pairs: list[str]) -> dict[str, str]:
    given: dict[str, str] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip():
            raise QueryError(f"--param expects key=value, got {pair!r}")
        given[key.strip()] = value
    return given


# Items of a list shown in a table cell; the cell says how many there are when it shows fewer.
LIST_CELL_ITEMS = 5


def result_table(title: str, result: QueryResult) -> Table:
    table = Table(*result.columns, title=f"{title} ({plural(len(result.rows), 'row')})")
    for column in table.columns:
        column.overflow = "fold"  # ids must never be cut short with an ellipsis
    for row in result.rows:
        table.add_row(*(escape(cell_text(value)) for value in row))
    return table


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        shown = ", ".join(cell_text(item) for item in value[:LIST_CELL_ITEMS])
        return shown + (f", ... ({len(value)} in all; --json lists them)" if len(value) > LIST_CELL_ITEMS else "")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {cell_text(item)}" for key, item in value.items())
    return clean(value)

