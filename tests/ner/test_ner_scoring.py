"""The exact-span scorer, on hand-built span sets with hand-computed scores."""

from __future__ import annotations

import pytest

from kg.training.scoring import SpanScores


def test_exact_match_needs_same_start_end_and_type() -> None:
    scores = SpanScores(("A", "B"))
    scores.add(gold={(0, 5, "A"), (6, 9, "B")}, predicted={(0, 5, "A"), (6, 8, "B"), (10, 12, "B")})
    assert scores.per_type["A"].as_dict()["precision"] == 1.0
    assert (scores.per_type["B"].tp, scores.per_type["B"].predicted, scores.per_type["B"].gold) == (0, 2, 1)
    micro = scores.micro
    assert (micro.tp, micro.predicted, micro.gold) == (1, 3, 2)
    assert micro.precision == pytest.approx(1 / 3)
    assert micro.recall == pytest.approx(1 / 2)
    assert micro.f1 == pytest.approx(0.4)


def test_nested_gold_spans_each_count_for_recall() -> None:
    # gold "neural parser" and the nested "neural"; a flat predictor finds only the outer one.
    scores = SpanScores(("Method", "OtherScientificTerm"))
    scores.add(gold={(0, 13, "Method"), (0, 6, "OtherScientificTerm")}, predicted={(0, 13, "Method")})
    assert scores.micro.recall == pytest.approx(0.5)
    assert scores.micro.precision == 1.0


def test_labels_outside_the_label_set_are_ignored_and_docs_counted() -> None:
    scores = SpanScores(("TASK",))
    scores.add(gold={(0, 3, "TASK")}, predicted={(0, 3, "TASK"), (5, 9, "Method")})
    scores.add(gold=set(), predicted=set())
    assert scores.micro.as_dict()["f1"] == 1.0
    assert scores.docs == 2


def test_no_predictions_and_no_gold_give_zero_not_an_error() -> None:
    scores = SpanScores(("A",))
    scores.add(gold=set(), predicted=set())
    assert scores.as_dict()["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "predicted": 0, "gold": 0}
