"""Placing every node of one connected component: research areas first, then the nodes around them.

An all-pairs force simulation of a 5,000-node page took ~9 s. This does it in two cheap steps:

1. Each research area (a community of papers in the component) becomes one heavy body, and the force model of
   `layout.py` lays out these few bodies, with all-pairs repulsion, so areas push each other apart and
   areas that share links sit side by side. Each gets a disc of its own size (area ∝ its nodes).
2. igraph's grid Fruchterman–Reingold (C, about n per round: repulsion only between nearby nodes) places
   every node of the component, each paper tied to a pinned anchor at its area's spot. The nodes hanging
   off the core take part, so a node with many of them gets room, and are set on fans afterwards.

Seeded start positions and a fixed random state make the result reproducible.
"""

from __future__ import annotations

import math
import random

import igraph
import numpy as np

from kg.export.html.spacing import room_factor

ROUNDS = 300  # Fruchterman–Reingold rounds (grid mode costs ~1 ms a round for 5,000 nodes)
AREA_PULL = 1.0  # weight of the link tying a paper to its area's anchor (an ordinary link weighs 1)
# igraph's grid covers a square of √n × √n units in cells of 2 units, and a link of weight w settles at
# w^(-1/3) units. All weights are multiplied by this so that the layout stays inside that square (nodes
# outside all fall into its border cells, which makes a round slower) and the 2-unit repulsion reaches a
# few neighbours further.
WEIGHT_SCALE = 8.0
NODE_AREA = 1.2 / WEIGHT_SCALE ** (2 / 3)  # room one node takes, in grid units² (1.2 measured on random graphs)
FILL = 0.8  # share of that square the areas' spots may span
UNPINNED = 1e12  # bound given to the nodes that move freely


def spread(
    core: int,
    edges: np.ndarray,
    weights: np.ndarray,
    parents: np.ndarray,
    groups: np.ndarray,
    anchors: np.ndarray,
    seed: int,
) -> np.ndarray:
    """Positions of the `core` nodes (0..core-1) of a component.

    edges/weights: links between core nodes. parents[k]: the node that node core+k hangs off. groups[i]:
    dense area number of core node i (-1: none); anchors[g]: where area g goes, from `area_anchors`.
    """
    count = core + len(parents)
    area_count = len(anchors)
    grouped = np.flatnonzero(groups >= 0)
    links = np.concatenate([
        edges.reshape(-1, 2),
        np.stack([parents, np.arange(core, count)], axis=1),
        np.stack([grouped, count + groups[grouped]], axis=1),
    ]).astype(np.int64)
    link_weights = WEIGHT_SCALE * np.concatenate([weights, np.ones(len(parents)), np.full(len(grouped), AREA_PULL)])
    rng = np.random.default_rng(seed)
    start = (rng.random((count + area_count, 2)) - 0.5) * math.sqrt(count)
    start[count:] = anchors
    start[grouped] = anchors[groups[grouped]] + rng.random((len(grouped), 2)) - 0.5
    low = np.full((count + area_count, 2), -UNPINNED)
    high = np.full((count + area_count, 2), UNPINNED)
    low[count:] = high[count:] = anchors
    graph = igraph.Graph(n=count + area_count, edges=links.tolist())
    state = random.getstate()  # python-igraph draws from `random` (to separate nodes on the same spot)
    random.seed(seed)
    try:
        layout = graph.layout_fruchterman_reingold(
            weights=link_weights.tolist(), niter=ROUNDS, seed=start.tolist(), grid="grid",
            minx=low[:, 0].tolist(), maxx=high[:, 0].tolist(), miny=low[:, 1].tolist(), maxy=high[:, 1].tolist(),
        )
    finally:
        random.setstate(state)
    return np.array(layout.coords, dtype=np.float64)[:core]


def area_discs(groups: np.ndarray, nodes_per_core_node: np.ndarray) -> np.ndarray:
    """Radius each area needs in the grid layout's units: a disc holding all its nodes."""
    member = groups >= 0
    sizes = np.bincount(groups[member], weights=nodes_per_core_node[member])
    return np.sqrt(NODE_AREA * sizes / math.pi)


def scale_anchors(pos: np.ndarray, radius: np.ndarray, nodes: int) -> np.ndarray:
    """Area positions centred and enlarged so that, for the median area, its disc clears its nearest one,
    but not beyond igraph's grid square for `nodes` nodes."""
    centred = pos - pos.mean(axis=0)
    if len(pos) < 2:
        return centred
    fit = FILL * math.sqrt(nodes) / 2 / max(float(np.abs(centred).max()), 1e-9)
    return centred * min(room_factor(centred, radius, 0.0), fit)
