"""How much an item two papers share says about them being related, from its kind and the shape of its name.

A shared dataset, task or named method ("CIFAR-10", "Penn Treebank", "LoRA") tells a reader the two
papers work on the same thing; a shared word everybody uses ("features", "Accuracy", "Meanwhile") tells
nothing, however rare the extractor made it look. Frequency alone cannot tell them apart in a small graph,
so linking multiplies an item's rarity by this factor (0 = never links, 1 = full weight):

- **named**: the name or an alias has a digit, an inner capital ("CIFAR-10", "ImageNet", "LoRA", and
  acronyms: "Long Short-Term Memory" is also written "LSTM", a term of art), or a word outside the
  common-word list the gazetteer ships (the lower-case words of SciERC/TDMSci text, so "Cityscapes" or
  "Wasserstein" are named) — full weight. Broad terms of art ("CNN", "ML") are named too: their
  frequency, not their shape, discounts them;
- **generic phrase**: several words, all common ("neural network", "downstream task") — `GENERIC_PHRASE`;
- **bare short acronym**: "AD" with no long form is Alzheimer's disease in one paper and anomaly
  detection in the next — also `GENERIC_PHRASE`;
- **generic word**: one common word ("features", "images", "Accuracy", "Meanwhile") — never links.

A building block is discounted whatever its shape: Batch Normalization, Adam or ImageNet may be in two
papers of a small graph and look specific, yet a quarter of all deep-learning papers name them somewhere.
The share of 143 reference papers (SciREX train and dev full texts, `building_blocks.json`, written by
scripts/build_building_blocks.py) that name a listed method, dataset or metric scales it from full
weight at `BLOCK_FREE` down to none at `BLOCK_FULL`; tasks are what papers are about and keep theirs.

The kind scales it: datasets, tasks, methods and repositories count fully; metrics and concepts half (a
metric or a concept is shared by unrelated work far more often than a dataset is), and code owners half
too: an owner is a person or a lab, and one group's papers span topics (a blind judge found links resting
on an owner alone weak or unrelated), so an owner adds to a topic two papers share but links nothing alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import networkx as nx

from kg.model import CODE_OWNER, CONCEPT, DATASET, METHOD, METRIC, REPOSITORY, TASK

GENERIC_PHRASE = 0.5
KIND_FACTOR = {
    DATASET: 1.0, TASK: 1.0, METHOD: 1.0, REPOSITORY: 1.0,
    METRIC: 0.5, CONCEPT: 0.5, CODE_OWNER: 0.5,
}
# Shares of the reference papers naming a listed method, dataset or metric: at or below BLOCK_FREE full
# weight, at or above BLOCK_FULL none (Batch Normalization 0.24, ImageNet 0.30, Adam 0.28; COCO 0.13 keeps 0.6).
BLOCK_FREE = 0.05
BLOCK_FULL = 0.25
BLOCK_KINDS = frozenset({METHOD, DATASET, METRIC})
_WORD = re.compile(r"[^\W_]+")
_NAME_MARK = re.compile(r"\d|\w[A-Z]")  # a digit or an inner capital: "CIFAR-10", "LoRA", "BERT"
_SHORT_ACRONYM = re.compile(r"[A-Z]{2,3}s?(?![\w-])")
_BRACKETED = re.compile(r"\([^)]*\)")  # "Convolutional Neural Network (CNN) architecture"


@cache
def common_words() -> frozenset[str]:
    """The common-word list shipped in the gazetteer file (read here rather than through
    kg.extract.gazetteer, which would load spaCy into every command that reads a graph)."""
    path = resources.files("kg") / "resources" / "gazetteer" / "gazetteer.json"
    return frozenset(json.loads(path.read_text(encoding="utf-8")).get("common_words", ()))


@cache
def building_block_shares() -> dict[str, float]:
    """Listed name -> share of the reference papers that name it (only shares of 5% or more are shipped)."""
    path = resources.files("kg") / "resources" / "gazetteer" / "building_blocks.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["share"])


def building_block_factor(kind: str, name: str) -> float:
    """1 for a topic, down to 0 for a building block most papers name (see the module docstring)."""
    share = building_block_shares().get(name) if kind in BLOCK_KINDS else None
    if share is None or share <= BLOCK_FREE:
        return 1.0
    return max(0.0, (BLOCK_FULL - share) / (BLOCK_FULL - BLOCK_FREE))


def is_short_acronym(text: str) -> bool:
    """"AD", "NCs": two or three capitals, which different papers expand differently."""
    return bool(_SHORT_ACRONYM.fullmatch(text))


def starts_with_short_acronym(text: str) -> bool:
    """"AD", "AD models": a mention that leans on a short acronym rather than a long form."""
    return bool(_SHORT_ACRONYM.match(text))


def name_factor(forms: list[str], vocabulary: frozenset[str]) -> float:
    """1 for a name, `GENERIC_PHRASE` for a phrase of common words or a bare short acronym, 0 for
    one common word."""
    if all(map(is_short_acronym, forms)):
        return GENERIC_PHRASE
    forms = [_BRACKETED.sub(" ", form) for form in forms]
    if any(_NAME_MARK.search(form) for form in forms):
        return 1.0
    words = [_WORD.findall(form.lower()) for form in forms]
    seen = {word for form_words in words for word in form_words}
    if not seen:
        return 0.0
    if not seen <= vocabulary:
        return 1.0
    return GENERIC_PHRASE if any(len(form_words) > 1 for form_words in words) else 0.0


def item_specificity(G: nx.DiGraph, item: str) -> float:
    """The factor (0..1) by which `item`'s rarity counts when it is shared by two papers."""
    data = G.nodes[item]
    return specificity_of(data["type"], data.get("name", ""), data.get("aliases", ()))


def specificity_of(kind: str, name: object, aliases: Iterable[object]) -> float:
    """`item_specificity` from a node's type, name and aliases, for callers that hold node rows, not a graph."""
    factor = KIND_FACTOR.get(kind, 0.0)
    if kind in (REPOSITORY, CODE_OWNER) or not factor:
        return factor
    forms = [str(name), *map(str, aliases)]
    return factor * name_factor(forms, common_words()) * building_block_factor(kind, str(name))
