"""Reading SciREX papers: the title and abstract the graph sees, their gold mentions and salient entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.training.corpus import CorpusError
from kg.training.scirex import read_scirex

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "scirex_small.jsonl"


def test_layout_with_document_prefix() -> None:
    paper = next(p for p in read_scirex(SMALL) if p.doc_id == "fixture-a")
    assert paper.title == "BERT for Question Answering"
    # Hyphens split by SciREX's tokenizer are joined again; the body section is not part of the abstract.
    assert paper.abstract == "We fine-tune BERT on SQuAD and report F1. ELMo is a baseline."
    assert [(m.text, m.label) for m in paper.mentions] == [
        ("BERT", "Method"), ("Question Answering", "Task"), ("BERT", "Method"), ("SQuAD", "Material"),
        ("F1", "Metric"), ("ELMo", "Method"),
    ]
    # "BERT___SQuAD" has no mention at all and is not an entity to find; CIFAR-10 is named in the body only.
    salient = {s.name: (s.label, s.texts, s.mentions) for s in paper.salient}
    assert salient == {
        "BERT": ("Method", ["BERT", "BERT"], 2),
        "CIFAR-10": ("Material", [], 1),
        "F1": ("Metric", ["F1"], 1),
        "Question_Answering": ("Task", ["Question Answering"], 1),
        "SQuAD": ("Material", ["SQuAD"], 1),
    }


def test_layout_with_abstract_section() -> None:
    paper = next(p for p in read_scirex(SMALL) if p.doc_id == "fixture-b")
    assert paper.title == "ResNet Image Classification"
    assert paper.abstract == "We train ResNet on ImageNet and measure top-1 accuracy."
    assert ("top-1 accuracy", "Metric") in [(m.text, m.label) for m in paper.mentions]


def test_split_filter_uses_the_fixed_hash_split() -> None:
    # sha1("fixture-a") % 6 == 4 -> train; sha1("fixture-b") % 6 == 0 -> test.
    assert [p.doc_id for p in read_scirex(SMALL, "train")] == ["fixture-a"]
    assert [p.doc_id for p in read_scirex(SMALL, "test")] == ["fixture-b"]
    assert list(read_scirex(SMALL, "dev")) == []
    with pytest.raises(ValueError, match="unknown SciREX split"):
        list(read_scirex(SMALL, "heldout"))


def test_bad_record_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SMALL.read_text(encoding="utf-8").splitlines()[0] + "\n{\"doc_id\": \"x\"}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl:2: not a SciREX record"):
        list(read_scirex(bad))


def test_gold_doc_spans_point_at_the_mentions() -> None:
    paper = next(p for p in read_scirex(SMALL) if p.doc_id == "fixture-b")
    gold = paper.gold_doc()
    # Title and abstract are joined as the extractor joins them.
    assert gold.text == "ResNet Image Classification\n\nWe train ResNet on ImageNet and measure top-1 accuracy."
    assert [(gold.text[s.start:s.end], s.label) for s in gold.spans] == [
        ("ResNet", "Method"), ("Image Classification", "Task"), ("ResNet", "Method"), ("ImageNet", "Material"),
        ("top-1 accuracy", "Metric")]
