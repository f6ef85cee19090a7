"""Neo4j from Python: connect with settings from the environment, push a graph, and run the saved
queries (queries/*.cypher) as tables. Part of the public API (README.md, "Python API").

This module is `kg.neo4j`; `import neo4j` (here and anywhere else) is still the Neo4j driver, since
Python 3 imports are absolute. Values always reach Cypher as parameters.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import neo4j
import networkx as nx

from kg.export.neo4j.connection import Neo4jConnectionError, Neo4jSettings
from kg.export.neo4j.connection import connect as _connect
from kg.export.neo4j.push import PushError, PushResult, push_rows
from kg.export.neo4j.query import run_named_query
from kg.export.neo4j.rows import graph_rows, load_rows
from kg.queries import Query, QueryError, list_queries

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Neo4jConnectionError", "Neo4jSettings", "PushError", "PushResult", "Query", "QueryError",
           "connect", "push", "queries", "query", "settings"]


def settings(uri: str | None = None, username: str | None = None, password: str | None = None,
             database: str | None = None) -> Neo4jSettings:
    """Where and as whom to connect: the values given, else NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD
    and NEO4J_DATABASE, else bolt://localhost:7687, user neo4j, database neo4j."""
    return Neo4jSettings.from_env(uri=uri, username=username, password=password, database=database)


@contextmanager
def connect(config: Neo4jSettings | None = None) -> Iterator[neo4j.Driver]:
    """A driver for the server (settings from the environment unless given), checked with a read of
    the database first and closed on leaving the `with` block; raises Neo4jConnectionError."""
    with _connect(config or settings()) as driver:
        yield driver


def push(graph: nx.DiGraph | str | os.PathLike[str], config: Neo4jSettings | None = None, *,
         driver: neo4j.Driver | None = None, wipe: bool = False, graph_name: str | None = None,
         merge: bool = False) -> PushResult:
    """Upsert a graph (or a graph file) into Neo4j, idempotently, as the graph `graph_name` (default: the
    file's folder or name; "graph" for a graph in memory), then delete what an earlier push of that graph
    wrote and this one does not hold (docs/neo4j.md, "Increments"). A database holding another kg graph is refused
    unless `merge`; `wipe` first deletes only the nodes kg wrote (without asking: this is for scripts).
    Uses `driver` when given, else connects with `config` for this push only."""
    chosen = config or settings()
    rows = graph_rows(graph) if isinstance(graph, nx.DiGraph) else load_rows(graph)
    options = {"wipe": wipe, "graph_name": graph_name, "merge": merge}
    if driver is not None:
        return push_rows(driver, chosen.database, rows, **options)
    with _connect(chosen) as opened:
        return push_rows(opened, chosen.database, rows, **options)


def queries() -> list[Query]:
    """The saved queries a user can run: name, description and declared parameters of each."""
    return list_queries()


def query(driver: neo4j.Driver, name: str, /, *, database: str | None = None, **params: Any) -> pd.DataFrame:
    """Saved query `name` as a pandas table (needs `pip install 'kg[notebooks]'`). Parameters are Python
    values; the query's declared defaults fill in the rest. Runs in a read transaction."""
    import json

    import pandas as pd

    given = {key: json.dumps(value) if isinstance(value, list) else str(value) for key, value in params.items()}
    result = run_named_query(driver, database or settings().database, name, given)
    return pd.DataFrame(result.rows, columns=result.columns)
