"""Upserting a kg graph into Neo4j over Bolt, idempotently, in batches, with parallel writers.

Order: the check that the database holds no other kg graph, optional wipe, schema (constraints
and indexes, then wait for them), the graph's `KgGraph` record, nodes, relationships, the record
marked complete.

kg never changes what it did not write: every node it creates carries the label `KgNode` and its
graph's name in `kg_graph`; a wipe deletes `KgNode` nodes only, and an upsert leaves alone a node
of the same label and id that lacks the mark (the push then stops with ForeignNodeError). Pushing
a second graph into a database holding another would mix them (shared entities, paper counts
and community ids of both), so it is refused (GraphMixError) unless the caller merges or wipes.

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
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.export.neo4j.connection import error_reason
from kg.export.neo4j.rows import GraphRows, Row, batches
from kg.export.neo4j.statements import INDEX_WAIT_SECONDS, edge_upsert, node_upsert, schema_statements
from kg import __version__
from kg.queries import load_query

DEFAULT_BATCH_SIZE = 1000
DEFAULT_WRITERS = 2

# Called after each step with what was done ("wipe", "schema", "nodes: Paper", "relationships: USES")
# and how many graph rows that step wrote. With several writers it is called from their threads,
# one call at a time.
Progress = Callable[[str, int], None]


class PushError(RuntimeError):
    """A push that did not complete; the message says how far it got."""


class GraphMixError(PushError):
    """The database holds another kg graph; raised before anything is written."""


class ForeignNodeError(PushError):
    """A node kg did not write has the label and id of a node of the graph."""


@dataclass(frozen=True, slots=True)
class WipeScope:
    """What a wipe would delete: the nodes kg wrote, and the relationships linking them to nodes
    kg did not write (deleted with them), and the graphs they belong to."""

    nodes: int
    foreign_relationships: int
    graphs: list[str]


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
    params: dict[str, Any] = field(default_factory=dict)  # besides `rows`

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
    graph_name: str | None = None,
    merge: bool = False,
) -> PushResult:
    """Write `rows` into `database` as the graph `graph_name` (default `rows.name`).

    `wipe` first deletes every node kg wrote (of any graph); `merge` allows pushing into a
    database that holds other kg graphs, which GraphMixError refuses otherwise. Raises PushError
    (with counts so far) if the push cannot finish.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if writers < 1:
        raise ValueError("writers must be at least 1")
    name = rows.name if graph_name is None else graph_name
    if not name.strip():
        raise ValueError("graph_name must not be empty")
    tally = _Tally(progress or (lambda phase, count: None))
    started = time.perf_counter()
    try:
        with driver.session(database=database) as session:
            others = [other for other in stored_graphs(session) if other != name]
            if others and not (merge or wipe):
                raise GraphMixError(mixing_message(database, name, others))
            wiped = wipe_kg_nodes(session, batch_size) if wipe else 0
            tally.report("wipe", 0)
            create_schema(session)
            tally.report("schema", 0)
            _record_graph(session, name, rows, complete=False)
        # Every node must exist before a relationship batch looks its ends up.
        _run_writers(driver, database, node_batches(rows, batch_size, writers, name), tally)
        _run_writers(driver, database, edge_batches(rows, batch_size, writers), tally)
        with driver.session(database=database) as session:
            _record_graph(session, name, rows, complete=True)
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


def node_batches(rows: GraphRows, batch_size: int, writers: int, graph_name: str | None = None) -> list[list[Batch]]:
    """Node batches dealt round-robin to `writers` lists (ids are unique, so any split is safe)."""
    dealt: list[list[Batch]] = [[] for _ in range(writers)]
    queries = {label: node_upsert(label) for label in rows.nodes}
    graph = rows.name if graph_name is None else graph_name
    every = (
        Batch("nodes", label, queries[label], batch, {"graph": graph})
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


def stored_graphs(session: neo4j.Session) -> list[str]:
    """The names of the kg graphs in the database (their `KgGraph` records)."""
    records = session.execute_read(_records, load_query("push/graphs").text, {})
    return [record["name"] for record in records]


def mixing_message(database: str, name: str, others: list[str]) -> str:
    """Why a push of `name` is refused, and the ways out."""
    held = ", ".join(repr(other) for other in others)
    return (f"database {database!r} already holds kg graph {held}; pushing graph {name!r} as well would mix "
            "them (shared entities and paper counts, community ids of both). Use --wipe to replace it, "
            "--merge to mix them on purpose, --graph-name to push under the same name, or another --database")


def wipe_scope(session: neo4j.Session) -> WipeScope:
    """What wipe_kg_nodes would delete, counted before asking."""
    record = session.execute_read(_records, load_query("push/wipe_scope").text, {})[0]
    return WipeScope(record["nodes"], record["foreign_relationships"], stored_graphs(session))


def _record_graph(session: neo4j.Session, name: str, rows: GraphRows, *, complete: bool) -> None:
    params = {"name": name, "kg_version": __version__, "nodes": rows.node_count,
              "relationships": rows.edge_count, "complete": complete}
    session.execute_write(_run, load_query("push/graph_record").text, params)


def wipe_kg_nodes(session: neo4j.Session, batch_size: int) -> int:
    """Delete every node kg wrote (label `KgNode`) with its relationships, a batch per transaction."""
    query = load_query("push/wipe").text
    params = {"batch_size": batch_size}
    total = 0
    while deleted := session.execute_write(_single, query, params, "deleted"):
        total += deleted
    return total


def _write(session: neo4j.Session, batch: Batch) -> None:
    written = session.execute_write(_single, batch.query, {**batch.params, "rows": batch.rows}, "written")
    if written != len(batch.rows) and batch.kind == "nodes":
        foreign = session.execute_read(_records, load_query("push/foreign_nodes").text,
                                       {"label": batch.name, "ids": [row["id"] for row in batch.rows]})
        ids = ", ".join(repr(record["id"]) for record in foreign)
        raise ForeignNodeError(f"the database holds {batch.name} nodes kg did not write with the ids of graph nodes "
                               f"({ids}); kg leaves them alone: remove or rename them, or push into another "
                               "database")
    if written != len(batch.rows):
        # Only possible if an endpoint vanished between batches (e.g. a concurrent wipe).
        raise PushError(f"wrote {written} of {len(batch.rows)} {batch.name} {batch.kind} in one batch; "
                        "is another process changing the database? run the push again")


def _single(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any], key: str) -> Any:
    return tx.run(query, params).single(strict=True)[key]


def _records(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> list[neo4j.Record]:
    return list(tx.run(query, params))


def _run(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()
