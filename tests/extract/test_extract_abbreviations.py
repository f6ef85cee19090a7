"""Abbreviation definitions (Schwartz-Hearst style) on real pipeline Docs."""

from __future__ import annotations

import pytest

from kg.extract.abbreviations import find_abbreviations, is_short_form, long_form_start


def pairs(doc) -> list[tuple[str, str]]:
    return [(short.text, long.text) for short, long in doc._.abbreviations]


def test_long_form_then_short_form(process) -> None:
    doc = process("We fine-tune with Low-Rank Adaptation (LoRA) and compare.")
    assert pairs(doc) == [("LoRA", "Low-Rank Adaptation")]


def test_short_form_then_long_form(process) -> None:
    doc = process("We fine-tune with LoRA (Low-Rank Adaptation) and compare.")
    assert pairs(doc) == [("LoRA", "Low-Rank Adaptation")]


def test_digits_and_plurals(process) -> None:
    doc = process("A model that uses 3D Gaussian Splats (3DGS) on whole slide images (WSIs).")
    assert pairs(doc) == [("3DGS", "3D Gaussian Splats"), ("WSIs", "whole slide images")]


@pytest.mark.parametrize(
    "text",
    [
        "We adopt Low-Rank Adaptation (LoRA; Hu et al., 2021) for tuning.",
        "We adopt Low-Rank Adaptation (LoRA, Hu et al. 2021) for tuning.",
        "We adopt Low-Rank Adaptation (LoRA (Hu et al., 2021)) for tuning.",
    ],
)
def test_citation_inside_the_parentheses(process, text: str) -> None:
    assert pairs(process(text)) == [("LoRA", "Low-Rank Adaptation")]


def test_nested_parentheses_in_long_form_position(process) -> None:
    doc = process("We evaluate the mean average precision (mAP (higher is better)) of detectors.")
    assert pairs(doc) == [("mAP", "mean average precision")]


@pytest.mark.parametrize(
    "text",
    [
        "BERT (Devlin et al., 2019) is strong.",
        "Results hold in settings (i) and (ii) for all models.",
        "Accuracy improves (see Fig. 2) when training longer.",
        "The error drops by 3.5 (95% CI) points.",
        # letters in order but not at word starts: not a definition
        "We conduct amounts of experiments in various model families (CNNs and ViTs).",
    ],
)
def test_not_definitions(process, text: str) -> None:
    assert pairs(process(text)) == []


def test_definition_does_not_cross_sentences(process) -> None:
    doc = process("This is Low-Rank Adaptation. (LoRA) is elsewhere.")
    assert pairs(doc) == []


def test_works_on_a_bare_doc_without_sentences(extractor) -> None:
    doc = extractor.nlp.make_doc("Vision Transformer (ViT) models.")
    assert [(doc[s[0] : s[1]].text, doc[l[0] : l[1]].text) for s, l in find_abbreviations(doc)] == [
        ("ViT", "Vision Transformer")
    ]


def test_short_form_rules() -> None:
    assert is_short_form("LoRA") and is_short_form("3DGS") and is_short_form("GTEx")
    assert not is_short_form("lora")  # no capital
    assert not is_short_form("iii") and not is_short_form("2021") and not is_short_form("A")
    assert not is_short_form("Hu et al.")


def test_long_form_start_walks_backwards() -> None:
    assert long_form_start("LoRA", "we use Low-Rank Adaptation") == 7
    assert long_form_start("ViT", "the Vision Transformer") == 4
    assert long_form_start("XYZ", "no such letters here") is None


def test_long_form_does_not_start_with_a_function_word(process) -> None:
    assert pairs(process("Foundation models such as Segment Anything (SAM) help.")) == []
    assert pairs(process("Data from The Cancer Genome Atlas (TCGA) is used.")) == [("TCGA", "The Cancer Genome Atlas")]


@pytest.mark.parametrize(("text", "expected"), [
    ("What makes a good Large Language Model (LLM)?", [("LLM", "Large Language Model")]),
    ("We estimate mutual information (MI) and use machine learning (ML).",
     [("MI", "mutual information"), ("ML", "machine learning")]),
    ("Masked Image Modeling (MIM) helps class-incremental learning (CIL).",
     [("MIM", "Masked Image Modeling"), ("CIL", "class-incremental learning")]),
    ("It holds in Phase (II) and Stage (IV) of training.", []),
])
def test_short_forms_made_of_roman_numeral_letters(process, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(process(text)) == expected


def test_a_list_in_parentheses_defines_nothing(process) -> None:
    doc = process(
        "Experiments on datasets (cifar10, cifar100, ImageNet) and search algorithms (DARTS, SNAS, RSPS) agree."
    )
    assert pairs(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "We compare datasets (CIFAR-10 and more) and search algorithms (DARTS) here.",
        "We compare dense, adaptive, robust and tiny setups (DARTS) here.",
    ],
)
def test_a_long_form_is_one_noun_phrase(process, text: str) -> None:
    assert pairs(process(text)) == []


def test_initials_that_spell_the_short_form_win_over_the_shortest_walk(process) -> None:
    doc = process("A penalty in policy optimization algorithms like Proximal Policy Optimization (PPO) helps.")
    assert pairs(doc) == [("PPO", "Proximal Policy Optimization")]
