"""`kg train ner` is deterministic: same data and seed give byte-identical weights and identical predictions."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
import srsly
from spacy.tokens import DocBin
from spacy.util import load_config
from typer.testing import CliRunner

from kg.cli import app
from kg.extract.tokenizer import blank_nlp
from kg.training.corpus import read_scierc
from kg.training.train_ner import assemble_vote, prepare_raw_text

from ner_paths import FIXTURES

runner = CliRunner()


def train(out: Path, seed: int) -> Path:
    result = runner.invoke(app, [
        "train", "ner",
        "--scierc", str(FIXTURES / "scierc_small.json"),
        "--dev", str(FIXTURES / "scierc_small.json"),
        "--tdmsci", str(FIXTURES / "tdmsci_small.conll"),
        "--out", str(out), "--seed", str(seed),
        "--pretrain-epochs", "1", "--max-steps", "6", "--members", "1",
    ])
    assert result.exit_code == 0, result.output
    return out


def weights(model: Path) -> dict[str, bytes]:
    return {name: (model / name / "model").read_bytes() for name in ("tok2vec", "ner")}


def predictions(model: Path) -> list[tuple[int, int, str]]:
    nlp = spacy.load(model)
    texts = [doc.text for doc in read_scierc(FIXTURES / "scierc_small.json")]
    return [(e.start_char, e.end_char, e.label_) for doc in nlp.pipe(texts) for e in doc.ents]


def test_same_seed_same_model(tmp_path: Path) -> None:
    first = train(tmp_path / "a", seed=7)
    second = train(tmp_path / "b", seed=7)
    assert weights(first) == weights(second)
    assert predictions(first) == predictions(second)
    report = json.loads((first / "kg-training.json").read_text(encoding="utf-8"))
    assert report["seed"] == 7
    saved = load_config(first / "config.cfg")  # the scratch data paths are not left in the shipped config
    assert [saved["paths"][key] for key in ("train", "dev", "init_tok2vec")] == [None, None, None]
    # TDMSci's first sentence (every tenth from the first) is held out: only "F1 score" is trained on.
    assert report["alignment"]["tdmsci_train"]["spans"] == 1


def test_other_seed_other_weights(tmp_path: Path) -> None:
    assert weights(train(tmp_path / "a", seed=7)) != weights(train(tmp_path / "c", seed=8))


def test_refuses_to_replace_a_folder_that_is_not_a_pipeline(tmp_path: Path) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
                                 "--dev", str(FIXTURES / "scierc_small.json"), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "refusing to replace" in result.output
    assert keep.read_text(encoding="utf-8") == "mine"


def test_members_are_assembled_into_one_deterministic_vote(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        result = runner.invoke(app, [
            "train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
            "--dev", str(FIXTURES / "scierc_small.json"), "--out", str(tmp_path / name),
            "--seed", "3", "--members", "2", "--min-votes", "1", "--max-steps", "6",
        ])
        assert result.exit_code == 0, result.output
        outputs.append(tmp_path / name)
    first, second = outputs
    assert spacy.load(first).pipe_names == ["ner"]
    assert (first / "ner" / "members.msgpack").read_bytes() == (second / "ner" / "members.msgpack").read_bytes()
    report = json.loads((first / "kg-training.json").read_text(encoding="utf-8"))
    assert report["min_votes"] == 1
    assert [member["seed"] for member in report["members"]] == [3, 4]
    assert predictions(first) == predictions(second)


def test_more_votes_than_members_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
                                 "--dev", str(FIXTURES / "scierc_small.json"), "--out", str(tmp_path / "m"),
                                 "--members", "2", "--min-votes", "3"])
    assert result.exit_code != 0
    assert "more than --members" in result.output
    assert not (tmp_path / "m").exists()


def test_a_member_trained_in_a_worker_equals_the_same_seed_trained_alone(tmp_path: Path) -> None:
    common = ["train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
              "--dev", str(FIXTURES / "scierc_small.json"), "--max-steps", "6"]
    voted = runner.invoke(app, [*common, "--out", str(tmp_path / "vote"), "--seed", "3", "--members", "2",
                                "--min-votes", "1", "--jobs", "2"])
    alone = runner.invoke(app, [*common, "--out", str(tmp_path / "alone"), "--seed", "4", "--members", "1"])
    assert voted.exit_code == 0 and alone.exit_code == 0, voted.output + alone.output
    single_vote = assemble_vote([tmp_path / "alone"], tmp_path / "single-vote", min_votes=1)
    stored_vote = srsly.msgpack_loads((tmp_path / "vote" / "ner" / "members.msgpack").read_bytes())
    stored_alone = srsly.msgpack_loads((single_vote / "ner" / "members.msgpack").read_bytes())
    assert stored_vote["members"][1]["weights"] == stored_alone["members"][0]["weights"]
    assert stored_vote["members"][0]["weights"] != stored_alone["members"][0]["weights"]


def test_scirex_train_sentences_join_training(tmp_path: Path) -> None:
    result = runner.invoke(app, [
        "train", "ner",
        "--scierc", str(FIXTURES / "scierc_small.json"), "--dev", str(FIXTURES / "scierc_small.json"),
        "--scirex", str(FIXTURES / "scirex_small.jsonl"),
        "--out", str(tmp_path / "m"), "--max-steps", "4", "--members", "1",
    ])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "m" / "kg-training.json").read_text(encoding="utf-8"))
    # The train paper's three sentences with mentions (five mentions); the dev and test papers stay out.
    assert report["alignment"]["scirex_train"] == {"docs": 3, "spans": 5, "unalignable": 0, "dropped_overlap": 0}


def test_checkpoints_can_be_chosen_on_scirex_dev_sentences(tmp_path: Path) -> None:
    result = runner.invoke(app, [
        "train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
        "--scirex", str(FIXTURES / "scirex_small.jsonl"), "--choose-on", "scirex",
        "--out", str(tmp_path / "m"), "--max-steps", "4", "--members", "1",
    ])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "m" / "kg-training.json").read_text(encoding="utf-8"))
    # The dev paper's one sentence (two mentions) is the dev set; SciERC dev is not read.
    assert report["alignment"]["scirex_dev"] == {"docs": 1, "spans": 2, "unalignable": 0, "dropped_overlap": 0}
    assert "scierc_dev" not in report["alignment"]
    assert "scirex dev F1" in result.output


def test_choosing_on_scirex_without_scirex_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
                                 "--choose-on", "scirex", "--out", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "needs --scirex" in result.output
    assert not (tmp_path / "m").exists()


def test_pretraining_text_takes_the_scirex_train_papers_and_no_dev_or_test_paper(tmp_path: Path) -> None:
    raw = prepare_raw_text(FIXTURES / "scierc_small.json", None, None, tmp_path, scirex=FIXTURES / "scirex_small.jsonl")
    texts = [doc.text for doc in DocBin().from_disk(raw).get_docs(blank_nlp().vocab)]
    scierc = [doc.text for doc in read_scierc(FIXTURES / "scierc_small.json")]
    # The train paper's four sentences, the one without a mention included; the dev paper (BERT for question
    # answering) and the test paper (Test paper on question answering) are scored, so they stay out.
    assert texts == [*scierc, "V-Net for image segmentation.", "We train V-Net end-to-end on PROMISE12.",
                     "Results Dice score improves.", "It is fast."]
    without = prepare_raw_text(FIXTURES / "scierc_small.json", None, None, tmp_path / "plain")
    assert [doc.text for doc in DocBin().from_disk(without).get_docs(blank_nlp().vocab)] == scierc


def test_pretraining_on_scirex_text_is_deterministic_and_changes_the_model(tmp_path: Path) -> None:
    def run(name: str, *extra: str) -> Path:
        result = runner.invoke(app, [
            "train", "ner", "--scierc", str(FIXTURES / "scierc_small.json"),
            "--dev", str(FIXTURES / "scierc_small.json"), "--scirex", str(FIXTURES / "scirex_small.jsonl"),
            "--out", str(tmp_path / name), "--seed", "5", "--max-steps", "4", "--members", "1", *extra,
        ])
        assert result.exit_code == 0, result.output
        return tmp_path / name

    first, second = run("a", "--pretrain-epochs", "1"), run("b", "--pretrain-epochs", "1")
    assert weights(first) == weights(second)
    assert weights(first) != weights(run("c", "--pretrain-epochs", "0"))
