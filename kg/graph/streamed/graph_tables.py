"""nodes.parquet and edges.parquet of a ShardedCorpus, never holding the corpus or the graph: the bytes
kg.graph.tables.write_tables writes for the in-memory build's graph.

One pass over the shards (after the two of kg.graph.streamed.entities) turns each paper into its rows, by
the same rules as kg.graph.build (shared functions): its Paper row, complete; its edges (AUTHORED_BY,
mention/PROPOSES with evidence, HAS_CODE, OWNED_BY); and one record per (author, repository or code owner,
paper) that the merge folds into the node's row: attributes from the first paper in corpus order (as the
in-memory graph keeps the first), `paper_count` = the distinct papers. Each shard's rows go to sorted runs
of its own in `work_dir` (kg.graph.streamed.runs) in a step the ShardMap runs (here, on local processes or
on a Dask cluster: kg.graph.streamed.shard_map), and the runs of all shards are k-way merged into the
tables in id order, through kg.graph.tables' writer. A paper's position (shard, then place in the shard)
keeps corpus order across shards, so the bytes do not depend on who ran the steps. Entity rows come from
the index, put in runs of their own before the rows steps, and each shard's papers per entity.

RELATED_TO, `community` and `pagerank` come from kg.graph.streamed.derived (the array linking and
analytics) between the two merges of the rows.

Memory, where the tables are written: the entity index (kg.graph.streamed.entities) until its entities
are in runs of their own (id, name, aliases, known) and its mention ids taken: the rows steps run beside
the mention ids and the owner of every repository that has one; while merging, one batch per run; then
what kg.graph.streamed.derived holds. Each rows step's process holds the mention ids (MentionIds: no
names or aliases), one row group of a shard's papers and extractions, one run buffer per kind of row and
the shard's papers per entity.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from kg import model
from kg.extract.gazetteer import Gazetteer
from kg.extract.types import Extraction
from kg.graph.build import (
    PaperEdges, add_pages, code_owner_attributes, mention_edge_type, paper_attributes, repository_attributes,
)
from kg.graph.canonical import EntityIndex, MentionIds
from kg.graph.analytics import round_significant
from kg.graph.link_arrays import salience_of
from kg.graph.progress import StageCount, StageProgress, no_progress
from kg.graph.streamed.corpus import ShardedCorpus
from kg.graph.streamed.derived import Derived, derive
from kg.graph.streamed.entities import streamed_entity_index
from kg.graph.streamed.runs import DEFAULT_RUN_ROWS, SortedRuns, merge_runs
from kg.graph.streamed.shard_map import InProcess, ShardMap
from kg.graph.streamed.pair import PairRunner, one_after_the_other
from kg.graph.tables import write_edge_rows, write_node_rows
from kg.records import PaperRecord

Row = dict[str, Any]
# Rows per sorted run (one run's rows are in memory while it is written): a Paper row holds its abstract
# (about 2 KB), an edge its evidence (about 0.5 KB); item records are small.
PAPER_RUN_ROWS = 20_000
# Stages write_graph_tables reports besides those of the entity index and derive.
ROWS_STAGE = "graph rows"
WRITE_STAGE = "write tables"
EDGE_RUN_ROWS = 100_000
# Each kind of row's sorted runs: (key length, rows per run). papers: (id, row); items: (node id, paper
# position, position in the paper, attributes or None, repository it comes through or None); edges: (source,
# target, attributes); what derive reads of the papers and edges, without abstracts and evidence: (paper
# id,) and (source, target, edge type, salience for linking), in the same orders; entity-papers: (entity
# id, papers of the shard with an edge to it).
_PAIR_KEY = 2  # edges are keyed by (source, target)
_RUN_KINDS = {"papers": (1, PAPER_RUN_ROWS), "items": (3, DEFAULT_RUN_ROWS), "edges": (_PAIR_KEY, EDGE_RUN_ROWS),
              "paper-ids": (1, DEFAULT_RUN_ROWS), "edge-ends": (_PAIR_KEY, DEFAULT_RUN_ROWS),
              "entity-papers": (1, DEFAULT_RUN_ROWS)}
# Node rows written between two looks at the edge table's count, when another process writes that table.
POLL_ROWS = 10_000
# A paper's position: its shard's number above these bits, its place in the shard below (corpus order).
_SHARD_BITS = 32


def write_graph_tables(
    corpus: ShardedCorpus,
    gazetteer: Gazetteer,
    nodes_path: str | os.PathLike[str],
    edges_path: str | os.PathLike[str],
    *,
    graph_attrs: dict[str, Any],
    work_dir: Path,
    progress: StageProgress = no_progress,
    shard_map: ShardMap | None = None,
    run_pair: PairRunner = one_after_the_other,
) -> tuple[dict[str, int], dict[str, int]]:
    """Write both tables of the corpus's graph; return the node and edge counts by type (BuildResult's).

    `gazetteer`: the one the extractions were made with. `work_dir` holds the sorted runs and is
    deleted at the end. `progress` hears of every pass: shards done, then rows written. `shard_map`
    runs the per-shard steps (the entity facts, each shard's rows; default: here, one after the other);
    `run_pair` the writes of the two tables (default: here, the node table first).
    """
    shard_map = shard_map or InProcess()
    index = streamed_entity_index(corpus, gazetteer, progress, shard_map)
    shutil.rmtree(work_dir, ignore_errors=True)  # runs a killed build left: never merged with these
    work_dir.mkdir(parents=True)
    try:
        shards = range(corpus.shard_count())
        progress(ROWS_STAGE, 0, len(shards))  # the entity runs are written as part of the stage
        mention_ids = index.mention_ids()
        rows = _GraphRows(_entity_table(index, work_dir))
        del index  # its names and aliases are in the runs now: not held beside the shard workers
        for shard, made in enumerate(shard_map.map(shard_rows, (corpus, mention_ids, work_dir), shards)):
            rows.take(made)
            progress(ROWS_STAGE, shard + 1, len(shards))
        derived = derive(rows.linking_node_rows(), rows.edge_ends(), rows.repo_owner, work_dir, progress)
        node_counts: Counter[str] = Counter()
        written = StageCount(progress, WRITE_STAGE, derived.rows)

        def write_nodes(poll: Callable[[], None]) -> None:
            nodes = written.counted(_counted(rows.annotated_node_rows(derived), node_counts))
            write_node_rows(_polling(nodes, poll), graph_attrs, nodes_path)

        edge_table = EdgeTable(rows.edge_runs(), derived.related, graph_attrs, os.fspath(edges_path))
        edge_counts = run_pair(write_nodes, edge_table, written.add)
        written.finish()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return dict(sorted(node_counts.items())), dict(sorted(edge_counts.items()))


@dataclass(frozen=True)
class EdgeTable:
    """The edge table's write (a kg.graph.streamed.pair.There): everything it reads is in run files, so it
    pickles small and may run in a process that holds nothing else of the build."""

    edge_runs: list[Path]  # the rows' "edges" runs of every shard, in shard order
    related: SortedRuns  # the RELATED_TO rows (kg.graph.streamed.derived), all in run files
    graph_attrs: dict[str, Any]
    path: str

    def __call__(self, count: Callable[[int], None]) -> Counter[str]:
        """Write the table, calling `count(1)` per row; return the rows by edge type."""
        edge_counts: Counter[str] = Counter()
        write_edge_rows(_counting(_counted(self._rows(), edge_counts), count), self.graph_attrs, self.path)
        return edge_counts

    def _rows(self) -> Iterator[Row]:
        """Every edge but RELATED_TO (the first record of each pair) merged with RELATED_TO, in (source,
        target) order."""
        records = _first_of_each_pair(merge_runs(self.edge_runs, _PAIR_KEY))
        for source, target, attrs in heapq.merge(records, self.related.merged(), key=lambda edge: edge[:2]):
            yield {**attrs, "source": source, "target": target}


@dataclass
class ShardRows:
    """What one shard's rows step made: its sorted runs by kind of row (files in the work folder; among
    them the papers each entity has an edge from), and the owner of each repository a link gives one."""

    runs: dict[str, list[Path]]
    repo_owner: dict[str, str]


def shard_rows(shared: tuple[ShardedCorpus, MentionIds, Path], shard: int) -> ShardRows:
    """A ShardMap step: turn each paper of `shard` into its rows, in runs of the shard's own."""
    corpus, mention_ids, work_dir = shared
    folder = work_dir / f"rows-{shard:05d}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    rows = _PaperRows(mention_ids, folder)
    for number, ((paper_id, record), extraction) in enumerate(
            zip(corpus.papers(shard), corpus.extractions(shard), strict=True)):
        rows.add_paper(shard << _SHARD_BITS | number, paper_id, record, extraction)
    rows.finish()
    return ShardRows({name: runs.runs() for name, runs in rows.runs.items()}, rows.repo_owner)


def _entity_table(index: EntityIndex, work_dir: Path) -> SortedRuns:
    """The index's entities as (id, name, aliases, known), in runs: what the entity rows need of it."""
    entities = SortedRuns(work_dir, "entities", key_length=1)
    for entity in index.entity_ids():
        entities.add((entity, index.name(entity), index.aliases(entity), index.known(entity)))
    entities.runs()  # all on disk before the index goes
    return entities


def _first_of_each_pair(records: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The first record of each (source, target): an OWNED_BY edge every link to the repository repeats."""
    last: tuple[str, str] | None = None
    for record in records:
        if record[:2] != last:
            last = record[:2]
            yield record


def _summed(records: Iterator[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """(key, total) of (key, count) records in key order, one per key."""
    for key, group in itertools.groupby(records, key=operator.itemgetter(0)):
        yield key, sum(count for _, count in group)


def _counted(rows: Iterator[Row], counts: Counter[str]) -> Iterator[Row]:
    for row in rows:
        counts[row["type"]] += 1
        yield row


def _counting(rows: Iterator[Row], count: Callable[[int], None]) -> Iterator[Row]:
    for row in rows:
        count(1)
        yield row


def _polling(rows: Iterator[Row], poll: Callable[[], None]) -> Iterator[Row]:
    """`rows`, calling `poll` every POLL_ROWS of them."""
    for number, row in enumerate(rows, start=1):
        if number % POLL_ROWS == 0:
            poll()
        yield row


class _PaperRows:
    """The rows of one shard's papers, gathered paper by paper into sorted runs."""

    def __init__(self, mention_ids: MentionIds, folder: Path) -> None:
        self._mention_ids = mention_ids
        self.entity_papers: Counter[str] = Counter()  # entity -> papers with an edge to it
        self.repo_owner: dict[str, str] = {}  # repository -> its owner, where a link gives it one
        self.runs = {name: SortedRuns(folder, name, key_length=key_length, run_rows=run_rows)
                     for name, (key_length, run_rows) in _RUN_KINDS.items()}
        self._papers, self._items, self._edges = self.runs["papers"], self.runs["items"], self.runs["edges"]
        self._paper_ids, self._edge_ends = self.runs["paper-ids"], self.runs["edge-ends"]

    def finish(self) -> None:
        """Put the papers per entity into their runs (a shard's entities fit in memory; the corpus's need not)."""
        entity_papers = self.runs["entity-papers"]
        for entity, papers in self.entity_papers.items():
            entity_papers.add((entity, papers))

    def add_paper(self, position: int, paper_id: str, record: PaperRecord, extraction: Extraction) -> None:
        """Add the paper's rows; `position` orders papers as the corpus does (item rows keep the first
        paper's attributes)."""
        if extraction.paper_id != paper_id:
            raise ValueError(f"extraction of {extraction.paper_id!r} stands where {paper_id!r}'s belongs")
        attrs = paper_attributes(record)
        add_pages(attrs["pages"], extraction)  # type: ignore[arg-type]
        self._papers.add((paper_id, {**attrs, "id": paper_id}))
        self._paper_ids.add((paper_id,))
        authors: dict[str, str] = {}
        for author in record.authors:
            authors.setdefault(model.author_id(author), author)
        for rank, (author_node, name) in enumerate(authors.items()):
            self._items.add((author_node, position, rank, {"type": model.AUTHOR, "name": name}, None))
            self._add_edge(paper_id, author_node, {"type": model.AUTHORED_BY}, 0.0)

        edges = PaperEdges()
        entities: set[str] = set()
        for mention in extraction.mentions:
            entity = self._mention_ids.entity_id(mention, paper_id)
            edge_type = mention_edge_type(entity, mention)
            entities.add(entity)
            edges.add(entity, edge_type, mention.evidence)
        seen: set[str] = set()
        for rank, link in enumerate(extraction.code):
            repo = model.repository_id(link.host, link.owner, link.name)
            owner = model.code_owner_id(link.host, link.owner)
            owner_attrs = code_owner_attributes(link)
            if owner_attrs is not None:
                self.repo_owner[repo] = owner
                self._add_edge(repo, owner, {"type": model.OWNED_BY}, 0.0)
            # A paper counts once per node, and the first link names it: later ones add no record.
            if repo not in seen:
                self._items.add((repo, position, rank, repository_attributes(link), None))
            if owner_attrs is not None and owner not in seen:
                self._items.add((owner, position, rank, owner_attrs, None))
            seen.update((repo, owner) if owner_attrs is not None else (repo,))
            # Linked through the repository, if it has this owner (any paper's link may give it one).
            self._items.add((owner, position, rank, None, repo))
            edges.add(repo, model.HAS_CODE, link.evidence)
        for target, data in edges.by_target.items():
            if target in entities:
                self.entity_papers[target] += 1
                kind = model.entity_type_of(target)
            else:
                kind = model.REPOSITORY
            self._add_edge(paper_id, target, data, salience_of(data["evidence"], record.title, kind))

    def _add_edge(self, source: str, target: str, attrs: dict[str, Any], salience: float) -> None:
        self._edges.add((source, target, attrs))
        self._edge_ends.add((source, target, attrs["type"], salience))


class _GraphRows:
    """The rows of every shard, taken in shard order, merged in id order."""

    def __init__(self, entities: SortedRuns) -> None:
        self._entities = entities  # (id, name, aliases, known) of every entity of the index
        self.repo_owner: dict[str, str] = {}  # repository -> its owner, where a link gives it one
        self._runs: dict[str, list[Path]] = {name: [] for name in _RUN_KINDS}

    def take(self, made: ShardRows) -> None:
        """Add the next shard's rows."""
        for name, runs in made.runs.items():
            self._runs[name].extend(runs)
        self.repo_owner.update(made.repo_owner)

    def _merged(self, name: str) -> Iterator[tuple[Any, ...]]:
        return merge_runs(self._runs[name], _RUN_KINDS[name][0])

    def node_rows(self) -> Iterator[Row]:
        return self._with_other_rows(row for _, row in self._merged("papers"))

    def linking_node_rows(self) -> Iterator[Row]:
        """node_rows with only the id and type of each Paper row: all derive reads of them."""
        return self._with_other_rows({"id": paper_id, "type": model.PAPER} for paper_id, in self._merged("paper-ids"))

    def _with_other_rows(self, papers: Iterator[Row]) -> Iterator[Row]:
        """The Paper rows merged with the item and entity rows, in id order."""
        return heapq.merge(papers, self._item_rows(), self._entity_rows(), key=lambda row: row["id"])

    def _entity_rows(self) -> Iterator[Row]:
        """The row of every entity some paper has an edge to, with the papers that do."""
        counts = _summed(self._merged("entity-papers"))
        counted = next(counts, None)
        for entity, name, aliases, known in self._entities.merged():
            if counted is not None and counted[0] == entity:
                yield {"id": entity, "type": model.entity_type_of(entity), "name": name, "aliases": aliases,
                       "known": known, "paper_count": counted[1]}
                counted = next(counts, None)

    def _item_rows(self) -> Iterator[Row]:
        """Author, Repository and CodeOwner rows: the first record's attributes, the distinct papers counted."""
        node: str | None = None
        attrs: dict[str, object] | None = None
        papers, last_paper = 0, -1
        for item, paper, _, item_attrs, via_repo in self._merged("items"):
            if item != node:
                if attrs is not None:
                    yield {**attrs, "id": node, "paper_count": papers}
                node, attrs, papers, last_paper = item, None, 0, -1
            if attrs is None and item_attrs is not None:
                attrs = item_attrs
            if paper != last_paper and (via_repo is None or via_repo in self.repo_owner):
                papers, last_paper = papers + 1, paper  # records come in paper order
        if attrs is not None:
            yield {**attrs, "id": node, "paper_count": papers}

    def annotated_node_rows(self, derived: Derived) -> Iterator[Row]:
        """The node rows with `community` (papers) and `pagerank` (every node), as annotate stores them."""
        papers = iter(derived.community.tolist())
        for row, value in zip(self.node_rows(), derived.pagerank.tolist(), strict=True):
            if row["type"] == model.PAPER:
                row["community"] = next(papers)
            row["pagerank"] = round_significant(value)
            yield row

    def edge_runs(self) -> list[Path]:
        """The runs of (source, target, attributes) of every edge but RELATED_TO, in shard order."""
        return list(self._runs["edges"])

    def edge_ends(self) -> Iterator[tuple[str, str, str, float]]:
        """(source, target, edge type, salience) of the same edges in the same order: all derive reads."""
        return _first_of_each_pair(self._merged("edge-ends"))
