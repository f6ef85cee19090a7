"""Fields of study and mathematical objects are no Methods or Tasks (kg.extract.typing_rules, twelfth round).

The modern dev page (2023-25 Hugging Face papers) held "Riemannian Geometry", "Conditional Mutual
Information", "Spherical Harmonics" as Methods and "Data Mining", "Topological Data Analysis", "signal
processing" as Tasks. Without a name-like word, their head says what they are; tasks and methods with the
same heads elsewhere stay ("Sentiment Analysis", "extraction of information", "Yule-Walker equations").
"""

from __future__ import annotations

import pytest

from kg.extract.typing_rules import field_short_forms, names_field_or_maths_object, refined_type


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("Zorbian Geometry", "Method"),  # a branch of mathematics
        ("Category Theory", "Method"),
        ("Conditional Mutual Information", "Method"),  # a quantity
        ("Distance Correlation", "Method"),
        ("Spherical Harmonics", "Method"),  # functions and other objects
        ("Signed Barcodes", "Method"),
        ("Likelihood Landscapes", "Method"),
        ("Data Mining", "Task"),  # a study of a kind of data
        ("Topological Data Analysis", "Task"),
        ("Medical Image Analysis", "Task"),
        ("signal processing", "Task"),
        ("medical imaging", "Method"),  # a modality
        ("Earth Observation", "Method"),
    ],
)
def test_fields_and_maths_objects_are_concepts(phrase: str, label: str) -> None:
    assert refined_type(phrase.split(), label) == "Concept"


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("Sentiment Analysis", "Task"),  # an analysis of no kind of data: a task
        ("Survival Analysis", "Task"),
        ("extraction of information", "Task"),  # the head is not the last word
        ("Yule-Walker equations", "Method"),  # a name in it
        ("ZorbNet Information", "Method"),
        ("compressed sensing", "Method"),  # heads that name tasks too stay out
        ("quantum state tomography", "Method"),
    ],
)
def test_tasks_and_named_things_with_such_heads_stay(phrase: str, label: str) -> None:
    assert refined_type(phrase.split(), label) == label


def test_the_gazetteer_build_asks_the_same_question() -> None:
    assert names_field_or_maths_object(["Audio", "Signal", "Processing"])
    assert not names_field_or_maths_object(["Sentiment", "Analysis"])
    assert not names_field_or_maths_object("Theory of Mind Modeling".split())  # a task in the lists


def test_the_short_form_of_a_field_is_no_method_either(method_spans_typed) -> None:
    sentence = "We use Zorbological Data Analysis (ZDA) to study weights, and ZDA scales well."
    found = [text for text, _ in method_spans_typed(sentence, "Zorbological Data Analysis", "ZDA")]
    assert "ZDA" not in found and "Zorbological Data Analysis" not in found
    assert field_short_forms([(["ZDA"], ["Zorbological", "Data", "Analysis"]), (["ZN"], ["Zorb", "Network"])]) == {
        "ZDA"
    }
