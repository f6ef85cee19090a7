"""A score tagged Method is a Metric (kg.extract.typing_rules, eleventh round).

The dev graph built from SciERC and TDMSci held "Speech Intelligibility Index (SII)" and "TESLA" as
Methods: the first by its head, which only names a score, the second by the list of metrics it stands in.
Methods whose head also names a method or a thing ("maximum likelihood", "feature map") stay.
"""

from __future__ import annotations

import pytest

from kg.extract.typing_rules import listed_with_metrics, refined_type, score_short_forms


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Speech Intelligibility Index", "Metric"),
        ("F1-measure", "Metric"),
        ("inter-annotator agreement metrics", "Metric"),
        ("tagging accuracy", "Metric"),
        ("sentence-level BLEU", "Metric"),
        ("maximum likelihood", "Method"),  # heads that also name methods or things stay Methods
        ("mixed precision", "Method"),
        ("feature map", "Method"),
        ("edit distance", "Method"),
    ],
)
def test_a_score_head_makes_a_method_span_a_metric(phrase: str, expected: str) -> None:
    assert refined_type(phrase.split(), "Method") == expected


def test_the_short_form_of_a_score_follows_it(method_spans_typed) -> None:
    found = method_spans_typed(
        "We evaluate with the Zorb Clarity Index (ZCI) and report ZCI per noise level.",
        "Zorb Clarity Index",
        "ZCI",
    )
    assert ("Zorb Clarity Index", "Metric") in found and ("ZCI", "Metric") in found
    assert ("ZCI", "Method") not in found
    assert score_short_forms([(["ZCI"], ["Zorb", "Clarity", "Index"]), (["ZN"], ["Zorb", "Network"])]) == {"ZCI"}


def test_a_name_in_a_list_of_metrics_is_a_metric(method_spans_typed) -> None:
    found = method_spans_typed("New metrics, such as METEOR (), TER), and ZORBA have beaten BLEU.", "ZORBA")
    assert [pair for pair in found if pair[0] == "ZORBA"][0] == ("ZORBA", "Metric")
    before = "three intelligibility measures, the Dau measure, the glimpse proportion and the "
    assert listed_with_metrics(["ZII"], "Method", before) == "Metric"


@pytest.mark.parametrize(
    "before",
    [
        "We compare with systems such as ",  # no metrics named before the list
        "we use the metrics. Our model builds on ",  # the list ended with the sentence
        "the evaluation metrics and ",  # no list: "metrics and X"
    ],
)
def test_names_outside_a_list_of_metrics_stay_methods(before: str) -> None:
    assert listed_with_metrics(["ZorbNet"], "Method", before) == "Method"


def test_only_named_method_spans_are_moved_by_a_list() -> None:
    before = "metrics, such as BLEU and "
    assert listed_with_metrics(["string", "matching"], "Method", before) == "Method"
    assert listed_with_metrics(["ZORBA"], "Dataset", before) == "Dataset"
