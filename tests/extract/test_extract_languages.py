"""A language or a language pair is no entity, whatever the NER tags it (kg.extract.languages, sixth round)."""

from __future__ import annotations

import pytest

from kg.extract.languages import only_languages


@pytest.mark.parametrize(
    ("sentence", "phrase", "label"),
    [
        ("Results on Urdu-English improve by two points.", "Urdu-English", "Task"),
        ("We translate English-to-Czech with it.", "English-to-Czech", "Task"),
        ("The Chinese-English system is small.", "Chinese-English", "Method"),
        ("It also reads Italian well.", "Italian", "Task"),
    ],
)
def test_languages_are_no_mentions(mention_texts, sentence: str, phrase: str, label: str) -> None:
    assert phrase not in mention_texts(sentence, phrase, label)


@pytest.mark.parametrize(
    "phrase", ["Urdu-English", "English to French", "English→German", "Chinese/English", "Arabic"],
)
def test_only_languages(phrase: str) -> None:
    assert only_languages(phrase.split())


@pytest.mark.parametrize(
    "phrase", ["WMT 2014 English-German", "English Penn Treebank", "Chinese word segmentation", "English-German corpus"],
)
def test_a_name_or_a_head_beside_the_languages_keeps_the_span(phrase: str) -> None:
    assert not only_languages(phrase.split())
