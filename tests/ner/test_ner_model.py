"""The shipped pipeline: loads offline from the package, uses kg's tokenizer, extracts deterministically."""

from __future__ import annotations

import os
import subprocess
import sys

from kg.extract.ner import MODEL_DIR, load_ner
from kg.extract.ner.labels import MODEL_LABELS
from kg.extract.tokenizer import blank_nlp

TEXTS = [
    "We propose a graph neural network for node classification and evaluate it on Cora with accuracy.",
    "Low-Rank Adaptation (LoRA) fine-tunes ResNet-50 on CIFAR-10; it reaches state-of-the-art top-1 accuracy.",
    "This paper studies machine translation on the WMT14 English-German benchmark using BLEU.",
]

# Runs in a fresh interpreter with every socket connection refused.
_OFFLINE_SCRIPT = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network disabled for this test")
socket.socket.connect = refuse
socket.create_connection = refuse
import spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print("|".join(f"{e.start_char}:{e.end_char}:{e.label_}" for e in doc.ents))
"""


def ents(texts: list[str], batch_size: int) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in load_ner().pipe(texts, batch_size=batch_size)]


def test_shipped_pipeline_is_small_and_complete() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024
    nlp = load_ner()
    assert nlp.pipe_names == ["tok2vec", "ner"]  # one model, not a vote: docs/ner.md
    assert set(nlp.get_pipe("ner").labels) == set(MODEL_LABELS)
    assert load_ner() is nlp  # cached: loaded once per process


def test_shipped_pipeline_tokenizes_like_blank_nlp() -> None:
    text = " ".join(TEXTS)
    assert [t.text for t in load_ner().make_doc(text)] == [t.text for t in blank_nlp()(text)]
    assert "state-of-the-art" in [t.text for t in load_ner().make_doc(text)]


def test_loads_and_runs_with_network_refused() -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "SPACY_WARNING_IGNORE": ""}
    result = subprocess.run([sys.executable, "-c", _OFFLINE_SCRIPT, str(MODEL_DIR), TEXTS[0]],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    in_process = "|".join(f"{s}:{e}:{label}" for s, e, label in ents(TEXTS[:1], 1)[0])
    assert result.stdout.strip() == in_process


def test_extraction_is_deterministic_across_batching_and_calls() -> None:
    first = ents(TEXTS, batch_size=64)
    assert first == ents(TEXTS, batch_size=1)
    assert first == ents(list(reversed(TEXTS)), batch_size=2)[::-1]
    assert any(first)  # the model finds something in text like this


def test_default_extraction_pipeline_runs_the_shipped_model_whole() -> None:
    """The config-built default pipeline sources the model's components: its entities are the model's own.

    Sourcing only a listening `ner` without the `tok2vec` it listens to gave a pipeline that found nothing.
    """
    from kg.extract.pipeline import build_nlp

    pipeline = build_nlp("default")
    made = [[(e.start_char, e.end_char, e.label_) for e in pipeline.make_doc(text).ents] for text in TEXTS]
    assert made == [[] for _ in TEXTS]  # sanity: no entities before the components run
    found = [[(e.start_char, e.end_char, e.label_) for e in pipeline(text).ents if e.label_ in MODEL_LABELS]
             for text in TEXTS]
    assert found == ents(TEXTS, batch_size=1)
    assert any(found)
