"""How rule spans, NER spans and abbreviations become mentions (kg/extract/mentions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.training import Example

from kg.extract import ner as ner_package
from kg.extract.mentions import doc_mentions
from kg.extract.pipeline import Extractor, ExtractorUnavailable, build_nlp
from kg.extract.tokenizer import blank_nlp


def span_at(doc, text: str) -> tuple[int, int]:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    return span.start, span.end


def test_ner_spans_beside_rule_spans(process) -> None:
    # In the title, so the NER spans have support (kg.extract.support) and only overlaps decide.
    doc = process(
        "It works.", "We train multi-sample dropout nets and a ResNet-50 on a CIFAR-10 subset for image classification"
    )
    ner = [
        (*span_at(doc, "multi-sample dropout nets"), "Method"),  # strictly contains the gazetteer's "dropout"
        (*span_at(doc, "ResNet-50"), "Dataset"),  # equal to a gazetteer span: the gazetteer's type wins
        (*span_at(doc, "CIFAR-10 subset"), "Dataset"),  # crosses nothing but contains CIFAR-10: kept
        (*span_at(doc, "classification"), "Task"),  # inside the gazetteer's "image classification": dropped
    ]
    found = [(m.text, m.label, m.canonical) for m in doc_mentions(doc, ner)]
    assert found == [
        ("multi-sample dropout nets", "Method", None),
        ("dropout", "Method", "Dropout"),
        ("ResNet-50", "Method", "ResNet-50"),
        ("CIFAR-10", "Dataset", "CIFAR-10"),
        ("CIFAR-10 subset", "Dataset", None),
        ("image classification", "Task", "Image Classification"),
    ]


def test_crossing_ner_span_is_dropped(process) -> None:
    doc = process("A Vision Transformer model works.")
    ner = [(*span_at(doc, "Transformer model works"), "Method")]
    assert [m.text for m in doc_mentions(doc, ner)] == ["Vision Transformer"]


def test_abbreviation_spreads_a_mention_to_both_forms(process) -> None:
    doc = process("We propose Spectral Token Mixing (STMix). STMix is fast, and STMix-2 is not ours.")
    found = [(m.text, m.label, m.proposed) for m in doc_mentions(doc)]
    assert found == [
        ("Spectral Token Mixing", "Method", True),
        ("STMix", "Method", True),
        ("STMix", "Method", True),
    ]


def test_ner_mention_spreads_through_its_abbreviation(process) -> None:
    doc = process("We study graph-based relation extraction (GRE). GRE is hard.")
    ner = [(*span_at(doc, "graph-based relation extraction"), "Task")]
    assert [(m.text, m.label) for m in doc_mentions(doc, ner)] == [
        ("graph-based relation extraction", "Task"),
        ("relation extraction", "Task"),  # the gazetteer's name inside the NER span stays
        ("GRE", "Task"),
        ("GRE", "Task"),
    ]


def test_span_across_sentences_is_dropped(process) -> None:
    doc = process("It uses FooNet. BarNet follows.")
    ner = [(*span_at(doc, "FooNet. BarNet"), "Method")]
    assert doc_mentions(doc, ner) == []


TRAIN = [
    ("We apply conditional sequence tagging to argument mining in essays.",
     [("conditional sequence tagging", "Method"), ("argument mining", "Task"), ("this", "Generic")]),
    ("Our parser is evaluated on the Penn Treebank corpus.",
     [("parser", "Method"), ("Penn Treebank corpus", "Material")]),
]


@pytest.fixture
def tiny_ner_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real (tiny) spaCy NER pipeline with kg's tokenizer, trained on two sentences, installed as kg's model.

    Same layout as the shipped model: one component named "ner" that needs no other (its own tok2vec
    inside), so the default pipeline config can source it alone.
    """
    nlp = blank_nlp()
    nlp.add_pipe("ner")
    examples = []
    for text, entities in TRAIN:
        doc = nlp.make_doc(text)
        spans = [(text.index(s), text.index(s) + len(s), label) for s, label in entities if s in text]
        examples.append(Example.from_dict(doc, {"entities": spans}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(tmp_path)
    monkeypatch.setattr(ner_package, "MODEL_DIR", tmp_path)
    ner_package.load_ner.cache_clear()
    yield tmp_path
    ner_package.load_ner.cache_clear()


def test_default_mode_adds_ner_mentions(tiny_ner_model: Path) -> None:
    shared = ner_package.load_ner()
    extractor = Extractor(build_nlp("default"), "default")
    assert extractor.nlp is not shared and shared.pipe_names == ["ner"]  # the shared one is untouched
    assert extractor.nlp.pipe_names[:2] == ["ner", "kg_sentences_v1"]
    # The first as a title, where the NER's phrases have support (kg.extract.support).
    papers = [("p1", TRAIN[0][0], ""), ("p2", "", TRAIN[1][0])]
    first, second = extractor.extract(papers)
    # The model says Method; the head noun "tagging" names a problem, so kg.extract.typing_rules makes it a Task.
    assert ("conditional sequence tagging", "Task") in [(m.text, m.label) for m in first.mentions]
    assert ("argument mining", "Task") in [(m.text, m.label) for m in first.mentions]
    # The NER's "Penn Treebank corpus" (Material naming a corpus: a Dataset) gives way to the gazetteer's
    # Penn Treebank inside it (kg.extract.specificity.head_remainder); the lone "parser" is no entity.
    assert [(m.text, m.label) for m in second.mentions] == [("Penn Treebank", "Dataset")]
    for mention in first.mentions + second.mentions:
        evidence = mention.evidence
        assert evidence.sentence[evidence.start : evidence.end] == mention.text


def test_default_mode_without_model_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_package, "MODEL_DIR", tmp_path / "missing")
    ner_package.load_ner.cache_clear()
    try:
        with pytest.raises(ExtractorUnavailable, match="trained NER model.*fast"):
            build_nlp("default")
    finally:
        ner_package.load_ner.cache_clear()


def test_fast_pipeline_is_rules_only() -> None:
    assert build_nlp("fast").pipe_names == [
        "kg_sentences_v1", "kg_gazetteer_v1", "kg_abbreviations_v1", "kg_contributions_v1", "kg_code_links_v1",
    ]
