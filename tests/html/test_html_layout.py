"""The precomputed layout: every node placed, reproducible, single-neighbour nodes beside their neighbour."""

from __future__ import annotations

import math

import networkx as nx

from html_graphs import grid_graph, sample_graph
from kg.export.html.layout import LEAF_PX, precomputed_layout


def test_every_node_gets_finite_reproducible_coordinates():
    G = grid_graph(papers=60, entities_per_paper=4, hubs=5)
    first = precomputed_layout(G, seed=3)
    assert set(first) == set(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert precomputed_layout(G.copy(), seed=3) == first
    assert precomputed_layout(G, seed=4) != first


def test_leaves_sit_beside_their_only_neighbour_and_apart_from_each_other():
    G = grid_graph(papers=60, entities_per_paper=4, hubs=5)
    pos = precomputed_layout(G)
    for paper in [n for n in G if G.nodes[n]["type"] == "Paper"][:10]:
        leaves = [n for n in G.successors(paper) if G.degree(n) == 1]
        assert len(leaves) == 4
        for leaf in leaves:
            assert math.dist(pos[leaf], pos[paper]) < 2 * LEAF_PX
        spread = min(math.dist(pos[a], pos[b]) for a in leaves for b in leaves if a < b)
        assert spread > 10


def test_connected_nodes_end_up_closer_than_unrelated_ones():
    G = grid_graph(papers=60, entities_per_paper=0, hubs=3)
    pos = precomputed_layout(G)
    hubs = [f"method:hub-{h}" for h in range(3)]
    own = [math.dist(pos[p], pos[hub]) for hub in hubs for p in G.predecessors(hub)]
    other = [math.dist(pos[p], pos[hub]) for hub in hubs for p in G if p not in hubs and not G.has_edge(p, hub)]
    assert sum(own) / len(own) < 0.5 * sum(other) / len(other)


def test_small_and_degenerate_graphs():
    assert precomputed_layout(nx.DiGraph()) == {}
    single = nx.DiGraph()
    single.add_node("a", type="Paper")
    assert set(precomputed_layout(single)) == {"a"}
    assert set(precomputed_layout(sample_graph())) == set(sample_graph())
