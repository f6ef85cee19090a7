"""Gold character spans mapped onto kg's tokenizer, for training data.

A gold span whose edges fall inside one of our tokens cannot be an entity of
ours; it is counted as unalignable (and left out of training), never stretched.
Nested or overlapping gold spans cannot all be flat entities: the flat view
keeps the longest of each overlapping group (spaCy's `filter_spans`), the
full set stays in `doc.spans[SPANS_KEY]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.training.corpus import GoldDoc

SPANS_KEY = "sc"


@dataclass(slots=True)
class AlignmentStats:
    """How many gold spans made it onto our tokens."""

    docs: int = 0
    spans: int = 0
    unalignable: int = 0
    dropped_overlap: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"docs": self.docs, "spans": self.spans, "unalignable": self.unalignable,
                "dropped_overlap": self.dropped_overlap}


def aligned_docs(
    nlp: Language,
    gold_docs: Iterable[GoldDoc],
    stats: AlignmentStats,
    relabel: Callable[[str], str | None] = lambda label: label,
    outside: str = "outside",
) -> Iterator[Doc]:
    """Tokenize each gold text with `nlp` and attach the gold spans that align exactly.

    `relabel` maps a corpus label to the model's label (None drops the span).
    `outside` is what tokens outside the gold entities are: "outside" (known
    not to be an entity) or "missing" (unknown: for a corpus that annotates
    only some of the model's types, such as TDMSci).
    """
    for gold in gold_docs:
        doc = nlp.make_doc(gold.text)
        spans: list[Span] = []
        seen: set[tuple[int, int, str]] = set()
        for gold_span in gold.spans:
            label = relabel(gold_span.label)
            if label is None:
                continue
            stats.spans += 1
            span = doc.char_span(gold_span.start, gold_span.end, label=label, alignment_mode="strict")
            if span is None:
                stats.unalignable += 1
                continue
            key = (span.start, span.end, label)
            if key not in seen:
                seen.add(key)
                spans.append(span)
        flat = filter_spans(spans)
        stats.dropped_overlap += len(spans) - len(flat)
        doc.set_ents(flat, default=outside)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.label_))
        stats.docs += 1
        yield doc
