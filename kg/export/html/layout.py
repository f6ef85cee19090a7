"""Node positions computed in Python for graphs too big for in-browser physics to settle quickly.

Each connected component is laid out on its own and the components are then packed side by side
(`packing.py`): laid out together, small disconnected groups have nothing holding them and drift to a
far ring, so the page would open on a tiny main cluster in a mostly empty view.

Within a component, the nodes hanging off its core (single-neighbour nodes, such as most entities in a paper
graph, and chains like a repository with its owner) are set on fans at the end. The layout is chosen so a
researcher can see which papers share methods, datasets and code, and where the research areas are:

- the research areas (the `community` attribute `kg build` stores on papers) are laid out first, each as one
  body with the mass of its nodes, under the force model below, so areas push each other apart and areas
  that share links sit side by side (`spread.py` then gives each a disc of its size);
- every node is then placed by igraph's grid Fruchterman–Reingold, each paper tied to its area's pinned spot:
  areas come out as visible clusters, and entities shared by several areas sit between them;
- links to entities many papers use pull less (1/√degree), so a generic hub such as "Accuracy" does not
  pull every area into one ball (but a node's links together pull at least as much as one ordinary link,
  or a paper linked only to a hub would drift away);
- paper–paper similarity links (RELATED_TO) pull only faintly: they restate shared entities, and at full
  strength they knot the best-connected papers together.

The force model of the area step: repulsion ∝ mᵢ·mⱼ / d, linear attraction along the (summed) links
between areas, and a weak pull to the origin. All pairs are computed there, but there are few areas.

The result is scaled so that, for the median node, even its closest neighbour leaves room for both fans.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.export.html import spread
from kg.export.html.packing import pack_components
from kg.export.html.spacing import room_factor
from kg import model

LEAF_PX = 45.0  # distance of a single-neighbour node from its neighbour, in vis-network canvas pixels
GAP_PX = 24.0  # room kept between the fans (or bare nodes) of two neighbouring core nodes
BARE_PX = 12.0  # room a core node without fan needs around itself
BLOCK_ROWS = 512  # rows of the pairwise computations done at once, to bound memory
RELATED_PULL = 0.05  # pull of a RELATED_TO link, relative to a link to a node that has no other link
GRAVITY = 0.05  # pull of every area toward the origin, per unit of mass and distance
MIN_GROUP = 3  # communities with fewer papers in a component are not drawn together
WARM_FRACTION = 0.3  # share of the iterations run at full step size before cooling starts
COOLING = 0.97
MIN_ROUNDS = 60  # many areas get fewer rounds (PAIR_BUDGET), but never fewer than this
PAIR_BUDGET = 100_000_000  # area pairs evaluated per component, summed over rounds (about 1 s)
PEEL_ROUNDS = 2  # hanging chains this deep (paper → repository → owner) are set on fans at the end
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


def _forces(mass: np.ndarray, edges: np.ndarray, weights: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Positions of connected bodies under the area step's force model (module docstring)."""
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
        disp -= pos * (GRAVITY * mass)[:, None]
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-9))
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        if step >= iterations * WARM_FRACTION:
            temperature *= COOLING
    return pos


def _area_anchors(
    groups: np.ndarray, mass: np.ndarray, edges: np.ndarray, weights: np.ndarray, nodes: int, seed: int, iterations: int
) -> np.ndarray:
    """Where each area of a component goes: its papers' masses and links merged into one body per area."""
    areas = int(groups.max()) + 1 if len(groups) else 0
    if areas == 0:
        return np.zeros((0, 2))
    member = groups >= 0
    area_mass = np.bincount(groups[member], weights=mass[member], minlength=areas)
    ends = groups[edges.reshape(-1, 2)]
    between = (ends >= 0).all(axis=1) & (ends[:, 0] != ends[:, 1])
    pairs, joined = np.unique(np.sort(ends[between], axis=1), axis=0, return_inverse=True)
    pull = np.bincount(joined.ravel(), weights=weights[between], minlength=len(pairs)).astype(np.float32)
    # Few areas settle long before many; many get fewer rounds, as each costs n² (the layout changes
    # little past 60 rounds).
    rounds = min(iterations, 30 + 3 * areas, max(MIN_ROUNDS, PAIR_BUDGET // areas**2))
    pos = _forces(area_mass.astype(np.float32), pairs.reshape(-1, 2), pull, rounds, seed)
    return spread.scale_anchors(pos.astype(np.float64), spread.area_discs(groups, mass), nodes)


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


def _scale_to_pixels(pos: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Centre and scale so that, for the median node, even its tightest neighbour leaves room for both fans."""
    centred = pos - pos.mean(axis=0)
    return centred * room_factor(centred, room, GAP_PX)


def _component_layout(G: nx.DiGraph, U: nx.Graph, nodes: set[str], seed: int, iterations: int) -> dict[str, tuple]:
    """Positions of one connected component, centred on the origin."""
    C = U.subgraph(nodes)
    parent = _peel(C)
    children: dict[str, list[str]] = {n: [] for n in C}
    hanging = sorted(parent, key=str)
    for node in hanging:
        children[parent[node]].append(node)
    core = [n for n in sorted(C, key=str) if n not in parent]
    index = {n: i for i, n in enumerate(core + hanging)}
    # In core order, not G.subgraph(core).edges(): a subgraph view iterates a set, so its edge order (and
    # with it the layout) changed with Python's hash seed from one process to the next. Successors sorted:
    # the same graph read back from its tables (nodes and edges in id order) gets the same layout.
    in_core = set(core)
    links = [(a, b) for a in core for b in sorted(G.successors(a), key=str) if b in in_core and a != b]
    edges = np.array([(index[a], index[b]) for a, b in links], dtype=np.int64).reshape(-1, 2)
    weights = _link_weights(G, U, links)
    below = np.array([len(children[n]) + sum(len(children[c]) for c in children[n]) for n in core])
    shapes = [_fan_shape(children[n], children, alone=len(core) == 1) for n in core]
    if len(core) > 1:
        groups = _groups(G, core)
        anchors = _area_anchors(groups, (1.0 + below).astype(np.float32), edges, weights, len(index), seed, iterations)
        parents = np.array([index[parent[n]] for n in hanging], dtype=np.int64)
        pos = spread.spread(len(core), edges, weights, parents, groups, anchors, seed)
        pos = _scale_to_pixels(pos, np.array([room for _, _, room in shapes]))
    else:
        pos = np.zeros((len(core), 2))
    positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(core)}
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
