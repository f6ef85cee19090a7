"""Sentence boundaries for title + abstract documents, set by a few rules over the raw text.

The extractor feeds each paper as one Doc, "title\\n\\nabstract", with the
title's length in `Doc._.title_end`. The title is always exactly one sentence
(evidence from the title quotes the title). In the abstract a sentence ends at
. ! or ? (plus closing quotes/brackets) followed by whitespace and a character
that is not lower case, unless the word before the period is an abbreviation
("et al.", "Fig.", "e.g.") or an initial. No parser: rules are enough for
evidence sentences. spaCy's own "sentencizer" applies much the same rule but
visits every token as a Python object, which cost more (about 1.4 ms per
abstract) than all other rule components together; this one works on the text
with one regex and records the boundaries as offsets.

Results: `Doc._.sentence_bounds` holds (first token, end token, start char,
end char) per sentence, chars without surrounding whitespace; `doc.sents`
yields the same sentences (through spaCy's "sents" user hook).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from kg.extract.offsets import doc_text, token_offsets

# A '.' after one of these words does not end a sentence.
_NO_SPLIT_AFTER = frozenset({
    "al", "fig", "figs", "eq", "eqs", "sec", "ref", "refs", "vs", "cf", "approx", "resp", "no", "tab", "e.g", "i.e",
    "etc", "viz", "incl", "ca", "st", "dr", "prof", "mr", "ms",
})
# A sentence end: . ! ? (plus closing quotes/brackets), whitespace, then no lower-case letter; not a '.' that
# closes one of the words above or an initial ("J. Smith"). The checks behind the '.' run only at candidates.
_END = re.compile(
    r"[.!?]"
    + "".join(rf"(?<!\b(?i:{re.escape(word)})\.)" for word in sorted(_NO_SPLIT_AFTER))
    + r"(?<!\b[A-Z]\.)[\"'\u201d\u2019)\]]*\s+(?=[^\sa-z])"
)


# Sorts after any (token, ...) bounds tuple with the same first token.
_AFTER_ANY = float("inf")


class TitleAwareSentencizer:
    """spaCy component: rule-based sentence starts, the title as its own sentence."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.sentence_bounds = []
            return doc
        text = doc_text(doc)
        starts, ends = token_offsets(doc)
        title_end = doc._.title_end or 0
        start_chars = [0]
        body = title_end
        if title_end:
            while body < len(text) and text[body].isspace():
                body += 1
            if body < len(text):
                start_chars.append(body)
        start_chars += [match.end() for match in _END.finditer(text, body)]
        first_tokens = []
        for char in start_chars:
            index = bisect_left(starts, char)
            if index < len(starts) and starts[index] == char:
                first_tokens.append(index)
        doc._.sentence_bounds = _bounds(text, first_tokens, starts, ends, len(doc))
        # doc.sents reads the bounds through spaCy's user hook: writing SENT_START for every token
        # (Doc.from_array, or Token.is_sent_start, which re-checks the doc each time) costs more.
        doc.user_hooks["sents"] = _sentences
        return doc


def _sentences(doc: Doc) -> Iterator[Span]:
    for first, end, _, _ in doc._.sentence_bounds or ():
        yield doc[first:end]


def _bounds(
    text: str, first_tokens: list[int], starts: Sequence[int], ends: Sequence[int], n_tokens: int
) -> list[tuple[int, int, int, int]]:
    bounds = []
    for number, first in enumerate(first_tokens):
        end_token = first_tokens[number + 1] if number + 1 < len(first_tokens) else n_tokens
        start, end = starts[first], ends[end_token - 1]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            bounds.append((first, end_token, start, end))
    return bounds


def sentence_index(bounds: list[tuple[int, int, int, int]], token: int) -> int:
    """Index into `bounds` of the sentence holding `token` (bounds are sorted and contiguous)."""
    return max(0, bisect_right(bounds, (token, _AFTER_ANY)) - 1)
