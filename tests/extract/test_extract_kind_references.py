"""A lower-case phrase naming a job and a generic method head is no entity (kg.extract.kind_references).

The NER spans are given by hand, and every phrase is written twice so that support (kg.extract.support)
holds and only the rule decides. Sixth round, issue #12: the held-out judges' most common wrong Method
nodes were references such as "search algorithm" and "detection model".
"""

from __future__ import annotations

import pytest

from kg.extract.kind_references import refers_to_kind


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        # an activity right before the head, only generic modifiers before it
        ("The search algorithm visits every state once.", "search algorithm"),
        ("We speed up the decoding algorithm by pruning.", "decoding algorithm"),
        ("Existing inference algorithms are slow on long inputs.", "inference algorithms"),
        ("A faster retrieval algorithm scans the index.", "retrieval algorithm"),
        # a problem noun before the head, whatever it works on
        ("We train a detection model on street scenes.", "detection model"),
        ("A segmentation network labels each pixel.", "segmentation network"),
        ("The object identification model runs on a phone.", "object identification model"),
        ("Our verb clustering system reads news.", "verb clustering system"),
        # a plural kind of method is a class of methods
        ("Earlier work used independent classifiers for each role.", "independent classifiers"),
        ("Statistical approaches need much labelled text.", "Statistical approaches"),
        ("We compare against extractive models here.", "extractive models"),
        # a task written as an acronym is a job too
        ("Our SRL system reads each clause.", "SRL system"),
        ("It beats two baseline SMT systems today.", "baseline SMT systems"),
        # measures named by their job are a class of measures (seventh round; the NER's label is no matter)
        ("We report three generation metrics on the test set.", "generation metrics"),
        ("The evaluation metric rewards short outputs.", "evaluation metric"),
        ("Several automatic MT evaluation metrics disagree here.", "automatic MT evaluation metrics"),
        ("Scores follow the KBP metrics closely.", "KBP metrics"),
    ],
)
def test_job_references_are_no_mentions(mention_texts, sentence: str, phrase: str) -> None:
    assert phrase not in mention_texts(sentence, phrase, "Method")


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        # a specific modifier before the activity: a method (beam search is a gazetteer name since session 12)
        ("We schedule with a tabu search algorithm of depth five.", "tabu search algorithm"),
        # technique words are no jobs
        ("We add a graph convolution network to the encoder.", "graph convolution network"),
        ("It adds an attention model on top.", "attention model"),
        ("We develop a new transition system for parsing.", "transition system"),
        # plural networks name a family of their own
        ("We stack recurrent neural networks on the input.", "recurrent neural networks"),
    ],
)
def test_named_methods_stay(mention_texts, sentence: str, phrase: str) -> None:
    assert phrase in mention_texts(sentence, phrase, "Method")


@pytest.mark.parametrize(
    "phrase",
    ["expectation maximization algorithm", "gradient descent algorithm", "BERT detection model",
     "conditional random field model", "Moses SMT system", "BERT QA model",
     "ROUGE metrics", "word error rate metric", "Fréchet distance metrics"],
)
def test_method_names_are_no_job_references(phrase: str) -> None:
    # (in a document the gazetteer takes the known names inside these first)
    assert not refers_to_kind(phrase.split(), sentence_start=False)


def test_first_capital_counts_only_at_a_sentence_start() -> None:
    assert refers_to_kind(["Search", "algorithm"], sentence_start=True)
    assert not refers_to_kind(["Search", "algorithm"], sentence_start=False)
    assert not refers_to_kind(["Simultaneous", "Recognition", "Framework"], sentence_start=True)

