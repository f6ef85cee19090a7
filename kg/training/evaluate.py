"""Run a pipeline over gold documents and score its entities against the gold spans."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg.training.corpus import GoldDoc
from kg.training.scoring import SpanKey, SpanScores


def predicted_spans(doc: Doc, relabel: Callable[[str], str | None]) -> set[SpanKey]:
    """The doc's entities as character spans in the gold label set (None drops a label)."""
    spans: set[SpanKey] = set()
    for ent in doc.ents:
        label = relabel(ent.label_)
        if label is not None:
            spans.add((ent.start_char, ent.end_char, label))
    return spans


def evaluate(
    nlp: Language,
    gold_docs: Iterable[GoldDoc],
    labels: tuple[str, ...],
    relabel: Callable[[str], str | None] = lambda label: label,
    batch_size: int = 64,
) -> SpanScores:
    """Exact-span scores of `nlp`'s entities on `gold_docs`, over the gold label set `labels`."""
    scores = SpanScores(labels)
    gold_list = list(gold_docs)
    for gold, doc in zip(gold_list, nlp.pipe((g.text for g in gold_list), batch_size=batch_size)):
        gold_spans = {(span.start, span.end, span.label) for span in gold.spans}
        scores.add(gold_spans, predicted_spans(doc, relabel))
    return scores
