"""What a page reads of the whole graph beyond the view it draws.

A page shows a few thousand nodes, yet says things of the whole graph: a node's size is its degree there,
the details panel says "3 of 11 shown" per type of neighbour, a similar-paper link names the items the two
papers share even when those items are not drawn, and the summary gives the graph's totals. `GraphFacts`
is that much and no more, so a page of a graph kept only as tables (kg.export.html.overview) can answer
it from arrays instead of loading every edge of its hubs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import networkx as nx

from kg import model


class GraphFacts(Protocol):
    """The whole graph as the page sees it."""

    attrs: Mapping[str, Any]  # the graph's own attributes (kg version, mode)
    totals: tuple[int, int]  # nodes, edges

    def degree(self, node: str) -> int:
        """In- plus out-degree."""

    def linked_by_type(self, node: str) -> dict[str, int]:
        """Per type, the distinct nodes `node` links to by any edge but RELATED_TO."""

    def name(self, node: str) -> str | None:
        """The node's name (its id when it has none); None for a node not in the graph."""


def links_by_type(G: nx.DiGraph, node: str) -> dict[str, int]:
    """GraphFacts.linked_by_type of a networkx graph (the page's view, or the whole graph)."""
    found: dict[str, set[str]] = {}
    for a, b, edge_type in [*G.out_edges(node, data="type"), *G.in_edges(node, data="type")]:
        if edge_type != model.RELATED_TO:
            other = b if a == node else a
            found.setdefault(str(G.nodes[other]["type"]), set()).add(other)
    return {t: len(ids) for t, ids in found.items()}


class NetworkxFacts:
    """GraphFacts of a graph held in memory."""

    def __init__(self, G: nx.DiGraph) -> None:
        self._graph = G
        self.attrs = G.graph
        self.totals = (G.number_of_nodes(), G.number_of_edges())

    def degree(self, node: str) -> int:
        return int(self._graph.degree(node))

    def linked_by_type(self, node: str) -> dict[str, int]:
        return links_by_type(self._graph, node)

    def name(self, node: str) -> str | None:
        return str(self._graph.nodes[node].get("name", node)) if node in self._graph else None
