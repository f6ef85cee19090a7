"""A training or tuning step with only generic modifiers is no entity (kg.extract.training_steps, ninth round).

The eighth round found such steps among the lower-case Method nodes of the dev graph built from SciERC and
TDMSci ("model training", "parameter tuning"); named ways to train stay.
"""

from __future__ import annotations

import pytest

from kg.extract.training_steps import is_training_step


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("We keep 3/5 of the essays for model training in each fold.", "model training"),
        ("A development set is used for parameter tuning only.", "parameter tuning"),
        ("However, supervised training requires hand-labelled data.", "supervised training"),
        ("It allows very fast online training of the weights.", "online training"),
        ("We skip hyperparameter tuning for the small runs.", "hyperparameter tuning"),
        ("Model training takes two days on one GPU.", "Model training"),
    ],
)
def test_training_steps_are_no_mentions(mention_texts, sentence: str, phrase: str) -> None:
    assert phrase not in mention_texts(sentence, phrase, "Method")


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("We add adversarial training to the tagger.", "adversarial training"),
        ("It replaces word-level losses with sequence-level training here.", "sequence-level training"),
        ("The recipe follows minimum risk training closely.", "minimum risk training"),
    ],
)
def test_named_ways_to_train_stay(mention_texts, sentence: str, phrase: str) -> None:
    assert phrase in mention_texts(sentence, phrase, "Method")


@pytest.mark.parametrize(
    ("phrase", "sentence_start", "expected"),
    [
        ("parameter tuning", False, True),
        ("Supervised training", True, True),
        ("Supervised Training", False, False),  # capitals that say something: a title's name, left alone
        ("EM training", False, False),  # a named algorithm
        ("adversarial training", False, False),
        ("model fine-tuning", False, False),  # fine-tuning is a technique word of its own
    ],
)
def test_is_training_step(phrase: str, sentence_start: bool, expected: bool) -> None:
    assert is_training_step(phrase.split(), sentence_start) is expected
