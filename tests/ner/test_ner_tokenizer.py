"""kg's blank tokenizer keeps scientific names whole and otherwise tokenizes like spaCy."""

from __future__ import annotations

import pytest

from kg.extract.tokenizer import blank_nlp


def tokens(text: str) -> list[str]:
    return [t.text for t in blank_nlp()(text)]


@pytest.mark.parametrize("word", ["CIFAR-10", "ResNet-50", "state-of-the-art", "BERT-based", "3-D", "GPT-4",
                                  "CIFAR-100", "fine-tuning", "e.g."])
def test_names_and_hyphenated_words_stay_one_token(word: str) -> None:
    assert tokens(f"We use {word} here.") == ["We", "use", word, "here", "."]


def test_punctuation_around_names_still_splits() -> None:
    assert tokens("(ResNet-50), CIFAR-10; BLEU/TER") == ["(", "ResNet-50", ")", ",", "CIFAR-10", ";", "BLEU", "/",
                                                          "TER"]


def test_urls_survive_as_one_token() -> None:
    assert "https://github.com/org/my-repo" in tokens("Code: https://github.com/org/my-repo.")


def test_character_offsets_cover_the_text() -> None:
    text = "Low-Rank Adaptation (LoRA) beats state-of-the-art baselines on GLUE."
    doc = blank_nlp()(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
