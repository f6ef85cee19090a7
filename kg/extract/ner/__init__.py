"""kg's statistical NER: one spaCy pipeline trained on SciERC + TDMSci + SciREX, shipped in kg/resources/ner.

`kg train ner --members N` writes a vote of N models instead (kg_ner_vote), which spaCy finds through the import below.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from kg.extract.ner import vote as _vote  # noqa: F401  registers the kg_ner_vote factory the shipped model uses

MODEL_DIR: Path = Path(__file__).resolve().parents[2] / "resources" / "ner"


@cache
def load_ner() -> Language:
    """The shipped NER pipeline (kg's tokenizer + tok2vec + ner), loaded once per process, no network."""
    if not (MODEL_DIR / "config.cfg").is_file():
        raise FileNotFoundError(f"{MODEL_DIR}: no trained NER pipeline here; run `kg train ner` to build one")
    return spacy.load(MODEL_DIR)
