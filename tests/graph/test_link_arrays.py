"""Linking over arrays (kg.graph.link_arrays): hand-made matrices scored by hand, the salience rule
from evidence alone, and the same pairs whatever items, index width or chunk sizes the caller uses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from graph_helpers import every_item, random_graph, with_varied_salience
from kg.graph import link_arrays
from kg.graph.link_arrays import BARE_ACRONYM, PASSING, PaperItems, related_pairs, salience_of
from kg.graph.linking import graph_paper_items, link_papers


def matrix(rows: list[dict[int, float]], kinds: list[str], specificity: list[float] | None = None) -> PaperItems:
    """PaperItems of papers given as {item row: salience}; item i is called 'item:i'."""
    indptr = np.concatenate(([0], np.cumsum([len(row) for row in rows])))
    return PaperItems(
        item_ids=[f"item:{i}" for i in range(len(kinds))],
        item_kinds=kinds,
        item_specificity=np.array(specificity or [1.0] * len(kinds)),
        indptr=indptr,
        indices=np.array([i for row in rows for i in sorted(row)], dtype=np.int32),
        salience=np.array([row[i] for row in rows for i in sorted(row)], dtype=np.float64),
    )


def test_pairs_score_rarity_times_both_saliences_in_pair_order() -> None:
    # 10 papers: hub = 5; item 0 (a dataset) in papers 0 and 3, item 1 (a task) in papers 0, 3, 7,
    # item 2 (a method) in papers 0 and 7, item 3 in one paper only.
    rows = [{0: 1.0, 1: PASSING, 2: 1.0}, {}, {3: 1.0}, {0: 1.0, 1: 1.0}, {}, {}, {}, {1: 1.0, 2: 1.0}, {}, {}]
    items = matrix(rows, ["Dataset", "Task", "Method", "Task"])
    got = list(related_pairs(items, min_score=0.0))
    two, three = math.log(5 / 2), math.log(5 / 3)
    assert got == [
        (0, 3, round(math.fsum([two, three * PASSING]), 4), [0, 1]),  # the dataset's share is the larger
        (0, 7, round(math.fsum([two, three * PASSING]), 4), [2, 1]),
        (3, 7, round(three, 4), [1]),
    ]
    # The topic rule: papers 0 and 7 without the task share one method, which names no topic.
    rows[7] = {2: 1.0}
    assert [pair[:2] for pair in related_pairs(matrix(rows, ["Dataset", "Task", "Method", "Task"]),
                                               min_score=0.0)] == [(0, 3)]


def test_specificity_cap_min_score_and_top_k_apply() -> None:
    rows = [{0: 1.0, 1: 1.0}, {0: 1.0, 1: 1.0}, {0: 1.0}, *[{} for _ in range(7)]]
    kinds = ["Task", "Dataset"]
    assert [p[:2] for p in related_pairs(matrix(rows, kinds), min_score=0.0)] == [(0, 1), (0, 2), (1, 2)]
    assert [p[3] for p in related_pairs(matrix(rows, kinds, [0.0, 1.0]), min_score=0.0)] == [[1]]
    assert [p[:2] for p in related_pairs(matrix(rows, kinds), min_score=0.0, max_entity_papers=2)] == [(0, 1)]
    assert [p[:2] for p in related_pairs(matrix(rows, kinds), min_score=1.0)] == [(0, 1)]
    # top_k = 1: paper 2's best partner is paper 0 (tie, smaller id), papers 0 and 1 keep each other.
    assert [p[:2] for p in related_pairs(matrix(rows, kinds), min_score=0.0, top_k=1)] == [(0, 1), (0, 2)]
    assert list(related_pairs(matrix(rows, kinds), top_k=0)) == []
    assert list(related_pairs(matrix([{}, {}], []))) == []


@pytest.mark.parametrize(("evidence", "title", "kind", "expected"), [
    (None, "T", "Method", 1.0),  # no evidence: its code, or a link without mentions
    ([{"sentence": "We use X.", "text": "X"}], "T", "Repository", 1.0),
    ([{"sentence": "We use X.", "text": "X"}], "T", "Method", PASSING),
    ([{"sentence": "We use X.", "text": "X"}] * 2, "T", "Method", 1.0),
    ([{"sentence": "X for Y", "text": "X"}], "X for Y", "Task", 1.0),  # the title names it
    ([{"sentence": "AD is hard.", "text": "AD models"}], "T", "Task", PASSING * BARE_ACRONYM),
    ([{"sentence": "AD.", "text": "AD"}, {"sentence": "Alzheimer's disease.", "text": "Alzheimer's disease"}],
     "T", "Task", 1.0),
])
def test_salience_from_evidence_title_and_kind(evidence, title, kind, expected) -> None:
    assert salience_of(evidence, title, kind) == expected


def named(items: PaperItems, pairs) -> list[tuple[int, int, float, list[str]]]:
    return [(low, high, score, [items.item_ids[row] for row in shared]) for low, high, score, shared in pairs]


@pytest.mark.parametrize("seed", [1, 2])
def test_every_item_or_only_weighing_ones_int32_or_int64_chunked_or_not_same_pairs(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    G = with_varied_salience(random_graph(200, 150, seed=seed), seed=seed)
    settings = {"min_score": 0.5, "top_k": 4, "max_entity_papers": 30}
    filtered = graph_paper_items(G, max_entity_papers=30)
    assert filtered.indices.dtype == np.int32
    expected = named(filtered, related_pairs(filtered, **settings))
    assert expected and link_papers(G, **settings) == len(expected)
    everything = every_item(G)
    assert len(everything.item_ids) > len(filtered.item_ids)
    assert named(everything, related_pairs(everything, **settings)) == expected
    monkeypatch.setattr(link_arrays, "_CHUNK", 3)
    monkeypatch.setattr(link_arrays, "_BLOCK_TRIPLES", 10)
    assert named(everything, related_pairs(everything, **settings)) == expected
