"""NER test fixtures: fixture file paths and a deterministic rule-based predictor for scorer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.tokenizer import blank_nlp

from ner_paths import FIXTURES  # noqa: F401  (fixtures below read it too)

# What the rule predictor tags, chosen so every kind of hit and miss occurs in the fixtures.
RULE_PATTERNS = [
    {"label": "Method", "pattern": "neural parser"},  # SciERC: correct
    {"label": "Method", "pattern": "NP"},  # SciERC: correct
    {"label": "Method", "pattern": "machine translation"},  # SciERC: right span, wrong type (gold Task)
    {"label": "Metric", "pattern": "BLEU"},  # SciERC: correct
    {"label": "Material", "pattern": "WMT"},  # SciERC: wrong span (gold "WMT data")
    {"label": "Task", "pattern": "named entity recognition"},  # TDMSci: correct
    {"label": "Material", "pattern": "CoNLL-2003"},  # TDMSci: correct (Material scores as DATASET)
    {"label": "Metric", "pattern": "F1"},  # TDMSci: wrong span (gold "F1 score")
    {"label": "Method", "pattern": "study"},  # TDMSci: a type TDMSci does not have, ignored
    {"label": "Task", "pattern": "question answering"},  # SciREX dev and test: correct
    {"label": "Generic", "pattern": "paper"},  # SciREX: a type SciREX does not have, ignored
]


@pytest.fixture(scope="session")
def rule_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved spaCy pipeline (kg tokenizer + EntityRuler) whose predictions are known in advance."""
    nlp: Language = blank_nlp()
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(RULE_PATTERNS)
    path = tmp_path_factory.mktemp("rule-model")
    nlp.to_disk(path)
    return path
