"""RELATED_TO links of a networkx graph: its papers and their items become the arrays of
kg.graph.link_arrays (the one implementation of the rules, described there and in docs/linking.md),
and the pairs it finds become edges.

The result is a pure function of the graph's content: existing RELATED_TO edges are replaced, and
papers and items are processed in id order, so re-linking the same graph gives the same edges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx
import numpy as np

from kg.graph.link_arrays import (
    can_link,
    BARE_ACRONYM, DEFAULT_HUB_SHARE, DEFAULT_MAX_ENTITY_PAPERS, DEFAULT_MIN_SCORE, DEFAULT_TOP_K, MIN_HUB_PAPERS,
    PASSING, SCORE_DIGITS, STRONG_KINDS, TOPIC_KINDS, PaperItems, hub_papers, item_weight, names_a_topic,
    related_pairs, salience_of,
)
from kg.graph.specificity import item_specificity
from kg.model import AUTHOR, CODE_OWNER, ENTITY_TYPES, OWNED_BY, PAPER, RELATED_TO, REPOSITORY

# The rule's names, kept importable from here (kg.graph.link_arrays holds them).
__all__ = [
    "BARE_ACRONYM", "DEFAULT_HUB_SHARE", "DEFAULT_MAX_ENTITY_PAPERS", "DEFAULT_MIN_SCORE", "DEFAULT_TOP_K",
    "MIN_HUB_PAPERS", "PASSING", "SCORE_DIGITS", "STRONG_KINDS", "TOPIC_KINDS", "graph_paper_items",
    "hub_papers", "item_weight", "link_papers", "names_a_topic", "paper_items", "papers", "related",
    "salience",
]

_LINK_ITEM_TYPES = frozenset((*ENTITY_TYPES, REPOSITORY))


def papers(G: nx.DiGraph) -> list[str]:
    """Paper node ids in id order."""
    return sorted(node for node, kind in G.nodes(data="type") if kind == PAPER)


def paper_items(G: nx.DiGraph, *, with_authors: bool = False) -> dict[str, set[str]]:
    """The items each paper links to: entities, repositories with its code, their owners
    (and its authors when asked)."""
    kinds = _LINK_ITEM_TYPES | {AUTHOR} if with_authors else _LINK_ITEM_TYPES
    kind_of = dict(G.nodes(data="type"))
    owners_of = {
        repo: {owner for owner, data in G.succ[repo].items()
               if data.get("type") == OWNED_BY and kind_of[owner] == CODE_OWNER}
        for repo, kind in kind_of.items() if kind == REPOSITORY
    }
    items: dict[str, set[str]] = {}
    for paper in papers(G):
        linked = {target for target in G.succ[paper] if kind_of[target] in kinds}
        for target in [t for t in linked if t in owners_of]:
            linked |= owners_of[target]
        items[paper] = linked
    return items


def salience(G: nx.DiGraph, paper: str, item: str) -> float:
    """How much `item` is what `paper` is about (`kg.graph.link_arrays.salience_of` of its evidence)."""
    evidence = G.succ[paper].get(item, {}).get("evidence")
    return salience_of(evidence, G.nodes[paper].get("title"), G.nodes[item]["type"])


def graph_paper_items(G: nx.DiGraph, *, max_entity_papers: int = DEFAULT_MAX_ENTITY_PAPERS) -> PaperItems:
    """G's papers and the items that can link them, as arrays. Only items shared by 2 to
    `max_entity_papers` papers with a specificity above 0 are kept: an item's weight depends on its own
    paper count and the paper total alone, so leaving the others out changes no link, and their
    specificity and salience are never worked out."""
    paper_ids = papers(G)
    items_of = paper_items(G)
    df = Counter(item for linked in items_of.values() for item in linked)
    specificity = {item: item_specificity(G, item) for item, count in df.items()
                   if can_link(count, max_entity_papers)}
    item_ids = sorted(item for item, value in specificity.items() if value > 0)
    item_row = {item: row for row, item in enumerate(item_ids)}
    rows = [sorted(item_row[item] for item in items_of[paper] if item in item_row) for paper in paper_ids]
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    return PaperItems(
        item_ids=item_ids,
        item_kinds=[G.nodes[item]["type"] for item in item_ids],
        item_specificity=np.array([specificity[item] for item in item_ids], dtype=np.float64),
        indptr=np.concatenate(([0], np.cumsum(lengths))),
        indices=np.fromiter((row for linked in rows for row in linked), dtype=np.int32, count=int(lengths.sum())),
        salience=np.fromiter((salience(G, paper, item_ids[row]) for paper, linked in zip(paper_ids, rows)
                              for row in linked), dtype=np.float64, count=int(lengths.sum())),
    )


def link_papers(
    G: nx.DiGraph,
    *,
    max_entity_papers: int = DEFAULT_MAX_ENTITY_PAPERS,
    hub_share: float = DEFAULT_HUB_SHARE,
    min_score: float = DEFAULT_MIN_SCORE,
    top_k: int = DEFAULT_TOP_K,
) -> int:
    """Replace G's RELATED_TO edges by fresh ones (smaller paper id -> larger); return how many."""
    G.remove_edges_from([(u, v) for u, v, kind in G.edges(data="type") if kind == RELATED_TO])
    paper_ids = papers(G)
    items = graph_paper_items(G, max_entity_papers=max_entity_papers)
    added = 0
    for low, high, score, shared in related_pairs(items, max_entity_papers=max_entity_papers,
                                                  hub_share=hub_share, min_score=min_score, top_k=top_k):
        G.add_edge(paper_ids[low], paper_ids[high], type=RELATED_TO, score=score,
                   shared=[items.item_ids[row] for row in shared])
        added += 1
    return added


def related(G: nx.DiGraph, paper: str) -> Iterable[tuple[str, float, list[str]]]:
    """The papers RELATED_TO `paper` (either direction) with score and shared items."""
    for _, other, data in G.out_edges(paper, data=True):
        if data.get("type") == RELATED_TO:
            yield other, data["score"], data["shared"]
    for other, _, data in G.in_edges(paper, data=True):
        if data.get("type") == RELATED_TO:
            yield other, data["score"], data["shared"]
