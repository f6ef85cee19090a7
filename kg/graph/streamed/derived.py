"""RELATED_TO, `community` and `pagerank` of the streamed graph: what kg.graph.linking.link_papers and
kg.graph.analytics.annotate add to the in-memory graph, computed by the same array functions
(kg.graph.link_arrays.related_pairs, analytics.louvain_arrays and pagerank_arrays) from the sorted rows.

One pass over the node rows (id order) numbers the nodes and papers and picks the items that can link
papers (as kg.graph.linking.graph_paper_items does); one pass over the edge rows, sorted by source, gives
each paper's items in item order (a CSR row) with the salience computed from its evidence when the row was
made, and every edge's two ends for PageRank. The RELATED_TO rows go to a sorted run, in (source, target)
order as related_pairs yields them.

Memory, linear in N with no Python object per edge: the 64-bit hash of every node id, the paper ids,
the linkable items (id, kind, specificity), the CSR matrix (12 bytes per non-zero), the two ends of every
non-RELATED_TO edge (8 bytes), then the arrays related_pairs, louvain_arrays and pagerank_arrays hold
(their docstrings); one paper's items at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg import model
from kg.graph.analytics import louvain_arrays, pagerank_arrays
from kg.graph.link_arrays import PaperItems, can_link, related_pairs, salience_of
from kg.graph.specificity import specificity_of
from kg.graph.progress import StageProgress, no_progress
from kg.graph.streamed.runs import SortedRuns

# Stages `derive` reports.
ITEMS_STAGE = "paper items"
RELATED_STAGE = "related papers"
ANALYTICS_STAGE = "communities, pagerank"
_ITEM_TYPES = frozenset((*model.ENTITY_TYPES, model.REPOSITORY, model.CODE_OWNER))
_LOOKUP_CHUNK = 1_000_000


@dataclass
class Derived:
    """The derived parts of the graph: RELATED_TO rows (source, target, attributes) in order, and per-node values."""

    related: SortedRuns
    community: np.ndarray  # community number of each paper, papers in id order
    pagerank: np.ndarray  # of each node, nodes in id order (not rounded)
    rows: int  # node and edge rows of the graph, RELATED_TO included: what writing the tables goes through


def derive(nodes: Iterable[dict[str, Any]], edges: Iterable[tuple[str, str, str, float]],
           repo_owner: dict[str, str], work_dir: Path, progress: StageProgress = no_progress) -> Derived:
    """The derived parts from the node rows (id order; a Paper row needs only its id and type) and the
    edges (source, target, edge type, salience), sorted by (source, target), without RELATED_TO;
    `repo_owner`: each repository with an owner. `progress` hears of its three steps: the paper-item
    matrix, the linking, communities and PageRank."""
    progress(ITEMS_STAGE, 0, None)
    numbering = _NodeNumbering(nodes)
    items, ends_u, ends_v = numbering.paper_items(edges, repo_owner)
    progress(ITEMS_STAGE, 1, 1)
    progress(RELATED_STAGE, 0, None)
    related = SortedRuns(work_dir, "related", key_length=2)
    low, high, score = array("q"), array("q"), array("d")
    for paper_low, paper_high, value, shared in related_pairs(items):
        related.add((numbering.paper_ids[paper_low], numbering.paper_ids[paper_high],
                     {"type": model.RELATED_TO, "score": value, "shared": [items.item_ids[i] for i in shared]}))
        low.append(paper_low)
        high.append(paper_high)
        score.append(value)
    n_papers = len(numbering.paper_ids)
    progress(RELATED_STAGE, 1, 1)
    progress(ANALYTICS_STAGE, 0, None)
    community = louvain_arrays(n_papers, np.frombuffer(low, dtype=np.int64), np.frombuffer(high, dtype=np.int64),
                               np.frombuffer(score, dtype=np.float64), 0)
    rows = numbering.n_nodes + len(ends_u) + len(low)
    del items, low, high, score
    pagerank = pagerank_arrays(numbering.n_nodes, ends_u, ends_v)
    progress(ANALYTICS_STAGE, 1, 1)
    return Derived(related, community, pagerank, rows)


class _NodeNumbering:
    """Node, paper and item numbers (id order) from one pass over the node rows."""

    def __init__(self, nodes: Iterable[dict[str, Any]]) -> None:
        hashes = array("q")
        self.paper_ids: list[str] = []
        self.item_ids: list[str] = []
        self.item_kinds: list[str] = []
        specificity = array("d")
        for row in nodes:
            node, kind = row["id"], row["type"]
            hashes.append(hash(node))
            if kind == model.PAPER:
                self.paper_ids.append(node)
            elif kind in _ITEM_TYPES and can_link(row["paper_count"]):
                # Only items that can weigh anything, as graph_paper_items keeps: the pairs are the same.
                value = specificity_of(kind, row.get("name", ""), row.get("aliases", ()))
                if value > 0:
                    self.item_ids.append(node)
                    self.item_kinds.append(kind)
                    specificity.append(value)
        self.n_nodes = len(hashes)
        node_hashes = np.frombuffer(hashes, dtype=np.int64)
        self._order = np.argsort(node_hashes, kind="stable")
        self._sorted_hashes = node_hashes[self._order]
        if self.n_nodes and (np.diff(self._sorted_hashes) == 0).any():
            raise ValueError("two node ids share a hash: cannot number the nodes")
        self.item_specificity = np.frombuffer(specificity, dtype=np.float64)
        self.item_row = {item: row for row, item in enumerate(self.item_ids)}

    def node_numbers(self, hashes: array) -> np.ndarray:
        """The node number of each hashed id (every id a node's)."""
        found = np.frombuffer(hashes, dtype=np.int64)
        numbers = np.empty(len(found), dtype=np.int32 if self.n_nodes < 2**31 else np.int64)
        for start in range(0, len(found), _LOOKUP_CHUNK):
            chunk = found[start:start + _LOOKUP_CHUNK]
            numbers[start:start + len(chunk)] = self._order[np.searchsorted(self._sorted_hashes, chunk)]
        return numbers

    def paper_items(self, edges: Iterable[tuple[str, str, str, float]],
                    repo_owner: dict[str, str]) -> tuple[PaperItems, np.ndarray, np.ndarray]:
        """The paper-item matrix, and both ends of every edge (node numbers) for PageRank."""
        ends_u, ends_v = array("q"), array("q")
        indptr, indices, salience = array("q", [0]), array("i"), array("d")
        papers = iter(self.paper_ids)
        for paper, from_paper, linked in _by_source(edges, ends_u, ends_v):
            if from_paper:
                # Papers without edges get empty rows; edge sources come in id order, like papers.
                for skipped in papers:
                    if skipped == paper:
                        break
                    indptr.append(len(indices))
                row: dict[int, float] = {}
                for target, value in linked:
                    item = self.item_row.get(target)
                    if item is not None:
                        row[item] = value
                    owner = repo_owner.get(target)
                    if owner is not None and owner in self.item_row:  # a repository's owner is the paper's item
                        row[self.item_row[owner]] = salience_of(None, None, model.CODE_OWNER)
                for item in sorted(row):
                    indices.append(item)
                    salience.append(row[item])
                indptr.append(len(indices))
        for _ in papers:
            indptr.append(len(indices))
        items = PaperItems(item_ids=self.item_ids, item_kinds=self.item_kinds, item_specificity=self.item_specificity,
                           indptr=np.frombuffer(indptr, dtype=np.int64), indices=np.frombuffer(indices, dtype=np.int32),
                           salience=np.frombuffer(salience, dtype=np.float64))
        return items, self.node_numbers(ends_u), self.node_numbers(ends_v)


def _by_source(edges: Iterable[tuple[str, str, str, float]], ends_u: array,
               ends_v: array) -> Iterator[tuple[str, bool, list[tuple[str, float]]]]:
    """(source, whether it is a paper, [(target, salience)...]) per source in order; every edge's end
    hashes go to ends_u and ends_v. Only repositories (OWNED_BY) are sources besides papers."""
    source: str | None = None
    from_paper = False
    linked: list[tuple[str, float]] = []
    for edge_source, target, edge_type, value in edges:
        ends_u.append(hash(edge_source))
        ends_v.append(hash(target))
        if edge_source != source:
            if source is not None:
                yield source, from_paper, linked
            source, from_paper, linked = edge_source, edge_type != model.OWNED_BY, []
        linked.append((target, value))
    if source is not None:
        yield source, from_paper, linked
