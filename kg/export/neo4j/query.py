"""Running a named query from queries/ against Neo4j and turning its records into plain rows.

Queries run in read transactions: a query file that tried to write would fail instead of
changing the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.graph import Node, Path, Relationship

from kg.queries import load_query


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Column names and rows of plain Python values (nodes and paths are summarised)."""

    columns: list[str]
    rows: list[list[Any]]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def run_named_query(driver: neo4j.Driver, database: str, name: str, given: dict[str, str]) -> QueryResult:
    """Run queries/<name>.cypher with its declared defaults overridden by `given` strings."""
    query = load_query(name)
    params = query.parameters(given)
    return run_query_text(driver, database, query.text, params)


def run_query_text(driver: neo4j.Driver, database: str, text: str, params: dict[str, Any]) -> QueryResult:
    """Run loaded query text (never user-built Cypher) with parameters in a read transaction."""
    with driver.session(database=database) as session:
        columns, records = session.execute_read(_collect, text, params)
    return QueryResult(columns=columns, rows=[[plain(value) for value in record] for record in records])


def _collect(tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(text, params)
    records = [list(record.values()) for record in result]
    return list(result.keys()), records


def plain(value: Any) -> Any:
    """Graph values as what a table shows: a node as its name (or id), a path as its steps."""
    if isinstance(value, Node):
        return value.get("name", value.get("id"))
    if isinstance(value, Relationship):
        return value.type
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
