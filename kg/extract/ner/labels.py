"""The NER model's labels, how the gold corpora map onto them, and how they map onto graph types.

The model predicts SciERC's six labels. TDMSci's three are folded in for
training (TASK -> Task, METRIC -> Metric, DATASET -> Material, since SciERC
annotates datasets and corpora as Material) and mapped back for scoring.

Graph types: Generic ("this method", "the approach") names nothing and is
dropped; OtherScientificTerm becomes Concept. Material is broader than
Dataset in SciERC (it also covers "English", "images", "speech"), so a
Material becomes a Dataset only when its text names a dataset: a cue word
("corpus", "benchmark", "dataset", "treebank", ...) or a dataset-like name
(an upper-case or digit-bearing token such as "CIFAR-10", "ImageNet",
"SQuAD"), or a name in capitals word by word ("Street View House Numbers";
not languages: "English German"). Other Materials become Concept, which
kg.extract.mentions does not keep from the NER.
"""

from __future__ import annotations

import re

from kg.extract.languages import LANGUAGES
from kg.model import CONCEPT, DATASET, METHOD, METRIC, TASK

MODEL_LABELS: tuple[str, ...] = ("Task", "Method", "Metric", "Material", "OtherScientificTerm", "Generic")

TDMSCI_TO_MODEL: dict[str, str] = {"TASK": "Task", "METRIC": "Metric", "DATASET": "Material"}
MODEL_TO_TDMSCI: dict[str, str] = {model: tdmsci for tdmsci, model in TDMSCI_TO_MODEL.items()}

GRAPH_TYPE: dict[str, str | None] = {
    "Task": TASK,
    "Method": METHOD,
    "Metric": METRIC,
    "Material": DATASET,  # only when graph_type() sees a dataset; see there
    "OtherScientificTerm": CONCEPT,
    "Generic": None,
}

_DATASET_CUES = re.compile(
    r"\b(?:data\s*sets?|datasets?|corpus|corpora|benchmarks?|treebanks?|test\s*sets?|"
    r"training\s*sets?|dev(?:elopment)?\s*sets?|collections?|challenges?|suites?|splits?)\b",
    re.IGNORECASE,
)
# A name-like token: inner capital ("ImageNet"), all capitals of 2+ ("SQuAD" has
# inner capitals too), or letters with digits ("CIFAR-10", "WMT14").
_NAME_TOKEN = re.compile(r"^(?=.*[A-Za-z])(?:[A-Z0-9][\w.+-]*[A-Z0-9][\w.+-]*|.*[A-Za-z].*\d.*|.*\d.*[A-Za-z].*)$")


_NAME_FILLERS = frozenset({"of", "the", "and", "for", "in", "on", "-"})


def _names_dataset(text: str) -> bool:
    if _DATASET_CUES.search(text):
        return True
    tokens = text.split()
    if any(_NAME_TOKEN.match(token) and not token.isdigit() for token in tokens):
        return True
    words = [token for token in tokens if token.lower() not in _NAME_FILLERS]
    return len(words) >= 2 and all(word[:1].isupper() for word in words) and not all(
        word.lower() in LANGUAGES for word in words
    )


def graph_type(label: str, text: str) -> str | None:
    """The graph node type for a model entity, or None when it should not become a node."""
    if label not in GRAPH_TYPE:
        raise KeyError(f"unknown NER label {label!r}")
    if label == "Material":
        return DATASET if _names_dataset(text) else CONCEPT
    return GRAPH_TYPE[label]
