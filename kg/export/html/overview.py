"""The page of a graph kept only as Parquet tables (nodes.parquet, edges.parquet), without loading it.

A field-sized graph does not fit in memory as networkx, and a page shows at most a few thousand nodes
anyway. `write_overview` chooses the view `write_html` would choose (kg.export.html.select.reduce_to:
the most connected entities, then the papers linking most of them, then isolated nodes swapped out) from
table columns and index arrays, loads only the chosen nodes, the edges between them and the names of
the items their similar-paper links share, answers what the page says of the rest (degrees, neighbours
per type) from the arrays, and draws that: the page equals `write_html(read_tables(...))` byte for byte
(tested).

Held in memory: the node ids as one Arrow array, a type code, paper count and degree per node, two int32
endpoint arrays and a RELATED_TO flag per edge, and for the counts the distinct (view node, neighbour)
pairs as int64: about 60 bytes per node and 21 per edge (a million-paper graph, 5.5M nodes and 14M
edges: well under 1 GB), plus the view itself. A hub's papers are counted, never loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg import model
from kg.export.html.select import Selection, page_limit, reduced_note
from kg.export.html.writer import HtmlReport, write_html, write_selection
from kg.graph.progress import StageCount, StageProgress, no_progress
from kg.graph.tables import open_table, read_tables

# Edges mapped to node numbers per read: each lookup hashes every node id once, so reads are large.
_EDGE_BATCH = 2_000_000
PAGE_STAGE = "page"  # the stage write_overview reports
Table = str | os.PathLike[str]


def write_overview(nodes_path: Table, edges_path: Table, path: str | Path, *, max_nodes: int | None = None,
                   seed: int = 7, progress: StageProgress = no_progress) -> HtmlReport:
    """Write the page of the graph in the two tables, reduced as write_html reduces it (no focus, no type
    filter: the overview of a whole build). HtmlError for a `max_nodes` below 1. `progress` hears of the
    rows read (PAGE_STAGE: the edges twice and the nodes once), then of the page drawn."""
    limit = page_limit(max_nodes)
    graph_attrs, nodes_file = open_table(nodes_path)
    _, edges_file = open_table(edges_path)
    if nodes_file.metadata.num_rows <= limit:  # all of it is shown: the graph is small enough to load
        return write_html(read_tables(nodes_path, edges_path), path, max_nodes=max_nodes, seed=seed)
    read = StageCount(progress, PAGE_STAGE, 2 * edges_file.metadata.num_rows + nodes_file.metadata.num_rows)
    columns = nodes_file.read(columns=["id", "type", "paper_count"], use_threads=False)
    ids = columns["id"].combine_chunks()
    kinds = pc.dictionary_encode(columns["type"]).combine_chunks()
    kind_of = np.asarray(kinds.indices, dtype=np.int32)
    kind_names = kinds.dictionary.to_pylist()
    ends = _edge_ends(edges_file, ids, read)
    kept = _reduce(ends, kind_of, kind_names, columns["paper_count"], limit)
    shown, names = _view(nodes_file, edges_file, ends, kept, ids, read)
    facts = _TableFacts(graph_attrs, (len(ids), len(ends.source)), ends, kept, ids, kind_of, kind_names, names)
    by_kind = np.bincount(kind_of, minlength=len(kind_names))
    shown_by_kind = np.bincount(kind_of[kept], minlength=len(kind_names))
    omitted = {kind_names[k]: int(by_kind[k] - shown_by_kind[k]) for k in range(len(kind_names))
               if by_kind[k] > shown_by_kind[k]}
    chosen = Selection(shown, None, dict(sorted(omitted.items())), [reduced_note(int(kept.sum()))])
    report = write_selection(facts, chosen, path, seed=seed)
    read.finish()
    return report


class _Ends:
    """Every edge as node numbers (row numbers of nodes.parquet, which is sorted by id), in table order."""

    def __init__(self, source: np.ndarray, target: np.ndarray, related: np.ndarray, node_count: int) -> None:
        self.source, self.target, self.related = source, target, related  # related: the edge is RELATED_TO
        self.degree = np.bincount(source, minlength=node_count) + np.bincount(target, minlength=node_count)
        self._adjacency: tuple[np.ndarray, np.ndarray] | None = None

    def neighbours(self, node: int) -> np.ndarray:
        """Every neighbour of `node`, once per edge (as nx.all_neighbors gives them). The index behind it
        (12 bytes an edge, 8 more while it is sorted) is built on the first call: only a view that swaps
        isolated nodes asks."""
        if self._adjacency is None:
            ends = np.concatenate((self.source, self.target))
            order = np.argsort(ends, kind="stable")
            del ends
            others = np.concatenate((self.target, self.source))[order]
            del order
            self._adjacency = (np.concatenate(([0], np.cumsum(self.degree))), others)
        starts, others = self._adjacency
        return others[starts[node]:starts[node + 1]]


def _edge_ends(edges_file: pq.ParquetFile, ids: pa.Array, read: StageCount) -> _Ends:
    sources, targets, related = [], [], []
    columns = ["source", "target", "type"]
    for batch in edges_file.iter_batches(batch_size=_EDGE_BATCH, columns=columns, use_threads=False):
        # One lookup per batch for both columns: each builds a hash table of every node id.
        numbers = pc.index_in(pa.concat_arrays([batch.column("source"), batch.column("target")]), value_set=ids)
        if numbers.null_count:
            raise ValueError("an edge ends outside the nodes table: the two tables do not belong together")
        numbers = np.asarray(numbers, dtype=np.int32)
        sources.append(numbers[:batch.num_rows])
        targets.append(numbers[batch.num_rows:])
        related.append(np.asarray(pc.fill_null(pc.equal(batch.column("type"), model.RELATED_TO), False)))
        read.add(batch.num_rows)
    empty = np.zeros(0, dtype=np.int32)
    return _Ends(np.concatenate(sources or [empty]), np.concatenate(targets or [empty]),
                 np.concatenate(related or [np.zeros(0, dtype=bool)]), len(ids))


def _reduce(ends: _Ends, kind_of: np.ndarray, kind_names: list[str], paper_count: pa.ChunkedArray,
            limit: int) -> np.ndarray:
    """reduce_to's choice (kg.export.html.select, no focus node) on arrays: a mask of the kept nodes."""
    count = len(kind_of)
    rows = np.arange(count)
    paper = kind_of == kind_names.index(model.PAPER) if model.PAPER in kind_names else np.zeros(count, bool)
    concept = kind_of == kind_names.index(model.CONCEPT) if model.CONCEPT in kind_names else np.zeros(count, bool)
    counts = _paper_counts(ends, paper, paper_count)
    degree = ends.degree
    others = rows[~paper][np.lexsort((rows[~paper], -degree[~paper], concept[~paper], -counts[~paper]))]
    papers = rows[paper]
    entity_budget = max(limit - len(papers), (limit + 1) // 2)
    kept = np.zeros(count, dtype=bool)
    kept[others[:entity_budget]] = True
    links = (np.bincount(ends.source, weights=paper[ends.source] & kept[ends.target], minlength=count)
             + np.bincount(ends.target, weights=paper[ends.target] & kept[ends.source], minlength=count))
    ranked = papers[np.lexsort((papers, -degree[papers], -links[papers]))]
    room = limit - int(kept.sum())
    kept[ranked[:room]] = True
    spare = np.concatenate((ranked[room:], others[entity_budget:]))
    _swap_isolated(ends, kept, spare)
    return kept


def _paper_counts(ends: _Ends, paper: np.ndarray, stored: pa.ChunkedArray) -> np.ndarray:
    """paper_count where the table has it; else, as reduce_to counts, the distinct papers a node links to."""
    counts = stored.fill_null(-1).to_numpy().astype(np.int64)  # a copy: Arrow memory is read-only
    missing = (counts < 0) & ~paper
    if missing.any():
        pairs = np.concatenate((
            np.stack((ends.target, ends.source), axis=1)[paper[ends.source] & missing[ends.target]],
            np.stack((ends.source, ends.target), axis=1)[paper[ends.target] & missing[ends.source]],
        ))
        distinct = np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)
        found = np.bincount(distinct[:, 0], minlength=len(counts)) if len(distinct) else np.zeros(len(counts), int)
        counts[missing] = found[missing]
    return counts


def _swap_isolated(ends: _Ends, kept: np.ndarray, spare: np.ndarray) -> None:
    """select._drop_isolated on arrays: kept nodes with no kept neighbour, least connected first, give
    their place to the first spare nodes that have one."""
    kept_neighbours = (np.bincount(ends.source, weights=kept[ends.target], minlength=len(kept))
                       + np.bincount(ends.target, weights=kept[ends.source], minlength=len(kept)))
    alone = np.flatnonzero(kept & (kept_neighbours == 0))
    isolated = alone[np.lexsort((alone, ends.degree[alone]))].tolist()
    for node in spare.tolist():
        if not isolated:
            break
        if kept_neighbours[node] > 0:
            dropped = isolated.pop(0)
            kept[dropped] = False
            np.subtract.at(kept_neighbours, ends.neighbours(dropped), 1)
            kept[node] = True
            np.add.at(kept_neighbours, ends.neighbours(node), 1)


def _view(nodes_file: pq.ParquetFile, edges_file: pq.ParquetFile, ends: _Ends, kept: np.ndarray,
          ids: pa.Array, read: StageCount) -> tuple[nx.DiGraph, dict[str, str]]:
    """The kept nodes with all they hold and the edges between them, added in table order as read_tables
    adds them and cut out as select cuts a view (so it is the same graph); and the names of the items the
    shown RELATED_TO edges name. Nothing of the nodes beyond the view is loaded: a hub's thousands of
    papers are only counted (_TableFacts)."""
    both = kept[ends.source] & kept[ends.target]
    edges = [row for rows in _chosen_rows(edges_file, both, read=read) for row in rows]
    shared = pa.array(sorted({item for row in edges for item in row.get("shared", ())}), type=pa.string())
    named = np.zeros(len(kept), dtype=bool)
    named[np.asarray(pc.index_in(shared, value_set=ids).drop_null(), dtype=np.int64)] = True
    loaded = nx.DiGraph()
    names: dict[str, str] = {}
    for rows in _chosen_rows(nodes_file, kept, named & ~kept, ("id", "name"), read=read):
        for row in rows:
            node = row.pop("id")
            names[node] = str(row.get("name", node))
            if "type" in row:  # a kept node: every column read
                loaded.add_node(node, **row)
    for row in edges:
        loaded.add_edge(row.pop("source"), row.pop("target"), **row)
    return loaded.subgraph(list(loaded)).copy(), names


class _TableFacts:
    """GraphFacts of the tables for the view's nodes: degrees and linked counts from the edge arrays."""

    def __init__(self, attrs: dict[str, Any], totals: tuple[int, int], ends: _Ends, kept: np.ndarray,
                 ids: pa.Array, kind_of: np.ndarray, kind_names: list[str], names: dict[str, str]) -> None:
        self.attrs, self.totals, self._names = attrs, totals, names
        self._row = {ids[int(row)].as_py(): int(row) for row in np.flatnonzero(kept)}
        self._degree = ends.degree
        self._linked = _linked_by_type(ends, kept, kind_of, kind_names)

    def degree(self, node: str) -> int:
        return int(self._degree[self._row[node]])

    def linked_by_type(self, node: str) -> dict[str, int]:
        return dict(self._linked.get(self._row[node], {}))

    def name(self, node: str) -> str | None:
        return self._names.get(node)


def _linked_by_type(ends: _Ends, kept: np.ndarray, kind_of: np.ndarray,
                    kind_names: list[str]) -> dict[int, dict[str, int]]:
    """For each kept node (by row), per type, the distinct nodes it links to by edges other than
    RELATED_TO: pairs of node numbers made unique, then counted by the other end's type."""
    count, kinds = len(kept), len(kind_names)
    plain = ~ends.related
    out, into = plain & kept[ends.source], plain & kept[ends.target]
    node = np.concatenate((ends.source[out], ends.target[into])).astype(np.int64)
    other = np.concatenate((ends.target[out], ends.source[into])).astype(np.int64)
    pairs = np.unique(node * count + other)
    del node, other
    keys, counts = np.unique(pairs // count * kinds + kind_of[pairs % count], return_counts=True)
    linked: dict[int, dict[str, int]] = {}
    for key, n in zip(keys.tolist(), counts.tolist(), strict=True):
        linked.setdefault(key // kinds, {})[kind_names[key % kinds]] = n
    return linked


def _chosen_rows(table: pq.ParquetFile, whole: np.ndarray, named: np.ndarray | None = None,
                 columns: tuple[str, ...] = (), *, read: StageCount) -> Iterator[list[dict[str, Any]]]:
    """Per batch, in table order: the rows `whole` marks with every value, those `named` marks with
    `columns` only (nulls left out, as read_tables reads them)."""
    start = 0
    for batch in table.iter_batches(use_threads=False):
        stop = start + batch.num_rows
        full = whole[start:stop]
        some = named[start:stop] if named is not None else np.zeros(0, dtype=bool)
        picked: dict[int, dict[str, Any]] = {}
        if full.any():
            picked.update(zip(np.flatnonzero(full).tolist(), batch.filter(pa.array(full)).to_pylist()))
        if some.any():
            names = batch.select(list(columns)).filter(pa.array(some)).to_pylist()
            picked.update(zip(np.flatnonzero(some).tolist(), names))
        yield [{k: v for k, v in picked[i].items() if v is not None} for i in sorted(picked)]
        read.add(batch.num_rows)
        start = stop
