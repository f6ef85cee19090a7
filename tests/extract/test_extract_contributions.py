"""Contribution cues: which names a paper proposes."""

from __future__ import annotations

import pytest


def proposed(doc) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for span in doc._.proposed_names:
        if (span.text, span.label_) not in seen:
            seen.append((span.text, span.label_))
    return seen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We propose HeadGaS, a model that uses 3D Gaussian Splats.", [("HeadGaS", "Method")]),
        ("In this paper we introduce Stain Normalized Pathology Foundational Model, a foundation model.",
         [("Stain Normalized Pathology Foundational Model", "Method")]),
        ("This paper presents an enhanced dropout technique, which we call multi-sample dropout, for training.",
         [("multi-sample dropout", "Method")]),
        ("We propose a new method, SimVQ, that reparameterizes the code vectors.", [("SimVQ", "Method")]),
        ("We propose a novel AD framework: FOcus-the-Discrepancy (FOD), which spots anomalies.",
         [("FOcus-the-Discrepancy", "Method")]),
        ("Moreover, ShapeFormer-2, a novel architecture, is introduced here.", [("ShapeFormer-2", "Method")]),
        ("We introduce GeneCIS, a new benchmark for conditional similarity.", [("GeneCIS", "Dataset")]),
        ("We release a large dataset called DOORS to the community.", [("DOORS", "Dataset")]),
        ("We define a phenomenon we term benign oscillation, which helps.", [("benign oscillation", "Concept")]),
    ],
)
def test_proposed_names(process, text: str, expected: list[tuple[str, str]]) -> None:
    assert proposed(process(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We propose to use BERT for ranking.",
        "We introduce GPT-4 as a judge of answers.",
        "We present results on ImageNet and COCO.",
        "We propose a BERT-based ranking model.",
        "It relies on a regularization technique called dropout.",
        "Dropout (a so-called regularizer) is common.",
        "We study named entity recognition in tweets.",
        "We call such a phenomenon a collapse.",
        "This paper introduces an approach termed Federated Local and Generic Model Training in Fed-LT.",
        "Our code is at https://github.com/a/b, a new repository.",
    ],
)
def test_no_proposal(process, text: str) -> None:
    assert proposed(process(text)) == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting", [("HeadGaS", "Method")]),
        ("Adam: A Method for Stochastic Optimization", [("Adam", "Method")]),
        ("GeneCIS: A Benchmark for General Conditional Image Similarity", [("GeneCIS", "Dataset")]),
        # the description's head says the kind, however far after the colon
        ("SentiHood: Targeted Aspect Based Sentiment Analysis Dataset for Urban Areas", [("SentiHood", "Dataset")]),
        ("DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", [("DeepFM", "Method")]),
        ("Tensor Programs VI: Feature Learning in Infinite-Depth Neural Networks", [("Tensor Programs VI", "Method")]),
        ("Survey: Methods for Everything", []),
        ("Training BatchNorm and Only BatchNorm: On the Expressive Power", []),
        ("Deep Residual Learning: A Study", []),
        ("Rethinking Positive Pairs in Contrastive Learning", []),
    ],
)
def test_title_prefix(process, title: str, expected: list[tuple[str, str]]) -> None:
    assert proposed(process("An abstract without cues.", title=title)) == expected


def test_every_occurrence_of_a_proposed_name(process) -> None:
    doc = process("We propose HeadGaS, a model. HeadGaS is fast. HeadGaS-2 is not ours.", title="HeadGaS: Avatars")
    spans = [(span.text, span.start_char) for span in doc._.proposed_names]
    assert [text for text, _ in spans] == ["HeadGaS", "HeadGaS", "HeadGaS"]


def test_proposed_known_name_is_marked_on_the_gazetteer_mention(extract_one) -> None:
    extraction = extract_one("We propose BERT, a language representation model.", title="BERT: Pre-training")
    berts = [m for m in extraction.mentions if m.text == "BERT"]
    assert len(berts) == 2 and all(m.proposed and m.canonical == "BERT" and m.label == "Method" for m in berts)


def test_unknown_proposed_name_becomes_a_method_mention(extract_one) -> None:
    extraction = extract_one(
        "We propose HeadGaS, a model that uses 3D Gaussian Splats (3DGS) for 3D head reconstruction.",
        title="HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting",
    )
    heads = [m for m in extraction.mentions if m.text == "HeadGaS"]
    assert len(heads) == 2 and all(m.proposed and m.label == "Method" and m.canonical is None for m in heads)
    splats = [m for m in extraction.mentions if m.canonical == "3D Gaussian Splatting"]
    assert splats and not any(m.proposed for m in splats)  # used, not proposed
