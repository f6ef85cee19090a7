"""Reading the gold formats: SciERC PTB tokens back to prose, TDMSci offsets back to text, bad input named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.training.align import AlignmentStats, aligned_docs
from kg.training.corpus import CorpusError, detokenize, read_scierc, read_tdmsci
from kg.training.scirex_corpus import dev_sentences, read_scirex, training_sentences, training_texts
from kg.extract.tokenizer import blank_nlp

from ner_paths import FIXTURES


def test_scierc_text_undoes_ptb_escapes_and_keeps_nested_spans() -> None:
    doc = next(read_scierc(FIXTURES / "scierc_small.json"))
    assert doc.text == "We propose a neural parser (NP) for machine translation. It improves BLEU on WMT data."
    surfaces = sorted((doc.text[s.start:s.end], s.label) for s in doc.spans)
    assert surfaces == [
        ("BLEU", "Metric"), ("It", "Generic"), ("NP", "Method"), ("WMT data", "Material"),
        ("machine translation", "Task"), ("neural", "OtherScientificTerm"), ("neural parser", "Method"),
    ]


def test_detokenize_offsets_point_at_each_token() -> None:
    tokens = ["The", "``", "state-of-the-art", "''", "results", "-LRB-", "e.g.", "5", "%", "-RRB-", "."]
    text, offsets = detokenize(tokens)
    assert text == 'The "state-of-the-art" results (e.g. 5%).'
    assert [text[a:b] for a, b in offsets] == ["The", '"', "state-of-the-art", '"', "results", "(", "e.g.", "5",
                                                "%", ")", "."]


def test_tdmsci_offsets_glue_split_hyphens_and_bio_becomes_spans() -> None:
    first, second = read_tdmsci(FIXTURES / "tdmsci_small.conll")
    assert first.text == "We study named entity recognition on CoNLL-2003."
    assert [(first.text[s.start:s.end], s.label) for s in first.spans] == [
        ("named entity recognition", "TASK"), ("CoNLL-2003", "DATASET")]
    assert second.text == "F1 score improves."
    assert [(second.text[s.start:s.end], s.label) for s in second.spans] == [("F1 score", "METRIC")]


def test_alignment_keeps_the_longest_of_nested_spans_as_entities_and_all_as_spans() -> None:
    stats = AlignmentStats()
    doc = next(aligned_docs(blank_nlp(), read_scierc(FIXTURES / "scierc_small.json"), stats))
    assert "neural parser" in [e.text for e in doc.ents] and "neural" not in [e.text for e in doc.ents]
    assert len(doc.spans["sc"]) == 7
    assert stats.as_dict() == {"docs": 1, "spans": 7, "unalignable": 0, "dropped_overlap": 1}


def test_span_inside_a_token_is_counted_unalignable(tmp_path: Path) -> None:
    # TDMSci splits "BLEU/TER"-style words; a gold span ending inside one of our tokens cannot be an entity.
    path = tmp_path / "inside.conll"
    path.write_text("named\t0\tB-TASK\n-\t5\tI-TASK\nentity\t6\tO\n", encoding="utf-8")
    stats = AlignmentStats()
    doc = next(aligned_docs(blank_nlp(), read_tdmsci(path), stats))
    assert [t.text for t in doc] == ["named-entity"]
    assert (stats.spans, stats.unalignable) == (1, 1)
    assert list(doc.ents) == []


def test_bad_scierc_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text((FIXTURES / "scierc_small.json").read_text(encoding="utf-8") + '{"sentences": [["x"]]}\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.json:3: not a SciERC record"):
        list(read_scierc(path))


def test_bad_tdmsci_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("We\t0\tO\nstudy here\tO\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.conll:2: expected"):
        list(read_tdmsci(path))


def test_detokenize_glues_hyphens_between_words_only_when_asked() -> None:
    tokens = ["end", "-", "to", "-", "end", "results", ",", "-", "see"]
    assert detokenize(tokens)[0] == "end - to - end results, - see"
    text, offsets = detokenize(tokens, glue_hyphens=True)
    assert text == "end-to-end results, - see"
    assert [text[a:b] for a, b in offsets] == tokens


def test_scirex_abstract_is_the_first_section_without_its_heading_marker() -> None:
    (doc,) = read_scirex(FIXTURES / "scirex_small.jsonl", "train", "abstract")
    assert doc.text == "V-Net for image segmentation. We train V-Net end-to-end on PROMISE12."
    assert [(doc.text[s.start:s.end], s.label) for s in doc.spans] == [
        ("V-Net", "Method"), ("image segmentation", "Task"), ("V-Net", "Method"), ("PROMISE12", "Material")]


def test_scirex_reads_only_the_asked_part_of_the_split() -> None:
    path = FIXTURES / "scirex_small.jsonl"
    sections = list(read_scirex(path, "train", "section"))
    assert [doc.key for doc in sections] == ["paper-e:section:0", "paper-e:section:1"]
    assert sections[1].text == "Results Dice score improves. It is fast."
    assert [(sections[1].text[s.start:s.end], s.label) for s in sections[1].spans] == [("Dice score", "Metric")]
    assert [doc.text for doc in read_scirex(path, "dev", "abstract")] == ["BERT for question answering."]
    assert [doc.text for doc in read_scirex(path, "test", "abstract")] == ["Test paper on question answering."]


def test_scirex_training_sentences_hold_a_mention_and_come_from_train_papers() -> None:
    sentences = training_sentences(FIXTURES / "scirex_small.jsonl")
    assert [doc.key for doc in sentences] == ["paper-e:sentence:0", "paper-e:sentence:1", "paper-e:sentence:2"]
    assert [doc.key for doc in training_sentences(FIXTURES / "scirex_small.jsonl", limit=2)] == [
        "paper-e:sentence:0", "paper-e:sentence:1"]


def test_scirex_training_texts_are_every_sentence_of_the_train_papers_only() -> None:
    # paper-e is the fixture's one 'train' paper; its last sentence holds no mention but is text all the same.
    assert training_texts(FIXTURES / "scirex_small.jsonl") == [
        "V-Net for image segmentation.", "We train V-Net end-to-end on PROMISE12.", "Results Dice score improves.",
        "It is fast."]


def test_scirex_dev_sentences_keep_those_without_mentions_and_only_dev_papers(tmp_path: Path) -> None:
    assert [doc.key for doc in dev_sentences(FIXTURES / "scirex_small.jsonl")] == ["paper-a:sentence:0"]
    path = tmp_path / "dev.jsonl"
    # paper-a falls in the 'dev' part of the split; its middle sentence holds no mention.
    record = {"doc_id": "paper-a", "words": "document : BERT for QA . It works . We use SQuAD .".split(),
              "sections": [[0, 13]], "sentences": [[0, 6], [6, 9], [9, 13]],
              "ner": [[2, 3, "Method"], [4, 5, "Task"], [11, 12, "Material"]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    sentences = dev_sentences(path)
    assert [(doc.text, len(doc.spans)) for doc in sentences] == [
        ("BERT for QA.", 2), ("It works.", 0), ("We use SQuAD.", 1)]
    assert [doc.text for doc in dev_sentences(path, limit=2)] == ["BERT for QA.", "It works."]


def test_scirex_bad_record_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "paper-e", "words": []}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="bad.jsonl:1"):
        list(read_scirex(bad, "train", "abstract"))
