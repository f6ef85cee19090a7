"""The layout's scale rule (k-d tree version) against the all-pairs definition, and the layout leaving
Python's global random state alone (igraph draws from it)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from html_graphs import clustered_graph
from kg.export.html.layout import precomputed_layout
from kg.export.html.spacing import room_factor


def _all_pairs(pos: np.ndarray, room: np.ndarray, gap: float) -> float:
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2))
    ratio = (room[:, None] + room[None, :] + gap) / np.maximum(dist, 1e-9)
    np.fill_diagonal(ratio, 0.0)
    return float(np.median(ratio.max(axis=1)))


@pytest.mark.parametrize("seed", range(4))
def test_room_factor_equals_the_all_pairs_rule(seed: int) -> None:
    rng = np.random.default_rng(seed)
    count = 50 + 150 * seed
    clusters = rng.normal(size=(5, 2)) * 20
    pos = clusters[rng.integers(0, 5, count)] + rng.normal(size=(count, 2))  # dense spots and gaps
    room = rng.choice([12.0, 45.0, 200.0], size=count, p=[0.7, 0.25, 0.05])  # a few very big fans
    assert room_factor(pos, room, 24.0) == pytest.approx(_all_pairs(pos, room, 24.0), rel=1e-12)


def test_room_factor_with_nodes_on_the_same_spot() -> None:
    pos = np.array([[0.0, 0.0], [0.0, 0.0], [3.0, 4.0]])
    room = np.array([1.0, 1.0, 1.0])
    assert room_factor(pos, room, 0.0) == pytest.approx(_all_pairs(pos, room, 0.0))
    assert room_factor(pos[:1], room[:1], 0.0) == 1.0


def test_layout_leaves_the_global_random_state_alone() -> None:
    random.seed(123)
    expected = random.random()
    random.seed(123)
    precomputed_layout(clustered_graph())
    assert random.random() == expected
