"""Upserting a kg graph into Neo4j over Bolt, idempotently, in batches, with parallel writers.

Order: optional wipe, schema (constraints and indexes, then wait for them), nodes, relationships.
Every batch is one managed transaction (`execute_write`), which the driver retries on transient
errors (deadlocks between writers included); each query upserts by id and replaces all
properties, so a retried batch, a re-run push, or a push after an interruption all converge to
the same database.

Why parallel writers: one transaction runs on one server thread, and the server, not Python, is
the bottleneck (docs/neo4j.md, "Speed"). Node batches are independent. Relationship rows are split
by source node, so each writer owns its source nodes; the edge upsert locks only the source
(queries/push/edge_upsert.cypher), so writers do not wait for each other on popular targets.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.export.neo4j.connection import error_reason
from kg.export.neo4j.rows import GraphRows, Row, batches
from kg.export.neo4j.statements import INDEX_WAIT_SECONDS, edge_upsert, node_upsert, schema_statements
from kg import model
from kg.queries import load_query

DEFAULT_BATCH_SIZE = 1000
DEFAULT_WRITERS = 2

# Called after each step with what was done ("wipe", "schema", "nodes: Paper", "relationships: USES")
# and how many graph rows that step wrote. With several writers it is called from their threads,
# one call at a time.
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


@dataclass(frozen=True, slots=True)
class Batch:
    """One transaction's worth of rows and the query that writes them."""

    kind: str  # "nodes" or "relationships"
    name: str  # the label or relationship type
    query: str
    rows: list[Row]

    @property
    def phase(self) -> str:
        """What progress reports: "nodes: Paper", "relationships: USES"."""
        return f"{self.kind}: {self.name}"


def push_rows(
    driver: neo4j.Driver,
    database: str,
    rows: GraphRows,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    writers: int = DEFAULT_WRITERS,
    wipe: bool = False,
    progress: Progress | None = None,
) -> PushResult:
    """Write `rows` into `database`; raises PushError (with counts so far) if it cannot finish."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if writers < 1:
        raise ValueError("writers must be at least 1")
    tally = _Tally(progress or (lambda phase, count: None))
    started = time.perf_counter()
    try:
        with driver.session(database=database) as session:
            wiped = wipe_kg_nodes(session, batch_size) if wipe else 0
            tally.report("wipe", 0)
            create_schema(session)
            tally.report("schema", 0)
        # Every node must exist before a relationship batch looks its ends up.
        _run_writers(driver, database, node_batches(rows, batch_size, writers), tally)
        _run_writers(driver, database, edge_batches(rows, batch_size, writers), tally)
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
        raise PushError(
            f"push interrupted after {tally.nodes} of {rows.node_count} nodes and "
            f"{tally.relationships} of {rows.edge_count} relationships "
            f"({type(error).__name__}: {error_reason(error)}); the database holds a partial graph, "
            "run the same push again to complete it"
        ) from error
    return PushResult(
        nodes=tally.nodes,
        relationships=tally.relationships,
        wiped=wiped,
        seconds=time.perf_counter() - started,
    )


def node_batches(rows: GraphRows, batch_size: int, writers: int) -> list[list[Batch]]:
    """Node batches dealt round-robin to `writers` lists (ids are unique, so any split is safe)."""
    dealt: list[list[Batch]] = [[] for _ in range(writers)]
    queries = {label: node_upsert(label) for label in rows.nodes}
    every = (
        Batch("nodes", label, queries[label], batch)
        for label, label_rows in rows.nodes.items()
        for batch in batches(label_rows, batch_size)
    )
    for index, batch in enumerate(every):
        dealt[index % writers].append(batch)
    return dealt


def edge_batches(rows: GraphRows, batch_size: int, writers: int) -> list[list[Batch]]:
    """Relationship batches for `writers` writers, each owning the rows of one range of source ids.

    The ranges hold about the same number of rows. All rows of one source node go to one writer,
    so two writers never lock the same source node.
    """
    sources = sorted(row["source"] for type_rows in rows.edges.values() for row in type_rows)
    bounds = [sources[len(sources) * part // writers] for part in range(1, writers)] if sources else []
    dealt: list[list[Batch]] = [[] for _ in range(writers)]
    for edge_type, type_rows in rows.edges.items():
        query = edge_upsert(edge_type)
        parts: list[list[Row]] = [[] for _ in range(writers)]
        for row in type_rows:
            parts[bisect.bisect_right(bounds, row["source"])].append(row)
        for writer, part in zip(dealt, parts):
            writer.extend(Batch("relationships", edge_type, query, batch) for batch in batches(part, batch_size))
    return dealt


class _Tally:
    """Rows written so far and the progress callback, shared by the writer threads."""

    def __init__(self, progress: Progress) -> None:
        self.nodes = 0
        self.relationships = 0
        self._progress = progress
        self._lock = threading.Lock()

    def report(self, phase: str, count: int) -> None:
        with self._lock:
            self._progress(phase, count)

    def written(self, batch: Batch) -> None:
        with self._lock:
            if batch.kind == "nodes":
                self.nodes += len(batch.rows)
            else:
                self.relationships += len(batch.rows)
            self._progress(batch.phase, len(batch.rows))


def _run_writers(driver: neo4j.Driver, database: str, work: list[list[Batch]], tally: _Tally) -> None:
    """Each list of batches in its own thread and session; the first failure stops the others
    (after their current batch) and is raised here."""
    stop = threading.Event()

    def write_all(batches_of_writer: Iterable[Batch]) -> None:
        with driver.session(database=database) as session:
            for batch in batches_of_writer:
                if stop.is_set():
                    return
                _write(session, batch)
                tally.written(batch)

    with ThreadPoolExecutor(max_workers=len(work), thread_name_prefix="kg-neo4j-writer") as pool:
        futures = [pool.submit(write_all, batches_of_writer) for batches_of_writer in work if batches_of_writer]
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        finally:
            stop.set()  # also on Ctrl-C: the other writers end after the batch they are in
    for future in done:
        if error := future.exception():
            raise error


def create_schema(session: neo4j.Session) -> None:
    """Uniqueness constraints on `id` per label, range and full-text indexes; waits until online."""
    for statement in schema_statements():
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


def _write(session: neo4j.Session, batch: Batch) -> None:
    written = session.execute_write(_single, batch.query, {"rows": batch.rows}, "written")
    if written != len(batch.rows):
        # Only possible if an endpoint vanished between batches (e.g. a concurrent wipe).
        raise PushError(f"wrote {written} of {len(batch.rows)} {batch.name} {batch.kind} in one batch; "
                        "is another process changing the database? run the push again")


def _single(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any], key: str) -> Any:
    return tx.run(query, params).single(strict=True)[key]


def _run(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()
