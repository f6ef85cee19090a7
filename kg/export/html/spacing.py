"""How much to enlarge a layout so that nodes get the room their drawing needs.

The rule: for the median node, even its tightest neighbour leaves room for both (their radii plus a gap).
Over all pairs that is n² distances (0.7 s for a 5,000-node page); a k-d tree finds the few pairs that can
decide each node's figure, and gives the same result.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

NEAREST = 8  # neighbours looked at first, to bound how far a deciding neighbour can be
MIN_DISTANCE = 1e-9  # nodes on the same spot count as this far apart


def room_factor(pos: np.ndarray, room: np.ndarray, gap: float) -> float:
    """median over i of maxⱼ (roomᵢ + roomⱼ + gap) / dᵢⱼ, the factor to multiply positions by."""
    count = len(pos)
    if count < 2:
        return 1.0
    tree = cKDTree(pos)
    _, nearest = tree.query(pos, k=min(count, NEAREST + 1))
    needed = _max_ratio(pos, room, gap, np.repeat(np.arange(count), nearest.shape[1]), nearest.ravel())
    # A neighbour j beats the best of the nearest only if dᵢⱼ < (roomᵢ + max room + gap) / that best.
    reach = (room + room.max() + gap) / needed
    within = tree.query_ball_point(pos, reach * (1 + 1e-9))
    sizes = np.fromiter(map(len, within), dtype=np.int64, count=count)
    others = np.fromiter((j for js in within for j in js), dtype=np.int64, count=int(sizes.sum()))
    needed = np.maximum(needed, _max_ratio(pos, room, gap, np.repeat(np.arange(count), sizes), others))
    return float(np.median(needed))


def _max_ratio(pos: np.ndarray, room: np.ndarray, gap: float, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For every node, the largest (roomᵢ + roomⱼ + gap) / dᵢⱼ over the given pairs (i, j), i ≠ j."""
    other = i != j
    i, j = i[other], j[other]
    dist = np.sqrt(((pos[i] - pos[j]) ** 2).sum(axis=1))
    ratio = (room[i] + room[j] + gap) / np.maximum(dist, MIN_DISTANCE)
    best = np.zeros(len(pos))
    np.maximum.at(best, i, ratio)
    return best
