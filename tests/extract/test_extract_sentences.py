"""Sentence boundaries and the evidence they give."""

from __future__ import annotations

import pytest


def sentences(doc) -> list[str]:
    text = doc.text
    return [text[start:end] for _, _, start, end in doc._.sentence_bounds]


def test_title_is_one_sentence_even_with_punctuation(process) -> None:
    doc = process("First sentence here. Second one!", title="Is Attention All You Need? No. Maybe")
    assert sentences(doc) == ["Is Attention All You Need? No. Maybe", "First sentence here.", "Second one!"]
    assert [s.text.strip() for s in doc.sents] == sentences(doc)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("As shown by Hu et al. (2021) this works. It does.", 2),
        ("See Fig. 3 for details. Then stop.", 2),
        ("We use e.g. dropout. And more.", 2),
        ("Accuracy rose to 93.5% on the test set. Loss fell.", 2),
        ("Results hold. the next part is lower case.", 1),
        ("Done by J. Smith and others. Next.", 2),
    ],
)
def test_sentence_rules(process, text: str, count: int) -> None:
    assert len(sentences(process(text))) == count


def test_no_title_and_empty_input(process) -> None:
    assert sentences(process("Only an abstract. Two sentences.")) == ["Only an abstract.", "Two sentences."]
    assert process("")._.sentence_bounds == []
