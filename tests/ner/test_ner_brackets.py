"""NER spans that cut through brackets are extended to the closing bracket or cut to a balanced part."""

from __future__ import annotations

import pytest

from kg.extract.abbreviations import definitions
from kg.extract.ner.brackets import balanced_span, without_defining_parenthetical
from kg.extract.pipeline import load_extractor
from kg.extract.tokenizer import blank_nlp

NLP = blank_nlp()


def repaired(text: str, span_text: str) -> str | None:
    doc = NLP(text)
    start_char = text.index(span_text)
    span = doc.char_span(start_char, start_char + len(span_text))
    assert span is not None, f"{span_text!r} is not a token span of {text!r}"
    bounds = balanced_span(doc, span.start, span.end)
    return None if bounds is None else doc[bounds[0]:bounds[1]].text


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("We use SHAP (Shapley Additive Explanations) here.", "SHAP (Shapley Additive Explanations",
     "SHAP (Shapley Additive Explanations)"),
    ("the image or class) is kept", "image or class)", "image or class"),
    ("with clinical scores (admission NIHSS and age) we", "clinical scores (admission NIHSS", "clinical scores"),
    ("a framework ELUDE (Explanation via Labelled and Unlabelled) works",
     "framework ELUDE (Explanation via Labelled", "framework ELUDE"),
    ("Low-Rank Adaptation (LoRA) fine-tunes", "Low-Rank Adaptation (LoRA)", "Low-Rank Adaptation (LoRA)"),
    ("the [CLS] token is pooled", "[CLS] token", "[CLS] token"),
    ("so ) nothing ( here", ") nothing (", "nothing"),
    ("models SHAP (Shapley Additive and more", "SHAP (Shapley Additive", "SHAP"),
])
def test_repairs(text: str, span: str, expected: str) -> None:
    assert repaired(text, span) == expected


def test_a_span_that_is_only_brackets_or_latex_is_dropped() -> None:
    assert repaired("we set ( ) here", "( )") == "( )"  # balanced, kept as it is
    assert repaired("a ) ( b", ") (") is None
    assert repaired("update \\(\\Delta W\\ is small", "\\(\\Delta W\\") is None


@pytest.mark.parametrize(("abstract", "span", "expected"), [
    ("We propose Low-Rank Adaptation (LoRA) for tuning.", "Low-Rank Adaptation (LoRA)", "Low-Rank Adaptation"),
    ("We explain with SHAP (Shapley Additive Explanations) here.", "SHAP (Shapley Additive Explanations)", "SHAP"),
    ("We report accuracy (top-1) on it.", "accuracy (top-1)", "accuracy (top-1)"),  # not an abbreviation
    ("A model (LoRA) is used.", "model (LoRA)", "model (LoRA)"),  # LoRA does not abbreviate "model"
])
def test_a_defining_parenthetical_is_left_to_the_abbreviation_pair(abstract: str, span: str, expected: str) -> None:
    extractor = load_extractor("fast")  # its abbreviation component finds the definitions
    doc = extractor.nlp(extractor._make_doc("", abstract))
    start_char = doc.text.index(span)
    found = doc.char_span(start_char, start_char + len(span))
    assert found is not None
    start, end = without_defining_parenthetical(doc, found.start, found.end, definitions(doc))
    assert doc[start:end].text == expected
