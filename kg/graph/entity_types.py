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


class TypeTally:
    """One entity's vote so far: per label, the papers whose own majority it is, and its mentions.

    What `corpus_type` decides from, gathered one paper at a time, so a corpus read in pieces needs no
    (paper, label) entry per mention.
    """

    def __init__(self) -> None:
        self.papers: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()

    def add_paper(self, labels: Counter[str]) -> None:
        """One paper's mentions of the entity, counted by label."""
        self.papers[min(labels, key=lambda label: (-labels[label], _type_order(label)))] += 1
        self.mentions.update(labels)

    def kind(self) -> str:
        """The label with most papers; ties by mentions, then by type order."""
        if not self.mentions:
            raise ValueError("no votes: an entity needs at least one mention")
        return min(self.mentions, key=lambda label: (-self.papers[label], -self.mentions[label], _type_order(label)))


def corpus_type(votes: Counter[tuple[str, str]]) -> str:
    """Majority over papers of each paper's own majority label; ties by mentions, then by type order."""
    by_paper: dict[str, Counter[str]] = defaultdict(Counter)
    for (paper_id, label), count in votes.items():
        by_paper[paper_id][label] += count
    tally = TypeTally()
    for labels in by_paper.values():
        tally.add_paper(labels)
    return tally.kind()
