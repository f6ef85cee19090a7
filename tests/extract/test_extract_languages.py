"""A language or a language pair is no entity, whatever the NER tags it (kg.extract.languages, sixth round)."""

from __future__ import annotations

import pytest

from kg.extract.languages import only_languages
from kg.extract.mentions import doc_mentions


def mention_texts(process, sentence: str, phrase: str, label: str) -> list[str]:
    """Mentions of `sentence` written twice (so support holds), with the NER span at the first `phrase`."""
    doc = process(f"{sentence} {sentence}", "")
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    return [m.text for m in doc_mentions(doc, [(span.start, span.end, label)])]


@pytest.mark.parametrize(
    ("sentence", "phrase", "label"),
    [
        ("Results on Urdu-English improve by two points.", "Urdu-English", "Task"),
        ("We translate English-to-Czech with it.", "English-to-Czech", "Task"),
        ("The Chinese-English system is small.", "Chinese-English", "Method"),
        ("It also reads Italian well.", "Italian", "Task"),
    ],
)
def test_languages_are_no_mentions(process, sentence: str, phrase: str, label: str) -> None:
    assert phrase not in mention_texts(process, sentence, phrase, label)


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
