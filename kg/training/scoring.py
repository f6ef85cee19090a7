"""Exact-match span scoring: a prediction counts only with the same start, end and type as a gold span.

Gold may hold nested or overlapping spans (SciERC does); each distinct gold
(start, end, type) is one item to find, so a flat predictor that cannot
produce both of two nested spans loses recall for the one it misses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SpanKey = tuple[int, int, str]


@dataclass(slots=True)
class Counts:
    """True positives, predicted and gold totals for one type (or all)."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass(slots=True)
class SpanScores:
    """Micro and per-type counts over a set of documents, for a fixed label set."""

    labels: tuple[str, ...]
    per_type: dict[str, Counts] = field(default_factory=dict)
    docs: int = 0

    def __post_init__(self) -> None:
        for label in self.labels:
            self.per_type.setdefault(label, Counts())

    def add(self, gold: Iterable[SpanKey], predicted: Iterable[SpanKey]) -> None:
        """Score one document. Spans with labels outside the label set are ignored on both sides."""
        gold_set = {span for span in gold if span[2] in self.per_type}
        predicted_set = {span for span in predicted if span[2] in self.per_type}
        for start, end, label in gold_set:
            self.per_type[label].gold += 1
        for span in predicted_set:
            counts = self.per_type[span[2]]
            counts.predicted += 1
            counts.tp += span in gold_set
        self.docs += 1

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_type.values():
            total.tp += counts.tp
            total.predicted += counts.predicted
            total.gold += counts.gold
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.as_dict(),
            "per_type": {label: self.per_type[label].as_dict() for label in self.labels},
            "docs": self.docs,
        }
