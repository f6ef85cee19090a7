"""Model labels -> graph types, including the Material -> Dataset decision."""

from __future__ import annotations

import pytest

from kg.extract.ner.labels import GRAPH_TYPE, MODEL_LABELS, graph_type
from kg.model import ENTITY_TYPES


def test_every_model_label_maps_to_a_graph_entity_type_or_is_dropped() -> None:
    assert set(GRAPH_TYPE) == set(MODEL_LABELS)
    assert all(value is None or value in ENTITY_TYPES for value in GRAPH_TYPE.values())
    assert GRAPH_TYPE["Generic"] is None and GRAPH_TYPE["OtherScientificTerm"] == "Concept"


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("Material", "CIFAR-10", "Dataset"),
        ("Material", "ImageNet", "Dataset"),
        ("Material", "Penn Treebank", "Dataset"),
        ("Material", "a large parallel corpus", "Dataset"),
        ("Material", "benchmark datasets", "Dataset"),
        ("Material", "WMT14", "Dataset"),
        ("Material", "English", "Concept"),
        ("Material", "Street View House Numbers", "Dataset"),
        ("Material", "English German", "Concept"),
        ("Material", "images", "Concept"),
        ("Material", "unlabeled text", "Concept"),
        ("Method", "LoRA", "Method"),
        ("Task", "machine translation", "Task"),
        ("Metric", "BLEU", "Metric"),
        ("OtherScientificTerm", "attention weights", "Concept"),
        ("Generic", "this approach", None),
    ],
)
def test_graph_type(label: str, text: str, expected: str | None) -> None:
    assert graph_type(label, text) == expected


def test_unknown_label_is_an_error() -> None:
    with pytest.raises(KeyError, match="PERSON"):
        graph_type("PERSON", "Ada")
