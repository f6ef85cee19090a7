"""Repair NER spans that cut through a bracket pair.

The NER sometimes stops inside a parenthetical ("SHAP (Shapley Additive Explanations") or starts in the
middle of one ("image or class)"). Such names are unreadable nodes that never merge with the right ones,
so before a span becomes a mention it is extended to the closing bracket right after it, or cut back to
its first balanced part.
"""

from __future__ import annotations

from spacy.tokens import Doc

PAIRS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}


def balanced_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) with balanced brackets, or None when no readable part is left."""
    unmatched = _unmatched_brackets(doc, start, end)
    if not unmatched:
        return (start, end) if _balanced_text(doc[start:end].text) else None
    if len(unmatched) == 1 and end < len(doc) and doc[end].text == PAIRS.get(doc[unmatched[0]].text):
        return start, end + 1
    bounds = [start - 1, *unmatched, end]
    pieces = [(left + 1, right) for left, right in zip(bounds, bounds[1:]) if right - left > 1]
    if not pieces:
        return None
    piece_start, piece_end = pieces[0]  # what precedes a bracket is the name; the bracket explains it
    return (piece_start, piece_end) if _balanced_text(doc[piece_start:piece_end].text) else None


def _unmatched_brackets(doc: Doc, start: int, end: int) -> list[int]:
    """Token positions of brackets with no partner inside [start, end)."""
    opened: list[int] = []
    unmatched: list[int] = []
    for position in range(start, end):
        text = doc[position].text
        if text in PAIRS:
            opened.append(position)
        elif text in CLOSERS:
            if opened and doc[opened[-1]].text == CLOSERS[text]:
                opened.pop()
            else:
                unmatched.append(position)
    return sorted(unmatched + opened)


def _balanced_text(text: str) -> bool:
    """Brackets inside tokens (e.g. LaTeX such as "\\(W\\") count too."""
    return all(text.count(open_) == text.count(close) for open_, close in PAIRS.items())


def without_defining_parenthetical(
    doc: Doc, start: int, end: int, definitions: list[tuple[tuple[int, int], tuple[int, int]]]
) -> tuple[int, int]:
    """"Low-Rank Adaptation (LoRA)" as one span -> "Low-Rank Adaptation".

    When the span ends with a parenthetical that the abbreviation detector paired with the words right
    before it, the pair is already recorded (and merges the two names corpus-wide); a node named with both
    would merge with neither.
    """
    if end - start < 4 or doc[end - 1].text != ")":
        return start, end
    opening = _opening_of(doc, start, end - 1)
    if opening is None or opening == start:
        return start, end
    inside = (opening + 1, end - 1)
    for short, long in definitions:
        for bracketed, before in ((short, long), (long, short)):
            if bracketed == inside and before[1] == opening:  # "before" may start ahead of the span
                return start, opening
    return start, end


def _opening_of(doc: Doc, start: int, closing: int) -> int | None:
    """Position of the "(" that the ")" at `closing` closes, searching back to `start`."""
    depth = 0
    for position in range(closing, start - 1, -1):
        if doc[position].text == ")":
            depth += 1
        elif doc[position].text == "(":
            depth -= 1
            if depth == 0:
                return position
    return None
