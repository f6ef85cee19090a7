"""The graph type of an entity node, decided across the whole corpus.

One paper that mentions "GLIDE" five times as a dataset should not outvote three papers that use it as a
method, so every paper votes once, with the label it gives the entity most often. The type with the most
papers wins; ties go to the type with more mentions, then to the order Method, Dataset, Task, Metric,
Concept. A gazetteer entry's type overrides the vote (the caller passes it). The result depends only on
the multiset of (paper, label) votes, never on which mention came first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.model import ENTITY_TYPES


class TypeVotes:
    """(paper, label) counts per surface key, summed over a node's keys when its type is decided."""

    def __init__(self) -> None:
        self._votes: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)

    def add(self, key: str, paper_id: str, label: str) -> None:
        self._votes[key][(paper_id, label)] += 1

    def labels(self, keys: Iterable[str]) -> Counter[tuple[str, str]]:
        """The (paper, label) counts of all `keys` together."""
        merged: Counter[tuple[str, str]] = Counter()
        for key in keys:
            merged.update(self._votes.get(key, {}))
        return merged


def _type_order(label: str) -> int:
    return ENTITY_TYPES.index(label) if label in ENTITY_TYPES else len(ENTITY_TYPES)


def corpus_type(votes: Counter[tuple[str, str]]) -> str:
    """Majority over papers of each paper's own majority label; ties by mentions, then by type order."""
    if not votes:
        raise ValueError("no votes: an entity needs at least one mention")
    by_paper: dict[str, Counter[str]] = defaultdict(Counter)
    mentions: Counter[str] = Counter()
    for (paper_id, label), count in votes.items():
        by_paper[paper_id][label] += count
        mentions[label] += count
    papers: Counter[str] = Counter()
    for labels in by_paper.values():
        papers[min(labels, key=lambda label: (-labels[label], _type_order(label)))] += 1
    return min(mentions, key=lambda label: (-papers[label], -mentions[label], _type_order(label)))
