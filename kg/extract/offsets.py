"""Fast character <-> token lookups on a Doc, without a Python object per token.

spaCy's `Doc.char_span`, `doc.sents`, token iteration and even `doc.text`
(rebuilt from every token on each access) create Python objects per token; on
250-token abstracts that cost more than the whole rule pipeline. Here the text
and the token offsets (one `Doc.to_array` call) are computed once per doc and
cached in `doc.user_data`; lookups are bisections on plain lists. Components
pass token ranges `(start, end)` to each other and make spaCy Spans only when
asked for them (the Doc extensions in kg.extract.components).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TypeVar

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

T = TypeVar("T")
_TEXT_KEY = "kg_text"
_OFFSETS_KEY = "kg_token_offsets"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a doc was made from, sparing the first `doc_text` call."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """(start chars, end chars) of the tokens, as lists."""
    cached = doc.user_data.get(_OFFSETS_KEY)
    if cached is None or len(cached[0]) != len(doc):
        table = doc.to_array([IDX, LENGTH])
        cached = doc.user_data[_OFFSETS_KEY] = (table[:, 0].tolist(), (table[:, 0] + table[:, 1]).tolist())
    return cached


def token_at(doc: Doc, char: int) -> int | None:
    """Index of the first token that starts at or after `char`, or None past the end."""
    starts, _ = token_offsets(doc)
    index = bisect_left(starts, char)
    return index if index < len(starts) else None


def token_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range (first, end) covering exactly the characters start..end, or None if they cut a token."""
    starts, ends = token_offsets(doc)
    first = bisect_left(starts, start)
    last = bisect_left(ends, end)
    if first >= len(starts) or last >= len(ends) or starts[first] != start or ends[last] != end or last < first:
        return None
    return first, last + 1


def range_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens start..end (exclusive), without trailing whitespace."""
    starts, ends = token_offsets(doc)
    return doc_text(doc)[starts[start] : ends[end - 1]]


def word_occurrences(text: str, word: str) -> list[int]:
    """Start offsets of `word` in `text` standing alone (not inside a longer word or a hyphenated one)."""
    found = []
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
            found.append(start)
        start = text.find(word, start + 1)
    return found


def keep_longest(items: list[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """Items whose ranges do not overlap, longest first (the earlier on ties), in text order.

    The rule of spacy.util.filter_spans, on plain tuples instead of Span objects.
    """
    if len(items) < 2:
        return list(items)
    keyed = sorted(((start - end, start, number) for number, (start, end) in enumerate(map(bounds, items))))
    taken = bytearray(max(end for _, end in map(bounds, items)))
    kept = []
    for negative_length, start, number in keyed:
        end = start - negative_length
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, number))
    return [items[number] for _, number in sorted(kept)]
