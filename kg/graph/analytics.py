"""Analytics over a kg graph, as free functions of G: communities, centrality, top entities, shared
code, similar papers and explanation paths; `annotate` stores the per-node results on G.

Every function builds what it needs in node-id order and takes a `seed` where chance is involved,
so results depend on the graph's content only, never on insertion order or the run.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from kg.graph.link_arrays import distinct_sorted
from kg.graph.linking import paper_items, papers, related
from kg.graph.specificity import item_specificity
from kg.model import (
    AUTHOR, CODE_OWNER, CONCEPT, DATASET, ENTITY_TYPES, METHOD, RELATED_TO, REPOSITORY, TASK,
)

COMMUNITY_BACKENDS = ("igraph", "networkx")
# igraph's C Louvain: 11x faster than networkx's at 100k papers (benchmarks/link_scale.py).
DEFAULT_COMMUNITY_BACKEND = "igraph"
PAGERANK_DIGITS = 6  # significant digits kept on nodes: stable bytes, ample for ranking
_COUNTED_TYPES = frozenset((*ENTITY_TYPES, REPOSITORY, CODE_OWNER, AUTHOR))
LABEL_TYPES = frozenset((METHOD, DATASET, TASK, CONCEPT))  # metrics, code and people name no area
MIN_LABEL_PAPERS = 2


# ---------------------------------------------------------------------------------------------
# counts


def paper_counts(G: nx.DiGraph) -> dict[str, int]:
    """For every entity, repository, code owner and author: how many distinct papers link it."""
    counts = {node: 0 for node, kind in G.nodes(data="type") if kind in _COUNTED_TYPES}
    for linked in paper_items(G, with_authors=True).values():
        for item in linked:
            counts[item] = counts.get(item, 0) + 1
    return counts


def top_entities(G: nx.DiGraph, *, per_type: int = 10) -> dict[str, list[tuple[str, int]]]:
    """The most-linked entities of each type, as (id, paper count), most papers first."""
    counts = paper_counts(G)
    ranked: dict[str, list[tuple[str, int]]] = {kind: [] for kind in ENTITY_TYPES}
    for node, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        kind = G.nodes[node]["type"]
        if kind in ranked and len(ranked[kind]) < per_type:
            ranked[kind].append((node, count))
    return ranked


def shared_code(G: nx.DiGraph) -> list[tuple[str, list[str]]]:
    """Repositories and code owners that two or more papers share, with those papers."""
    holders: dict[str, list[str]] = {}
    for paper, linked in paper_items(G).items():
        for item in linked:
            if G.nodes[item]["type"] in (REPOSITORY, CODE_OWNER):
                holders.setdefault(item, []).append(paper)
    shared = [(item, members) for item, members in holders.items() if len(members) > 1]
    return sorted(shared, key=lambda entry: (-len(entry[1]), entry[0]))


# ---------------------------------------------------------------------------------------------
# communities


def related_graph(G: nx.DiGraph) -> nx.Graph:
    """Undirected paper graph of RELATED_TO links (weight = score), every paper included."""
    H = nx.Graph()
    H.add_nodes_from(papers(G))
    H.add_weighted_edges_from(sorted(
        (u, v, data["score"]) for u, v, data in G.edges(data=True) if data.get("type") == RELATED_TO))
    return H


def communities(G: nx.DiGraph, *, seed: int = 0, resolution: float = 1.0,
                backend: str = DEFAULT_COMMUNITY_BACKEND) -> list[list[str]]:
    """Louvain communities of papers over RELATED_TO, largest first (ties: smallest member id);
    each a sorted list of paper ids, so index i is community number i."""
    if backend == "networkx":
        parts = nx.community.louvain_communities(related_graph(G), weight="weight",
                                                 resolution=resolution, seed=seed)
    elif backend == "igraph":
        parts = _igraph_louvain(G, seed=seed, resolution=resolution)
    else:
        raise ValueError(f"unknown community backend {backend!r}; choose from {COMMUNITY_BACKENDS}")
    return sorted((sorted(part) for part in parts), key=lambda members: (-len(members), members[0]))


def _igraph_louvain(G: nx.DiGraph, *, seed: int, resolution: float) -> list[list[str]]:
    """`louvain_arrays` over G's papers in id order and its RELATED_TO edges."""
    nodes = papers(G)
    index = {node: position for position, node in enumerate(nodes)}
    links = [(index[u], index[v], data["score"])
             for u, v, data in G.edges(data=True) if data.get("type") == RELATED_TO]
    low, high, score = (np.array(column) for column in zip(*links)) if links else ([], [], [])
    numbers = louvain_arrays(len(nodes), np.asarray(low, dtype=np.int64), np.asarray(high, dtype=np.int64),
                             np.asarray(score, dtype=np.float64), seed, resolution=resolution)
    groups: list[list[str]] = [[] for _ in range(int(numbers.max()) + 1 if len(numbers) else 0)]
    for node, number in zip(nodes, numbers.tolist()):
        groups[number].append(node)
    return groups


def louvain_arrays(n_papers: int, low: np.ndarray, high: np.ndarray, score: np.ndarray, seed: int, *,
                   resolution: float = 1.0) -> np.ndarray:
    """Louvain in igraph's C core over papers 0..n_papers-1 (id order) linked low[i] - high[i] with
    weight score[i], seeded through igraph's RNG: the community number of each paper, numbered as
    `communities` numbers them (largest first, ties by smallest member). Holds igraph's copy of the
    edges (tens of bytes each) and a few arrays per paper."""
    try:
        import igraph
    except ImportError as err:
        raise RuntimeError("the igraph backend needs python-igraph (pip install python-igraph); "
                           "backend='networkx' works without it") from err
    if n_papers == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((high, low))  # edges in (low, high) order: igraph's result depends on it
    graph = igraph.Graph(n=n_papers, edges=np.stack((low[order], high[order]), axis=1))
    weights = np.ascontiguousarray(score[order], dtype=np.float64)  # passed as is: no Python float per edge
    del order
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = np.array(graph.community_multilevel(weights=weights, resolution=resolution).membership)
    finally:
        igraph.set_random_number_generator(random)
    del graph
    # Papers are in id order, so a community's first paper row is its smallest member.
    found, first_row = np.unique(membership, return_index=True)
    sizes = np.bincount(membership)[found]
    rank = np.empty(len(found), dtype=np.int64)
    rank[np.lexsort((first_row, -sizes))] = np.arange(len(found))
    return rank[np.searchsorted(found, membership)]


def community_labels(G: nx.DiGraph, groups: list[list[str]], *, top: int = 3) -> list[list[str]]:
    """For each group of papers, the entities that characterise it, best first.

    An entity in `count` of the group's `size` papers and `df` of all `N` papers scores
    specificity x share x ln(lift), share = count / size and lift = share / (df / N): frequent in the
    group, rare elsewhere, and a name rather than a generic word (kg.graph.specificity), so "features"
    or "machine learning" never name an area however common they are in it. Only methods, datasets,
    tasks and concepts name groups, and only when at least `MIN_LABEL_PAPERS` of the group link them.
    """
    counts = paper_counts(G)
    total = len(papers(G))
    labels = []
    for members in groups:
        in_group: dict[str, int] = {}
        for paper in members:
            for target in G.successors(paper):
                if G.nodes[target].get("type") in LABEL_TYPES:
                    in_group[target] = in_group.get(target, 0) + 1
        weight = {}
        for item, count in in_group.items():
            share = count / len(members)
            lift = share * total / max(1, counts[item])
            if count >= min(MIN_LABEL_PAPERS, len(members)) and lift > 1:
                weight[item] = item_specificity(G, item) * share * math.log(lift)
        labels.append(sorted((item for item in weight if weight[item] > 0),
                             key=lambda item: (-weight[item], item))[:top])
    return labels


def stored_communities(G: nx.DiGraph) -> list[list[str]] | None:
    """Communities as `annotate` stored them on Paper nodes, or None if it has not run."""
    groups: dict[int, list[str]] = {}
    for paper in papers(G):
        number = G.nodes[paper].get("community")
        if number is None:
            return None
        groups.setdefault(number, []).append(paper)
    return [groups[number] for number in sorted(groups)]


# ---------------------------------------------------------------------------------------------
# centrality


def pagerank(G: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1e-10,
             max_iter: int = 500) -> dict[str, float]:
    """PageRank over the undirected graph of papers, entities, code and authors (`pagerank_arrays` over
    G's nodes in id order). RELATED_TO is left out: it is derived from those same links and would
    count them twice."""
    nodes = sorted(G.nodes)
    index = {node: position for position, node in enumerate(nodes)}
    ends = [(index[u], index[v]) for u, v, kind in G.edges(data="type") if kind != RELATED_TO]
    ends_u, ends_v = (np.array(column, dtype=np.int64) for column in zip(*ends)) if ends else (
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    rank = pagerank_arrays(len(nodes), ends_u, ends_v, alpha=alpha, tol=tol, max_iter=max_iter)
    return dict(zip(nodes, rank.tolist()))


def pagerank_arrays(n_nodes: int, ends_u: np.ndarray, ends_v: np.ndarray, *, alpha: float = 0.85,
                    tol: float = 1e-10, max_iter: int = 500) -> np.ndarray:
    """PageRank of nodes 0..n_nodes-1 (id order) over the undirected links ends_u[i] - ends_v[i]
    (repeats and self-links ignored).

    The same iteration as `nx.pagerank` (dangling mass spread evenly), on a scipy matrix: building
    an nx.Graph copy and converting it cost 20x the iteration itself at 100k papers. `tol` bounds
    the L1 change of the last step. Holds the links once as sorted int64 keys, then the symmetric
    matrix (12 bytes per link end, int32 indices) and a few float64 arrays per node.
    """
    if n_nodes == 0:
        return np.zeros(0)
    low, high = np.minimum(ends_u, ends_v), np.maximum(ends_u, ends_v)
    linked = low != high
    keys = low[linked].astype(np.int64)
    del low
    keys *= n_nodes
    keys += high[linked]
    del high, linked
    keys = distinct_sorted(keys)
    index_type = np.int32 if n_nodes < 2**31 else np.int64
    first = (keys // n_nodes).astype(index_type)
    keys %= n_nodes
    second = keys.astype(index_type)
    del keys
    rows = np.concatenate((first, second))
    cols = np.concatenate((second, first))
    del first, second
    adjacency = sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n_nodes, n_nodes))
    del rows, cols
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    dangling = degree == 0
    inverse_degree = np.divide(1.0, degree, out=np.zeros(n_nodes), where=~dangling)
    rank = np.full(n_nodes, 1.0 / n_nodes)
    for _ in range(max_iter):
        previous = rank
        spread = alpha * previous[dangling].sum() + (1.0 - alpha)
        rank = alpha * (adjacency.T @ (previous * inverse_degree)) + spread / n_nodes
        if np.abs(rank - previous).sum() < tol:
            break
    return rank


def round_significant(value: float, digits: int = PAGERANK_DIGITS) -> float:
    """`value` kept to `digits` significant digits, so re-runs give the same bytes."""
    return float(f"{value:.{digits}g}")


def related_degree(G: nx.DiGraph) -> dict[str, int]:
    """How many RELATED_TO partners each paper has."""
    degree = dict.fromkeys(papers(G), 0)
    for u, v, kind in G.edges(data="type"):
        if kind == RELATED_TO:
            degree[u] += 1
            degree[v] += 1
    return degree


# ---------------------------------------------------------------------------------------------
# papers


def similar_papers(G: nx.DiGraph, paper: str, *, top: int = 10) -> list[tuple[str, float, list[str]]]:
    """The papers most RELATED_TO `paper`: (id, score, shared items), best first."""
    return sorted(related(G, paper), key=lambda entry: (-entry[1], entry[0]))[:top]


@dataclass(frozen=True)
class ExplanationPath:
    """How two papers connect: the node path and each step's edge as stored (source, type, target)."""

    nodes: list[str]
    edges: list[tuple[str, str, str]]
    cost: float


def explanation_path(G: nx.DiGraph, source: str, target: str) -> ExplanationPath | None:
    """The cheapest path between two papers through entities, code, owners and authors (not
    RELATED_TO, which it explains). Each hop costs 1 and passing an item costs ln(its paper
    count), so a path through rare shared items beats one through a hub everybody mentions."""
    counts = paper_counts(G)
    cost = {node: math.log(count) if count > 1 else 0.0 for node, count in counts.items()}
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    for u, v, kind in sorted(G.edges(data="type")):
        if kind != RELATED_TO:
            H.add_edge(u, v, weight=1.0 + (cost.get(u, 0.0) + cost.get(v, 0.0)) / 2)
    try:
        length, nodes = nx.single_source_dijkstra(H, source, target, weight="weight")
    except nx.NetworkXNoPath:
        return None
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        if G.has_edge(u, v):
            steps.append((u, G.edges[u, v]["type"], v))
        else:
            steps.append((v, G.edges[v, u]["type"], u))
    return ExplanationPath(nodes=nodes, edges=steps, cost=round(length, 4))


# ---------------------------------------------------------------------------------------------
# stored results


def annotate(G: nx.DiGraph, *, seed: int = 0, backend: str = DEFAULT_COMMUNITY_BACKEND) -> None:
    """Store `community` (Papers), `pagerank` (every node) and `paper_count` (entities, code,
    owners, authors) on G's nodes. Recomputed from scratch, so it is idempotent."""
    for node, count in paper_counts(G).items():
        G.nodes[node]["paper_count"] = count
    for number, members in enumerate(communities(G, seed=seed, backend=backend)):
        for paper in members:
            G.nodes[paper]["community"] = number
    for node, value in pagerank(G).items():
        G.nodes[node]["pagerank"] = round_significant(value)
