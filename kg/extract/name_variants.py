"""Named variants of a method or dataset the paper names: "CornerNet-Saccade" and "CornerNet-Squeeze" beside
CornerNet, "BERT-Large" beside BERT, "ImageNet-R" beside ImageNet.

The NER reads names in context and misses some of them: in the CornerNet-Lite abstract it tags CornerNet
three times but neither of the two variants the paper is about. A word that is a name the paper already
mentions, a hyphen and a named suffix (a capital or a digit in it, or a size word such as "large") is a
variant of the same kind. A modifier after the hyphen ("CNN-based", "BERT-style", "ImageNet-pretrained",
"ImageNet-scale") makes no variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.extract.keys import AFTER_A_NAME
from kg.model import DATASET, METHOD

VARIANT_KINDS = frozenset({METHOD, DATASET})
# Lower-case suffixes that name a size of a model: "BERT-base", "T5-large", "ViT-tiny".
SIZE_WORDS = frozenset({"base", "large", "small", "tiny", "mini", "lite", "medium", "xl", "xxl", "huge"})


def variant_spans(doc: Doc, named: dict[str, str], taken: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every one-word variant of a name in `named` (its text -> its kind) that overlaps
    no span in `taken`."""
    occupied = {i for start, end in taken for i in range(start, end)}
    for token in doc:
        head, _, suffix = token.text.partition("-")
        kind = named.get(head)
        if kind is None or not suffix or token.i in occupied:
            continue
        if all(_names_a_variant(part) for part in suffix.split("-")):
            yield token.i, token.i + 1, kind


def _names_a_variant(part: str) -> bool:
    lower = part.lower()
    if not part or lower in AFTER_A_NAME or lower.endswith("ed"):
        return False
    return lower in SIZE_WORDS or any(ch.isupper() or ch.isdigit() for ch in part)
