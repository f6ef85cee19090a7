"""Upserting a kg graph into Neo4j over Bolt, idempotently and in batches.

Order: optional wipe, schema (constraints and indexes, then wait for them), nodes per label,
relationships per type. Every batch is one managed transaction (`execute_write`), which the
driver retries on transient errors; each query is MERGE by id + `SET x = props`, so a retried
batch, a re-run push, or a push after an interruption all converge to the same database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.export.neo4j_connection import error_reason
from kg.export.neo4j_rows import GraphRows, Row, batches
from kg.graph import model
from kg.queries import load_query

DEFAULT_BATCH_SIZE = 5000
INDEX_WAIT_SECONDS = 300

# Called after each step with what was done ("wipe", "schema", "nodes: Paper", "relationships: USES")
# and how many graph rows that step wrote.
Progress = Callable[[str, int], None]


class PushError(RuntimeError):
    """A push that did not complete; the message says how far it got."""


@dataclass(frozen=True, slots=True)
class PushResult:
    """What one push wrote."""

    nodes: int
    relationships: int
    wiped: int
    seconds: float


def push_rows(
    driver: neo4j.Driver,
    database: str,
    rows: GraphRows,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    wipe: bool = False,
    progress: Progress | None = None,
) -> PushResult:
    """Write `rows` into `database`; raises PushError (with counts so far) if it cannot finish."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = progress or (lambda phase, count: None)
    started = time.perf_counter()
    written = {"nodes": 0, "relationships": 0}
    with driver.session(database=database) as session:
        try:
            wiped = wipe_kg_nodes(session, batch_size) if wipe else 0
            report("wipe", 0)
            create_schema(session)
            report("schema", 0)
            for label, label_rows in rows.nodes.items():
                query = load_query(f"push/nodes/{label}").text
                for batch in batches(label_rows, batch_size):
                    written["nodes"] += _write(session, query, batch, f"{label} nodes")
                    report(f"nodes: {label}", len(batch))
            for edge_type, type_rows in rows.edges.items():
                query = load_query(f"push/edges/{edge_type}").text
                for batch in batches(type_rows, batch_size):
                    written["relationships"] += _write(session, query, batch, f"{edge_type} relationships")
                    report(f"relationships: {edge_type}", len(batch))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
            raise PushError(
                f"push interrupted after {written['nodes']} of {rows.node_count} nodes and "
                f"{written['relationships']} of {rows.edge_count} relationships "
                f"({type(error).__name__}: {error_reason(error)}); the database holds a partial graph, "
                "run the same push again to complete it"
            ) from error
    return PushResult(
        nodes=written["nodes"],
        relationships=written["relationships"],
        wiped=wiped,
        seconds=time.perf_counter() - started,
    )


def create_schema(session: neo4j.Session) -> None:
    """Uniqueness constraints on `id` per label, range and full-text indexes; waits until online."""
    for statement in load_query("push/schema").statements:
        session.execute_write(_run, statement, {})
    session.execute_read(_run, load_query("push/await_indexes").text, {"seconds": INDEX_WAIT_SECONDS})


def wipe_kg_nodes(session: neo4j.Session, batch_size: int) -> int:
    """Delete every node carrying a kg label (with its relationships), a batch per transaction."""
    query = load_query("push/wipe").text
    params = {"labels": list(model.NODE_TYPES), "batch_size": batch_size}
    total = 0
    while deleted := session.execute_write(_single, query, params, "deleted"):
        total += deleted
    return total


def _write(session: neo4j.Session, query: str, batch: list[Row], what: str) -> int:
    written = session.execute_write(_single, query, {"rows": batch}, "written")
    if written != len(batch):
        # Only possible if an endpoint vanished between batches (e.g. a concurrent wipe).
        raise PushError(f"wrote {written} of {len(batch)} {what} in one batch; is another process "
                        "changing the database? run the push again")
    return written


def _single(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any], key: str) -> Any:
    return tx.run(query, params).single(strict=True)[key]


def _run(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()
