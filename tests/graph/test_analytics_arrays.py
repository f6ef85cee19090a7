"""PageRank and Louvain over arrays (kg.graph.analytics.pagerank_arrays / louvain_arrays): against
networkx and igraph called directly on hand-made graphs, and against what the build stored on the seed
graph, with arrays made the way a caller without a networkx graph makes them."""

from __future__ import annotations

import math
import random
from pathlib import Path

import igraph
import networkx as nx
import numpy as np

from graph_helpers import every_item, random_graph
from kg.graph import analytics
from kg.graph.analytics import louvain_arrays, pagerank_arrays, round_significant
from kg.graph.link_arrays import related_pairs
from kg.graph.linking import link_papers, papers
from kg.graph.readwrite import read_json


def test_pagerank_arrays_is_networkx_pagerank_of_the_undirected_simple_graph() -> None:
    ends = [(0, 1), (1, 2), (2, 0), (2, 3), (4, 3)]  # node 5 is dangling
    H = nx.Graph(ends)
    H.add_node(5)
    reference = nx.pagerank(H, tol=1e-13, max_iter=1000)
    rank = pagerank_arrays(6, np.array([u for u, _ in ends]), np.array([v for _, v in ends]))
    assert all(math.isclose(rank[n], reference[n], rel_tol=1e-7) for n in range(6))
    # Repeats, reversed ends and self-links change nothing, to the bit.
    noisy = [*ends, (1, 0), (3, 2), (2, 2), (0, 1)]
    again = pagerank_arrays(6, np.array([u for u, _ in noisy]), np.array([v for _, v in noisy]))
    assert again.tolist() == rank.tolist()
    assert pagerank_arrays(0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).size == 0


def direct_igraph(n: int, links: list[tuple[int, int, float]], seed: int) -> list[list[int]]:
    """igraph's Louvain called directly on the links in (low, high) order, groups largest first."""
    graph = igraph.Graph(n=n, edges=[(u, v) for u, v, _ in sorted(links)])
    graph.es["weight"] = [score for _, _, score in sorted(links)]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = graph.community_multilevel(weights="weight")
    finally:
        igraph.set_random_number_generator(random)
    return sorted((sorted(part) for part in parts), key=lambda members: (-len(members), members[0]))


def groups_of(numbers: np.ndarray) -> list[list[int]]:
    groups: list[list[int]] = [[] for _ in range(int(numbers.max()) + 1)]
    for row, number in enumerate(numbers.tolist()):
        groups[number].append(row)
    return groups


def test_louvain_arrays_numbers_igraphs_communities_largest_first_whatever_the_edge_order() -> None:
    # Two triangles and a pair, papers 8 and 9 alone: sizes 3, 3, 2, 1, 1 (ties by smallest member).
    links = [(4, 5, 1.0), (4, 6, 2.0), (5, 6, 1.5), (0, 2, 1.0), (1, 2, 1.0), (0, 1, 3.0), (3, 7, 2.0)]
    order = [5, 2, 0, 6, 1, 4, 3]
    low, high, score = (np.array([links[i][column] for i in order]) for column in range(3))
    numbers = louvain_arrays(10, low, high, score, 0)
    assert groups_of(numbers) == [[0, 1, 2], [4, 5, 6], [3, 7], [8], [9]]
    assert louvain_arrays(0, low[:0], high[:0], score[:0], 0).size == 0


def test_louvain_arrays_equal_igraph_called_directly_on_a_linked_graph() -> None:
    G = random_graph(300, 120, seed=9)
    link_papers(G, min_score=0.5)
    index = {paper: row for row, paper in enumerate(papers(G))}
    links = [(index[u], index[v], d["score"]) for u, v, d in G.edges(data=True) if d["type"] == "RELATED_TO"]
    random.Random(3).shuffle(links)
    for seed in (0, 1):
        numbers = louvain_arrays(len(index), *(np.array(column) for column in zip(*links)), seed)
        assert groups_of(numbers) == direct_igraph(len(index), links, seed)
        by_id = [[papers(G)[row] for row in group] for group in groups_of(numbers)]
        assert by_id == analytics.communities(G, seed=seed)


def test_arrays_give_what_the_build_stored_on_the_seed_graph(seed_graph_json: Path) -> None:
    """Links, communities and PageRank from arrays alone equal the seed build's graph.json."""
    G = read_json(seed_graph_json)
    paper_ids = papers(G)
    stored = sorted((u, v, d["score"], d["shared"]) for u, v, d in G.edges(data=True) if d["type"] == "RELATED_TO")
    items = every_item(G)
    pairs = list(related_pairs(items))
    assert [(paper_ids[low], paper_ids[high], score, [items.item_ids[i] for i in shared])
            for low, high, score, shared in pairs] == stored

    low, high, score = (np.array(column) for column in zip(*(pair[:3] for pair in pairs)))
    numbers = louvain_arrays(len(paper_ids), low, high, score, 0)
    assert numbers.tolist() == [G.nodes[paper]["community"] for paper in paper_ids]

    nodes = sorted(G.nodes)
    index = {node: row for row, node in enumerate(nodes)}
    ends = np.array([(index[u], index[v]) for u, v, kind in G.edges(data="type") if kind != "RELATED_TO"])
    rank = pagerank_arrays(len(nodes), ends[:, 1], ends[:, 0])
    assert [round_significant(value) for value in rank.tolist()] == [G.nodes[node]["pagerank"] for node in nodes]
