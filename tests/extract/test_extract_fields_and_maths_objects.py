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


# Fourteenth round: equations, linear algebra, distributions and properties of data are mathematical objects
# too ("stochastic differential equation (SDE)", "Singular Vectors", "Local Intrinsic Dimensionality (LID)").
@pytest.mark.parametrize(
    "phrase",
    [
        "stochastic differential equation",
        "partial differential equations",
        "Zorbic Disagreement Equality",
        "Singular Vectors",
        "augmented covariance matrix",
        "Data Generating Distribution",
        "Local Intrinsic Dimensionality",
        "linear separability",
        "stochastic processes",
        "Categorical Stochastic Processes",
    ],
)
def test_equations_vectors_and_properties_of_data_are_concepts(phrase: str) -> None:
    assert refined_type(phrase.split(), "Method") == "Concept"


@pytest.mark.parametrize(
    "phrase",
    ["Gaussian Process", "Dirichlet process", "ZSM state matrix", "ZorbNet equations", "neural operator"],
)
def test_models_and_named_objects_with_such_heads_stay(phrase: str) -> None:
    assert refined_type(phrase.split(), "Method") == "Method"


def test_the_short_form_of_an_equation_is_no_method(method_spans_typed) -> None:
    sentence = "We solve a controlled differential equation (CDE) with a neural network, and the CDE is stable."
    found = [text for text, _ in method_spans_typed(sentence, "controlled differential equation", "CDE")]
    assert "CDE" not in found and "controlled differential equation" not in found


# Choosing among candidates is the problem a method solves: a lower-case "... selection" is a Task; in
# capitals word by word it is a method's name.
@pytest.mark.parametrize(
    "phrase", ["feature selection", "feature interaction selection", "hyperparameter selection", "Policy selection"]
)
def test_lower_case_selection_is_a_task(phrase: str) -> None:
    assert refined_type(phrase.split(), "Method") == "Task"


@pytest.mark.parametrize(
    "phrase", ["Infinite Latent Feature Selection", "Gradient-based Parameter Selection", "ZorbFS feature selection"]
)
def test_selection_in_capitals_or_with_a_name_stays_a_method(phrase: str) -> None:
    assert refined_type(phrase.split(), "Method") == "Method"
