"""Abbreviation definitions in the style of Schwartz & Hearst (2003), written for kg.

Two written orders are recognised inside one sentence:
  "Low-Rank Adaptation (LoRA)"  -- long form, then the short form in parentheses;
  "LoRA (Low-Rank Adaptation)"  -- short form, then the long form in parentheses.
The short form's characters must appear, in order, in the long form, its first
character starting a word. The per-document pairs are `definitions(doc)` (token
ranges) and `Doc._.abbreviations` (Span pairs); `kg.graph.canonical` resolves
them across the whole corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from kg.extract.offsets import doc_text, range_text, token_range

USER_DATA_KEY = "kg_abbreviations"
# A definition: (short form token range, long form token range).
Definition = tuple[tuple[int, int], tuple[int, int]]
MAX_SHORT_CHARS = 10
MAX_INNER_CHARS = 200
_OPEN = re.compile(r"\(")
_NON_SPACE = re.compile(r"\S+")
# A short form inside parentheses ends at a nested '(' or at ',' / ';' ("LoRA; Hu et al., 2021").
_INNER_END = re.compile(r"[(,;]")
# Enumerators, not abbreviations: lowercase numerals ("(iii)") or uppercase ones of I, V, X only ("(II)").
# Case-insensitive [ivxlcdm]+ would also refuse LLM, ML, DL, CL, MI, CV, MIM, ...
_ROMAN = re.compile(r"^(?:[ivxlcdm]+|[IVX]+)$")
_WORD_PARTS = re.compile(r"[\s\-/]+")
# Words a long form does not start with ("such as Segment Anything (SAM)"); "the" may ("The Cancer Genome Atlas").
_FUNCTION_WORDS = frozenset({
    "such", "as", "and", "or", "of", "in", "on", "for", "with", "to", "by", "from", "at", "a", "an", "is", "are",
    "was", "were", "be", "that", "which", "this", "these", "those", "we", "our", "its", "their", "using", "via",
    "including", "like", "e.g.", "i.e.",
})
_NOT_IN_LONG_FORM = ("(", ")", "[", "]", ",", ";", ":")
_NOT_SHORT = frozenset({"e.g", "e.g.", "i.e", "i.e.", "cf", "cf.", "etc", "etc.", "ours", "resp", "resp.", "see"})


def is_short_form(text: str) -> bool:
    """Could `text` be an abbreviation? Short, starts alphanumeric, has a capital, not a numeral or citation."""
    if not 2 <= len(text) <= MAX_SHORT_CHARS or len(text.split()) > 2:
        return False
    if not text[0].isalnum() or not any(ch.isupper() for ch in text):
        return False
    if _ROMAN.match(text) or text.lower() in _NOT_SHORT:
        return False
    return not text.replace(".", "").replace(",", "").isdigit()


def long_form_start(short: str, candidate: str) -> int | None:
    """Where the long form of `short` starts inside `candidate` (which ends where the long form ends).

    Walks both strings from the end: every letter or digit of the short form must
    be found, in order, in the candidate; the short form's first character must
    begin a word. Returns the offset of the word holding that first match, or None.
    """
    s_pos = len(short) - 1
    l_pos = len(candidate) - 1
    while s_pos >= 0:
        char = short[s_pos].lower()
        if not char.isalnum():
            s_pos -= 1
            continue
        while l_pos >= 0 and (
            candidate[l_pos].lower() != char
            or (s_pos == 0 and l_pos > 0 and candidate[l_pos - 1].isalnum())
        ):
            l_pos -= 1
        if l_pos < 0:
            return None
        l_pos -= 1
        s_pos -= 1
    return candidate.rfind(" ", 0, l_pos + 1) + 1


def _long_offset(short: str, candidate: str) -> int | None:
    """long_form_start, refusing a long form that starts with a function word ("such as Segment Anything")
    unless the word is "the" ("The Cancer Genome Atlas")."""
    offset = long_form_start(short, candidate)
    if offset is None:
        return None
    first = candidate[offset:].split(maxsplit=1)[0].lower()
    return None if first in _FUNCTION_WORDS else offset


def _initials_offset(short: str, candidate: str) -> int | None:
    """Where the last words of `candidate` start when their initials spell the short form exactly.

    The character walk takes the shortest long form that holds the letters, so "Proximal Policy
    Optimization (PPO)" would give "Policy Optimization" (the second P found inside "Optimization");
    words whose initials are P, P, O are the better reading.
    """
    letters = [ch.lower() for ch in (short[:-1] if short.endswith("s") else short) if ch.isalpha()]
    if len(letters) < 2 or len(letters) != sum(ch.isalnum() for ch in short.rstrip("s")):
        return None  # digits or symbols in the short form: leave it to the walk
    starts = [match.start() for match in _NON_SPACE.finditer(candidate)]
    if len(starts) < len(letters):
        return None
    tail = starts[-len(letters):]
    initials = [candidate[position].lower() for position in tail]
    if initials != letters or candidate[tail[0] :].split(maxsplit=1)[0].lower() in _FUNCTION_WORDS:
        return None
    return tail[0]


def _is_definition(short: str, long: str) -> bool:
    """Sanity checks on a (short, long) pair beyond the character walk.

    The long form is one noun phrase: no brackets or list punctuation inside ("datasets (cifar10,
    cifar100, ImageNet) and search algorithms" is no long form of DARTS). Besides the length limits, at
    least half of the short form's characters must begin words of the long form: "CNNs" is not "conduct
    amounts of experiments in various model families" although its letters occur there in order. The
    capitals of a glued name begin words too ("FacePoseNet (FPN)").
    """
    if any(mark in long for mark in _NOT_IN_LONG_FORM):
        return False
    words = long.split()
    max_words = min(len(short) + 5, 2 * len(short))
    if len(long) <= len(short) or len(words) > max_words:
        return False
    if long[0].lower() != short[0].lower() or short.lower() in (word.lower() for word in words):
        return False
    letters = [ch.lower() for ch in (short[:-1] if short.endswith("s") else short) if ch.isalnum()]
    initials = {start.lower() for part in _WORD_PARTS.split(long) if part for start in _word_starts(part)}
    return 2 * sum(ch in initials for ch in letters) >= len(letters)


def _word_starts(part: str) -> list[str]:
    """The first letter of a word and of each capitalised word glued into it: "FacePoseNet" -> F, P, N."""
    return [part[0], *(ch for before, ch in zip(part, part[1:]) if ch.isupper() and before.islower())]


def _closing_paren(text: str, open_char: int, limit: int) -> int | None:
    """Offset of the ')' matching the '(' at open_char, looking no further than `limit`."""
    limit = min(limit, open_char + MAX_INNER_CHARS)
    depth, position = 1, open_char
    while True:
        close = text.find(")", position + 1, limit)
        if close == -1:
            return None
        nested = text.find("(", position + 1, close)
        if nested != -1:
            depth, position = depth + 1, nested
            continue
        depth -= 1
        if depth == 0:
            return close
        position = close


def _tail_start(text: str, start: int, end: int, words: int) -> int:
    """Offset where the last `words` whitespace-separated words of text[start:end] begin."""
    found = [match.start() for match in _NON_SPACE.finditer(text, start, end)]
    return found[-words] if len(found) >= words else start


def find_abbreviations(doc: Doc) -> list[Definition]:
    """All (short form, long form) definitions in the document, in text order, without repeats.

    Works on the raw text (tokens are only touched to return token ranges), inside the
    sentences of `Doc._.sentence_bounds` (the whole doc if they are not set).
    """
    text = doc_text(doc)
    if "(" not in text:
        return []
    bounds = doc._.sentence_bounds or [(0, len(doc), 0, len(text))]
    sentence_starts = [bound[2] for bound in bounds]
    found: list[Definition] = []
    seen: set[tuple[str, str]] = set()
    for match in _OPEN.finditer(text):
        open_char = match.start()
        _, _, s_start, s_end = bounds[max(0, bisect_right(sentence_starts, open_char) - 1)]
        close = _closing_paren(text, open_char, s_end)
        if close is None or open_char < s_start:
            continue
        pair = _pair_at(doc, text, s_start, open_char, close)
        if pair is not None:
            texts = (range_text(doc, *pair[0]), range_text(doc, *pair[1]))
            if texts not in seen:
                seen.add(texts)
                found.append(pair)
    return found


def _pair_at(doc: Doc, text: str, s_start: int, open_char: int, close: int) -> Definition | None:
    inner_start = open_char + 1
    inner_end = inner_start + len(_INNER_END.split(text[inner_start:close], maxsplit=1)[0])
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    inner = text[inner_start:inner_end]
    if _is_enumeration(text[open_char + 1 : close]):
        return None
    before_end = open_char
    while before_end > s_start and text[before_end - 1].isspace():
        before_end -= 1
    if not inner or before_end <= s_start:
        return None
    if is_short_form(inner):
        # 'Long Form (SF)': the long form ends right before the '('.
        window = _tail_start(text, s_start, before_end, min(len(inner) + 5, 2 * len(inner)))
        offset = _initials_offset(inner, text[window:before_end])
        if offset is None:
            offset = _long_offset(inner, text[window:before_end])
        if offset is not None and _is_definition(inner, text[window + offset : before_end]):
            short = token_range(doc, inner_start, inner_end)
            long = token_range(doc, window + offset, before_end)
            if short is not None and long is not None:
                return short, long
    # 'SF (Long Form)': the word before the parenthesis, the parenthetical as long form.
    word_start = _tail_start(text, s_start, before_end, 1)
    word = text[word_start:before_end]
    if len(inner.split()) < 2 or not is_short_form(word):
        return None
    if long_form_start(word, inner) == 0 and _is_definition(word, inner):
        short = token_range(doc, word_start, before_end)
        long = token_range(doc, inner_start, inner_end)
        if short is not None and long is not None:
            return short, long
    return None


def _is_enumeration(parenthetical: str) -> bool:
    """"(DARTS, SNAS, RSPS)" lists examples; the first of them abbreviates nothing before the bracket."""
    items = [item.strip() for item in parenthetical.split(",")]
    return len(items) >= 2 and all(is_short_form(item) for item in items)


class AbbreviationDetector:
    """spaCy component: the definitions in the doc (`definitions(doc)`; as Span pairs: `Doc._.abbreviations`)."""

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[USER_DATA_KEY] = find_abbreviations(doc)
        return doc


def definitions(doc: Doc) -> list[Definition]:
    """(short form, long form) token ranges found by the component, in text order."""
    return doc.user_data.get(USER_DATA_KEY, [])
