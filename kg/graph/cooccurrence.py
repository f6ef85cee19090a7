"""Which entities go together: methods with datasets, datasets with tasks, and so on.

A view computed on demand, not stored as edges. Stored, it would add up to (entities per paper)^2
edges per paper for every pair of types, change with each paper added, and repeat what the
Paper->entity edges already say; a query answers it in one pass over the papers.
"""

from __future__ import annotations

import itertools

import networkx as nx

from kg.graph.linking import papers
from kg.model import ENTITY_TYPES


def cooccurrence(G: nx.DiGraph, type_a: str, type_b: str, *,
                 min_count: int = 1) -> list[tuple[str, str, int, list[str]]]:
    """Pairs (a of type_a, b of type_b) mentioned by the same papers: (a, b, count, papers),
    most papers first. With type_a == type_b each unordered pair appears once, a < b."""
    for kind in (type_a, type_b):
        if kind not in ENTITY_TYPES:
            raise ValueError(f"{kind!r} is not an entity type; choose from {ENTITY_TYPES}")
    together: dict[tuple[str, str], list[str]] = {}
    for paper in papers(G):
        linked = sorted(G.successors(paper))
        of_a = [n for n in linked if G.nodes[n].get("type") == type_a]
        if type_a == type_b:
            pairs = itertools.combinations(of_a, 2)
        else:
            of_b = [n for n in linked if G.nodes[n].get("type") == type_b]
            pairs = itertools.product(of_a, of_b)
        for pair in pairs:
            together.setdefault(pair, []).append(paper)
    rows = [(a, b, len(members), members) for (a, b), members in together.items()
            if len(members) >= min_count]
    return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))
