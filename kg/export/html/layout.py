"""Node positions computed in Python for graphs too big for in-browser physics to settle quickly.

Each connected component is laid out on its own and the components are then packed side by side
(`packing.py`): laid out together, small disconnected groups have nothing holding them and drift to a
far ring, so the page would open on a tiny main cluster in a mostly empty view.

Within a component, forces run only on its core; the nodes hanging off it (single-neighbour nodes, such as
most entities in a paper graph, and chains like a repository with its owner) are set on fans afterwards,
so the quadratic repulsion step covers only the nodes that need it. The force model is chosen so a researcher can
see which papers share methods, datasets and code, and where the research areas are:

- repulsion ∝ mᵢ·mⱼ / d, where m is 1 + the number of nodes hanging off a node, so big fans get room;
- linear attraction along each link, weaker for links to entities many papers use (1/√degree), so a
  generic hub such as "Accuracy" does not pull every area into one ball (but a node's links together
  pull at least as much as one ordinary link, or a paper linked only to a hub would drift away);
- paper–paper similarity links (RELATED_TO) pull only faintly: they restate shared entities, and at full
  strength they knot the best-connected papers together;
- each paper is pulled toward the centre of its community (the `community` attribute `kg build` stores),
  so research areas come out as visible clusters;
- a weak pull to the origin keeps the component together.

The result is scaled so that, for the median node, even its closest neighbour leaves room for both fans.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.export.html.packing import pack_components
from kg.graph import model

LEAF_PX = 45.0  # distance of a single-neighbour node from its neighbour, in vis-network canvas pixels
GAP_PX = 24.0  # room kept between the fans (or bare nodes) of two neighbouring core nodes
BARE_PX = 12.0  # room a core node without fan needs around itself
BLOCK_ROWS = 512  # rows of the pairwise computations done at once, to bound memory
RELATED_PULL = 0.05  # pull of a RELATED_TO link, relative to a link to a node that has no other link
GROUP_PULL = 0.5  # pull of a paper toward its community's centre, per unit of mass and distance
GRAVITY = 0.05  # pull of every node toward the origin, per unit of mass and distance
MIN_GROUP = 3  # communities with fewer papers in a component are not pulled together
WARM_FRACTION = 0.3  # share of the iterations run at full step size before cooling starts
COOLING = 0.97
MIN_ROUNDS = 60  # big cores get fewer rounds (PAIR_BUDGET), but never fewer than this
PAIR_BUDGET = 100_000_000  # node pairs evaluated per component, summed over rounds (about 1 s)
PEEL_ROUNDS = 2  # hanging chains this deep (paper → repository → owner) are fanned, not simulated
SUBLEAF_PX = 36.0  # distance of a second-round node's own hanging nodes from it
SUBLEAF_STEP = 0.6  # angle between those, in radians


def fan_radius(leaves: int) -> float:
    return LEAF_PX * (1 + 0.15 * math.sqrt(leaves)) if leaves else BARE_PX


def _repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Σⱼ mᵢ·mⱼ·(pᵢ − pⱼ)/dᵢⱼ² for every i, in row blocks.

    Plain elementwise numpy, not BLAS matrix products: those are multi-threaded and collapse when the
    machine's cores are busy.
    """
    disp = np.empty_like(pos)
    for start in range(0, len(pos), BLOCK_ROWS):
        block = pos[start:start + BLOCK_ROWS]
        dx = block[:, None, 0] - pos[None, :, 0]
        dy = block[:, None, 1] - pos[None, :, 1]
        push = dx * dx
        push += dy * dy
        np.maximum(push, np.float32(1e-4), out=push)
        np.divide(mass[None, :], push, out=push)
        push *= mass[start:start + BLOCK_ROWS, None]
        disp[start:start + BLOCK_ROWS, 0] = (dx * push).sum(axis=1)
        disp[start:start + BLOCK_ROWS, 1] = (dy * push).sum(axis=1)
    return disp


def _group_pull(pos: np.ndarray, mass: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Pull of each grouped node toward its group's centroid (zero for nodes in group -1)."""
    pull = np.zeros_like(pos)
    member = groups >= 0
    if not member.any():
        return pull
    index = groups[member]
    sums = np.zeros((int(index.max()) + 1, 2), dtype=pos.dtype)
    np.add.at(sums, index, pos[member])
    counts = np.bincount(index, minlength=len(sums)).astype(pos.dtype)
    centroids = sums / np.maximum(counts, 1)[:, None]
    pull[member] = (centroids[index] - pos[member]) * (GROUP_PULL * mass[member])[:, None]
    return pull


def _forces(
    mass: np.ndarray, edges: np.ndarray, weights: np.ndarray, groups: np.ndarray, iterations: int, seed: int
) -> np.ndarray:
    """Positions of a connected core under the forces described in the module docstring."""
    count = len(mass)
    if count < 2:
        return np.zeros((count, 2), dtype=np.float32)
    rng = np.random.default_rng(seed)
    pos = ((rng.random((count, 2)) - 0.5) * math.sqrt(count)).astype(np.float32)
    temperature = 0.1 * math.sqrt(count)
    for step in range(iterations):
        disp = _repulsion(pos, mass)
        if len(edges):
            pull = (pos[edges[:, 0]] - pos[edges[:, 1]]) * weights[:, None]
            np.subtract.at(disp, edges[:, 0], pull)
            np.add.at(disp, edges[:, 1], pull)
        disp += _group_pull(pos, mass, groups)
        disp -= pos * (GRAVITY * mass)[:, None]
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-9))
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        if step >= iterations * WARM_FRACTION:
            temperature *= COOLING
    return pos


def _scale_to_pixels(pos: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Centre and scale so that, for the median node, even its tightest neighbour leaves room for both fans."""
    centered = (pos - pos.mean(axis=0)).astype(np.float64)
    if len(pos) < 2:
        return centered
    needed = np.empty(len(pos))
    for start in range(0, len(pos), BLOCK_ROWS):
        block = centered[start:start + BLOCK_ROWS]
        dist = np.sqrt(((block[:, None, :] - centered[None, :, :]) ** 2).sum(axis=2))
        ratio = (room[start:start + BLOCK_ROWS, None] + room[None, :] + GAP_PX) / np.maximum(dist, 1e-9)
        ratio[np.arange(len(block)), np.arange(start, start + len(block))] = 0.0
        needed[start:start + BLOCK_ROWS] = ratio.max(axis=1)
    return centered * float(np.median(needed))


def _link_weights(G: nx.DiGraph, U: nx.Graph, links: list[tuple[str, str]]) -> np.ndarray:
    """How strongly each link pulls: links to widely used entities (1/√degree) and paper–paper similarity
    links pull less, but a node's links together pull at least as much as one ordinary link, so a paper
    whose only link is to a hub still sits by that hub."""
    weights = np.array([
        RELATED_PULL if G.edges[a, b].get("type") == model.RELATED_TO else 1.0 / math.sqrt(U.degree(b))
        for a, b in links
    ])
    total: dict[str, float] = {}
    for (a, _), weight in zip(links, weights):
        total[a] = total.get(a, 0.0) + weight
    boost = np.array([max(1.0, 1.0 / total[a]) for a, _ in links])
    return (weights * boost).astype(np.float32)


def _groups(G: nx.DiGraph, core: list[str]) -> np.ndarray:
    """Dense community numbers for the papers of a component (-1: entities, and communities too small here)."""
    labels = [G.nodes[n].get("community") if G.nodes[n].get("type") == model.PAPER else None for n in core]
    sizes: dict[object, int] = {}
    for label in labels:
        if isinstance(label, int):
            sizes[label] = sizes.get(label, 0) + 1
    kept = {label: i for i, label in enumerate(sorted(k for k, v in sizes.items() if v >= MIN_GROUP))}
    return np.array([kept.get(label, -1) if isinstance(label, int) else -1 for label in labels], dtype=np.int64)


def _peel(C: nx.Graph) -> dict[str, str]:
    """Parent of every node hanging off the component's core: single-neighbour nodes, then (a second
    round) nodes left with a single neighbour once those are gone, such as a repository with its owner."""
    parent: dict[str, str] = {}
    alive = {n: set(C[n]) - {n} for n in C}
    for _ in range(PEEL_ROUNDS):
        layer = [n for n in sorted(alive, key=str) if len(alive[n]) == 1 and len(alive[next(iter(alive[n]))]) > 1]
        for n in layer:
            (parent[n],) = alive.pop(n)
        for n in layer:
            alive[parent[n]].discard(n)
    return parent


def _fan(centre: tuple[float, float], outward: float, children: list[str], radius: float, step: float) -> dict:
    """Children on an arc of `radius` around `centre`, centred on the direction `outward`."""
    cx, cy = centre
    placed = {}
    for i, child in enumerate(children):
        angle = outward + (i - (len(children) - 1) / 2) * step
        placed[child] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return placed


def _fan_shape(kids: list[str], children: dict[str, list[str]], alone: bool) -> tuple[float, float, float]:
    """(angle between kids, radius of their arc, room the whole fan needs) for a core node's hanging kids.

    A lone core node spreads its kids over the whole circle, others over an arc facing outward. Kids with
    hanging nodes of their own take more of the arc, and the arc grows until they all fit.
    """
    if not kids:
        return 0.0, 0.0, BARE_PX
    step = 2 * math.pi / len(kids) if alone else min(0.5, 2 * math.pi / len(kids))
    widths = [
        2 * BARE_PX + 2 * SUBLEAF_PX * math.sin(min(math.pi, len(children[k]) * SUBLEAF_STEP) / 2) for k in kids
    ]
    radius = max(fan_radius(len(kids)), sum(widths) / (step * len(kids)))
    deeper = any(children[k] for k in kids)
    return step, radius, radius + (SUBLEAF_PX if deeper else 0.0)


def _component_layout(G: nx.DiGraph, U: nx.Graph, nodes: set[str], seed: int, iterations: int) -> dict[str, tuple]:
    """Positions of one connected component, centred on the origin."""
    C = U.subgraph(nodes)
    parent = _peel(C)
    children: dict[str, list[str]] = {n: [] for n in C}
    for node in sorted(parent, key=str):
        children[parent[node]].append(node)
    core = [n for n in sorted(C, key=str) if n not in parent]
    index = {n: i for i, n in enumerate(core)}
    links = [(a, b) for a, b in G.subgraph(core).edges() if a != b]
    edges = np.array([(index[a], index[b]) for a, b in links], dtype=np.int64).reshape(-1, 2)
    weights = _link_weights(G, U, links)
    hanging = np.array([len(children[n]) + sum(len(children[c]) for c in children[n]) for n in core])
    shapes = [_fan_shape(children[n], children, alone=len(core) == 1) for n in core]
    # Small cores settle long before big ones; big ones get fewer rounds, as each costs n² (the layout
    # changes little past 60 rounds: the group pull sets the big picture early).
    rounds = min(iterations, 30 + 3 * len(core), max(MIN_ROUNDS, PAIR_BUDGET // max(1, len(core)) ** 2))
    pos = _forces((1.0 + hanging).astype(np.float32), edges, weights, _groups(G, core), rounds, seed)
    pos = _scale_to_pixels(pos, np.array([room for _, _, room in shapes]))
    positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for n, i in index.items()}
    for node, (step, radius, _) in zip(core, shapes):
        kids = children[node]
        if not kids:
            continue
        px, py = positions[node]
        outward = math.atan2(py, px)  # away from the centre, where there is more room
        positions.update(_fan((px, py), outward, kids, radius, step))
        for kid in kids:
            if children[kid]:
                kx, ky = positions[kid]
                positions.update(_fan((kx, ky), math.atan2(ky - py, kx - px), children[kid], SUBLEAF_PX, SUBLEAF_STEP))
    return positions


def precomputed_layout(G: nx.DiGraph, *, seed: int = 7, iterations: int = 120) -> dict[str, tuple[int, int]]:
    """Whole-pixel canvas coordinates for every node, reproducible for a given graph and seed.

    The largest component sits at the origin; the others are packed beside it, biggest first.
    """
    U = nx.Graph(G)
    components = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    parts = [_component_layout(G, U, nodes, seed, iterations) for nodes in components]
    return {n: (round(x), round(y)) for n, (x, y) in pack_components(parts).items()}
