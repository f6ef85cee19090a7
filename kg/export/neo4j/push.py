"""Upserting a kg graph into Neo4j over Bolt, idempotently, in batches, with parallel writers, and
deleting what an earlier push of the same graph wrote that the graph no longer holds.

Order: the check that the database holds no other kg graph, optional wipe, schema (constraints
and indexes, then wait for them), the graph's `KgGraph` record (which numbers the push), nodes,
relationships, the stale ones deleted, the record marked complete.

kg never changes what it did not write: every node it creates carries the label `KgNode` and its
graph's name in `kg_graph`; a wipe deletes `KgNode` nodes only, and an upsert leaves alone a node
of the same label and id that lacks the mark (the push then stops with ForeignNodeError). Pushing
a second graph into a database holding another would mix them (shared entities, paper counts
and community ids of both), so it is refused (GraphMixError) unless the caller merges or wipes.

Every batch is one managed transaction (`execute_write`), which the driver retries on transient
errors (deadlocks between writers included); each query upserts by id and replaces all
properties, so a retried batch, a re-run push, or a push after an interruption all converge to
the same database.

Why stamps: each node and relationship written is stamped with the push's number (`kg_push`), so
once every batch succeeded, what the graph's nodes hold with a lower stamp is what the graph
dropped (a RELATED_TO that left a paper's top k, an entity whose id changed), and goes. A push that
fails deletes nothing; its rerun has a higher number and converges. A stamp is never lowered, so of
two pushes of the graph running at once, neither deletes what the other wrote.

Why parallel writers: one transaction runs on one server thread, and the server, not Python, is
the bottleneck (docs/neo4j.md, "Speed"). Node batches are independent. Relationship rows come sorted
by source node and are cut into units holding all rows of their sources, so each writer owns its
source nodes; the edge upsert locks only the source (queries/push/edge_upsert.cypher), so writers do
not wait for each other on popular targets. Rows are taken from the source a unit at a time, so a
push from the tables never holds the graph in memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.export.neo4j.connection import error_reason
from kg.export.neo4j.rows import Row, batches
from kg.export.neo4j.statements import INDEX_WAIT_SECONDS, edge_upsert, node_upsert, schema_statements
from kg import __version__, model
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
    stale_nodes: int  # of the graph, written by an earlier push and absent from this one: deleted
    stale_relationships: int  # the same, between nodes kg wrote (not counting those deleted with stale nodes)


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


class PushSource(Protocol):
    """What a push reads: the graph's name and size, and its checked rows one at a time with their label
    or type: nodes in any order, relationships in the order of their source ids (GraphRows from a graph
    file, TableRows streamed from a build's Parquet tables)."""

    @property
    def name(self) -> str: ...

    @property
    def node_count(self) -> int: ...

    @property
    def edge_count(self) -> int: ...

    def node_stream(self) -> Iterator[tuple[str, Row]]: ...

    def edge_stream(self) -> Iterator[tuple[str, Row]]: ...


def push_rows(
    driver: neo4j.Driver,
    database: str,
    rows: PushSource,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    writers: int = DEFAULT_WRITERS,
    wipe: bool = False,
    progress: Progress | None = None,
    graph_name: str | None = None,
    merge: bool = False,
) -> PushResult:
    """Write `rows` into `database` as the graph `graph_name` (default `rows.name`), then delete what
    an earlier push of that graph wrote and `rows` no longer hold (stale nodes and relationships).

    `wipe` first deletes every node kg wrote (of any graph); `merge` allows pushing into a
    database that holds other kg graphs, which GraphMixError refuses otherwise. Raises PushError
    (with counts so far) if the push cannot finish; nothing stale is deleted before every batch is
    written, so running it again completes it.
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
            push = _start_push(session, name, rows)
        # Every node must exist before a relationship batch looks its ends up.
        _run_writers(driver, database, node_units(rows, batch_size, name, push), writers, tally)
        _run_writers(driver, database, edge_units(rows, batch_size, push), writers, tally)
        with driver.session(database=database) as session:
            stale = delete_stale(session, name, push, batch_size)
            tally.report("stale", 0)
            session.execute_write(_run, load_query("push/graph_complete").text, {"name": name})
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
        stale_nodes=stale.nodes,
        stale_relationships=stale.relationships,
    )


def node_units(rows: PushSource, batch_size: int, graph_name: str, push: int) -> Iterator[list[Batch]]:
    """Node batches of one label each, one per unit of work (ids are unique, so any writer may take any)."""
    queries = {label: node_upsert(label) for label in model.NODE_TYPES}
    params = {"graph": graph_name, "push": push}
    pending: dict[str, list[Row]] = {}
    for label, row in rows.node_stream():
        group = pending.setdefault(label, [])
        group.append(row)
        if len(group) >= batch_size:
            yield [Batch("nodes", label, queries[label], pending.pop(label), params)]
    for label, group in pending.items():
        yield [Batch("nodes", label, queries[label], group, params)]


def edge_units(rows: PushSource, batch_size: int, push: int) -> Iterator[list[Batch]]:
    """Relationship batches in units of work that each hold every row of their source nodes.

    The rows come in the order of their source ids; a unit closes at the first new source after one
    of its types has `batch_size` rows, and is written by one writer, a type at a time. So two
    writers never lock the same source node, and no more than a unit is held in memory.
    """
    queries = {edge_type: edge_upsert(edge_type) for edge_type in model.EDGE_TYPES}
    pending: dict[str, list[Row]] = {}
    full, last_source = False, None
    for edge_type, row in rows.edge_stream():
        if full and row["source"] != last_source:
            yield _edge_unit(pending, queries, batch_size, push)
            pending, full = {}, False
        group = pending.setdefault(edge_type, [])
        group.append(row)
        full = full or len(group) >= batch_size
        last_source = row["source"]
    if pending:
        yield _edge_unit(pending, queries, batch_size, push)


def _edge_unit(pending: dict[str, list[Row]], queries: dict[str, str], batch_size: int, push: int) -> list[Batch]:
    return [Batch("relationships", edge_type, queries[edge_type], batch, {"push": push})
            for edge_type, group in pending.items() for batch in batches(group, batch_size)]


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


def _run_writers(driver: neo4j.Driver, database: str, units: Iterator[list[Batch]], writers: int,
                 tally: _Tally) -> None:
    """`writers` threads, each with its own session, taking units from `units` in turn until none is
    left; the first failure stops the others (after their current batch) and is raised here."""
    stop = threading.Event()
    taking = threading.Lock()  # one thread at a time advances the (generator) iterator

    def next_unit() -> list[Batch] | None:
        with taking:
            return next(units, None)

    def write_all() -> None:
        with driver.session(database=database) as session:
            while not stop.is_set() and (unit := next_unit()) is not None:
                for batch in unit:
                    if stop.is_set():
                        return
                    _write(session, batch)
                    tally.written(batch)

    with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="kg-neo4j-writer") as pool:
        futures = [pool.submit(write_all) for _ in range(writers)]
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


def _start_push(session: neo4j.Session, name: str, rows: PushSource) -> int:
    """Record the push in the graph's `KgGraph` node (not complete yet) and return its number."""
    params = {"name": name, "kg_version": __version__, "nodes": rows.node_count, "relationships": rows.edge_count}
    return session.execute_write(_single, load_query("push/graph_record").text, params, "push")


@dataclass(frozen=True, slots=True)
class Stale:
    """What delete_stale deleted."""

    nodes: int
    relationships: int


def delete_stale(session: neo4j.Session, graph_name: str, push: int, batch_size: int) -> Stale:
    """Delete the relationships, then the nodes, of graph `graph_name` that push number `push` did not
    write (stamped lower, or not at all), `batch_size` per transaction.

    One statement each, `CALL { ... } IN TRANSACTIONS`, so the graph is scanned once rather than
    once per batch; such a statement must run outside a managed transaction and so is not retried,
    but it deletes only what is stale, so a failed one is completed by running the push again.
    """
    params = {"graph": graph_name, "push": push, "batch_size": batch_size}
    relationships = session.run(load_query("push/stale_relationships").text,
                                {**params, "types": list(model.EDGE_TYPES)}).single(strict=True)["deleted"]
    nodes = session.run(load_query("push/stale_nodes").text, params).single(strict=True)["deleted"]
    return Stale(nodes=nodes, relationships=relationships)


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
