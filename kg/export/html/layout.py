"""Node positions computed in Python for graphs too big for in-browser physics to settle quickly.

Fruchterman–Reingold runs only on the graph's core; nodes with a single neighbour (most entities in a
paper graph) are then set on a fan around that neighbour. That keeps the quadratic repulsion step to the
nodes that need it, so a seed-sized graph lays out in about a second with numpy alone. Core nodes repel
in proportion to how many such neighbours they carry (as ForceAtlas2 weights by degree), and the result
is scaled until the fans of neighbouring nodes no longer overlap.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

LEAF_PX = 45.0  # distance of a single-neighbour node from its neighbour, in vis-network canvas pixels
GAP_PX = 24.0  # room kept between the fans (or bare nodes) of two neighbouring core nodes
BARE_PX = 12.0  # room a core node without fan needs around itself
BLOCK_ROWS = 512  # rows of the pairwise computations done at once, to bound memory


def fan_radius(leaves: int) -> float:
    return LEAF_PX * (1 + 0.15 * math.sqrt(leaves)) if leaves else BARE_PX


def _fruchterman_reingold(mass: np.ndarray, edges: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Positions in the unit square; attraction along `edges` (row index pairs), mass-weighted repulsion."""
    count = len(mass)
    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2)).astype(np.float32)
    if count < 2:
        return pos
    k2 = np.float32(1.0 / count)
    k = math.sqrt(k2)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        # Repulsion k²·mᵢ·mⱼ/dᵢⱼ² along (pᵢ − pⱼ). Plain elementwise numpy, not BLAS matrix products: those
        # are multi-threaded and collapse when the machine's cores are busy.
        disp = np.empty_like(pos)
        for start in range(0, count, BLOCK_ROWS):
            block = pos[start:start + BLOCK_ROWS]
            dx = block[:, None, 0] - pos[None, :, 0]
            dy = block[:, None, 1] - pos[None, :, 1]
            push = dx * dx
            push += dy * dy
            np.maximum(push, np.float32(1e-4), out=push)
            np.divide(mass[None, :], push, out=push)
            push *= (k2 * mass[start:start + BLOCK_ROWS])[:, None]
            disp[start:start + BLOCK_ROWS, 0] = (dx * push).sum(axis=1)
            disp[start:start + BLOCK_ROWS, 1] = (dy * push).sum(axis=1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.subtract.at(disp, edges[:, 0], pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-2))
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
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


def precomputed_layout(G: nx.Graph, *, seed: int = 7, iterations: int = 80) -> dict[str, tuple[int, int]]:
    """Whole-pixel canvas coordinates for every node, reproducible for a given graph and seed."""
    U = nx.Graph(G)
    leaves = {n for n in U if U.degree(n) == 1 and U.degree(next(iter(U[n]))) > 1}
    core = [n for n in sorted(U, key=str) if n not in leaves]
    if not core:
        return {}
    by_parent: dict[str, list[str]] = {n: [] for n in core}
    for leaf in sorted(leaves, key=str):
        by_parent[next(iter(U[leaf]))].append(leaf)
    index = {n: i for i, n in enumerate(core)}
    edges = np.array(
        [(index[a], index[b]) for a, b in U.edges() if a in index and b in index], dtype=np.int64
    ).reshape(-1, 2)
    fans = np.array([len(by_parent[n]) for n in core])
    pos = _fruchterman_reingold((1.0 + fans).astype(np.float32), edges, iterations, seed)
    pos = _scale_to_pixels(pos, np.array([fan_radius(int(f)) for f in fans]))
    positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for n, i in index.items()}
    for parent, children in by_parent.items():
        if not children:
            continue
        px, py = positions[parent]
        outward = math.atan2(py, px)  # away from the centre, where there is more room
        step = min(0.5, 2 * math.pi / len(children))
        radius = fan_radius(len(children))
        for i, child in enumerate(children):
            angle = outward + (i - (len(children) - 1) / 2) * step
            positions[child] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
    return {n: (round(x), round(y)) for n, (x, y) in positions.items()}
