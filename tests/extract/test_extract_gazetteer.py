"""The shipped gazetteer file and the matcher component."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.gazetteer import Gazetteer, default_path, load_gazetteer, spelling_variants

REPO = Path(__file__).resolve().parents[2]


def matched(doc) -> list[tuple[str, str, str]]:
    return [(span.text, span.label_, span.kb_id_) for span in doc._.known_names]


def test_shipped_file_loads_with_every_type() -> None:
    gazetteer = load_gazetteer()
    by_type: dict[str, int] = {}
    for entry in gazetteer.entries:
        by_type[entry.type] = by_type.get(entry.type, 0) + 1
    assert by_type["Task"] > 2000 and by_type["Dataset"] > 1000
    assert by_type["Method"] > 250 and by_type["Metric"] > 150 and by_type["Concept"] >= 3
    names = {entry.name for entry in gazetteer.entries}
    assert {"Low-Rank Adaptation", "ImageNet", "CIFAR-10", "CIFAR-100", "BLEU", "Vision Transformer"} <= names


def test_list_noise_is_filtered() -> None:
    gazetteer = load_gazetteer()
    forms = {form for entry in gazetteer.entries for form in entry.forms}
    # Junk and over-general names found in the downloaded lists.
    for junk in ["", "16k", "2k", "Overall", "Test", "Dev", "Open", "Binary", "Classification", "Deep Learning"]:
        assert junk not in forms, junk
    assert not any(form != form.strip() or len(form) < 2 for form in forms)


def test_build_script_reproduces_the_shipped_file(tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "gazetteer.json"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--shared", str(shared), "--out", str(out)],
        check=True, capture_output=True,
    )
    assert out.read_bytes() == default_path().read_bytes()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trained on CIFAR-10 and CIFAR-100.",
         [("CIFAR-10", "Dataset", "CIFAR-10"), ("CIFAR-100", "Dataset", "CIFAR-100")]),
        ("trained on CIFAR10 only.", [("CIFAR10", "Dataset", "CIFAR-10")]),
        ("pre-trained on ImageNet-22k and ImageNet.",
         [("ImageNet-22k", "Dataset", "ImageNet-21k"), ("ImageNet", "Dataset", "ImageNet")]),
        ("we compare BERT and RoBERTa.", [("BERT", "Method", "BERT"), ("RoBERTa", "Method", "RoBERTa")]),
        ("we compare GPT-3 with GPT-3.5.", [("GPT-3", "Method", "GPT-3"), ("GPT-3.5", "Method", "GPT-3.5")]),
        ("plain ViTs and a Vision Transformer.",
         [("ViTs", "Method", "Vision Transformer"), ("Vision Transformer", "Method", "Vision Transformer")]),
        ("we apply low rank adaptation here.", [("low rank adaptation", "Method", "Low-Rank Adaptation")]),
    ],
)
def test_matches_with_canonical_names(process, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert matched(process(text)) == expected


def test_short_and_all_capital_names_match_exact_case_only(process) -> None:
    assert matched(process("Scores on GLUE improve.")) == [("GLUE", "Dataset", "GLUE")]
    assert matched(process("We glue the parts and clip the values.")) == []


@pytest.mark.parametrize(
    ("text", "expected", "english_words"),
    [
        # Datasets: versions apart, a downloaded list's odd name joins its entry (Hutter Prize -> enwik8).
        ("We train on enwik8, the Hutter Prize data and One Billion Word, then Kinetics-400 and Kinetics.",
         [("enwik8", "Dataset", "enwik8"), ("Hutter Prize", "Dataset", "enwik8"),
          ("One Billion Word", "Dataset", "One Billion Word"), ("Kinetics-400", "Dataset", "Kinetics-400"),
          ("Kinetics", "Dataset", "Kinetics")],
         "The kinetics of training and a switchboard of experts."),
        # Methods: a short form joins its full name.
        ("We train with CTC and early stopping, decode with beam search and fine-tune Whisper.",
         [("CTC", "Method", "Connectionist Temporal Classification"), ("early stopping", "Method", "Early Stopping"),
          ("beam search", "Method", "Beam Search"), ("Whisper", "Method", "Whisper")],
         "A whisper of noise and a reptile."),
        # Metrics: each cut-off its own measure.
        ("We report Hits@1, Hits@10 and the expected calibration error (ECE) in bpc.",
         [("Hits@1", "Metric", "Hits@1"), ("Hits@10", "Metric", "Hits@10"),
          ("expected calibration error", "Metric", "Expected Calibration Error"),
          ("ECE", "Metric", "Expected Calibration Error"), ("bpc", "Metric", "Bits per Character")],
         "The ter of the pck."),
    ],
)
def test_widely_used_names_are_known_and_english_words_among_them_match_as_written(
    process, text: str, expected: list[tuple[str, str, str]], english_words: str
) -> None:
    """The curated lists of widely used datasets, methods and metrics (curated.tsv, session 12)."""
    assert matched(process(text)) == expected
    assert matched(process(english_words)) == []



def test_longest_match_wins(process) -> None:
    spans = matched(process("A Vision Transformer beats a plain transformer."))
    assert spans == [
        ("Vision Transformer", "Method", "Vision Transformer"),
        ("transformer", "Method", "Transformer"),
    ]


def test_spelling_variants() -> None:
    assert spelling_variants("CIFAR-10", "Dataset") == ["CIFAR-10", "CIFAR 10", "CIFAR10"]
    assert "Llama-2" in spelling_variants("Llama 2", "Method")
    assert "ViTs" in spelling_variants("ViT", "Method")
    assert "CIFAR-10s" not in spelling_variants("CIFAR-10", "Dataset")  # plurals only for models and concepts


def test_lookup_by_surface_key(tmp_path: Path) -> None:
    entry = {"name": "Low-Rank Adaptation", "type": "Method", "aliases": ["LoRA"], "case_sensitive": ["LoRA"]}
    data = {"entries": [entry]}
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    gazetteer = Gazetteer.read(path)
    assert gazetteer.lookup("low rank adaptations").name == "Low-Rank Adaptation"
    assert gazetteer.lookup("LoRA").name == "Low-Rank Adaptation"
    assert gazetteer.lookup("QLoRA") is None


def test_coined_names_spelling_an_english_word_match_with_exact_case(process) -> None:
    """DeLiVER is a dataset; "deliver" is a verb (scripts/build_gazetteer.py: everyday words of ML prose)."""
    verb = process("Our models deliver strong results on segmentation.")
    assert "DeLiVER" not in {span.kb_id_ for span in verb._.known_names}
    name = process("We evaluate on the DeLiVER benchmark for segmentation.")
    assert "DeLiVER" in {span.kb_id_ for span in name._.known_names}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WSD systems did best in the SemEval workshops.", ("SemEval", "Dataset", "SemEval")),
        ("Testbeds such as SENSEVAL were built for it.", ("SENSEVAL", "Dataset", "Senseval")),
        ("We use the TAC 2008 data set for testing.", ("TAC", "Dataset", "TAC")),
        ("Summaries are scored on DUC data with ROUGE.", ("DUC", "Dataset", "DUC")),
        ("Scenario templates as in MUC are filled.", ("MUC", "Dataset", "MUC")),
        ("Questions come from the TREC collection.", ("TREC", "Dataset", "TREC")),
        ("Systems are trained on WMT data sets.", ("WMT", "Dataset", "WMT")),
    ],
)
def test_evaluation_campaigns_are_datasets(process, text: str, expected: tuple[str, str, str]) -> None:
    """Ninth round: the campaigns' data are what papers evaluate on ("SemEval" was typed Task on dev)."""
    assert expected in matched(process(text))


def test_the_wmt_long_form_leaves_the_task_inside_it(process) -> None:
    """WMT has no long-form alias: "Workshop on Statistical Machine Translation" keeps its task's name."""
    kinds = {kb_id: label for _, label, kb_id in matched(process("The Workshop on Machine Translation (WMT) runs yearly."))}
    assert kinds.get("Machine Translation") == "Task"


def test_a_method_named_by_an_everyday_word_is_not_found_in_its_everyday_sense(process) -> None:
    """Cutout the augmentation is written capitalised; "cutout images" in astronomy are no method (a seed
    paper's wording, which the first methods list took for Cutout)."""
    assert matched(process("We apply Cutout to the inputs.")) == [("Cutout", "Method", "Cutout")]
    assert matched(process("We classify cutout images of galaxies.")) == []
