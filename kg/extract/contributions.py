"""Contribution cues: the names a paper introduces ("we propose X", "X, a novel ...", title "X: ...").

A proposed name becomes a token range in `proposed_names(doc)` (label Method by
default; Dataset, Metric or Concept when the words around it say "benchmark",
"metric", "phenomenon", ...), together with every other
occurrence of the same name in the document. Names need not be known to the
gazetteer: "HeadGaS" in "We propose HeadGaS, a model that ..." is found here.
Rules are deliberately strict (a wrong PROPOSES edge is worse than a missing one):
a name must look like a name (capitals inside, digits, all capitals, or Title Case
right after a cue verb) and must be followed by a boundary, not by more noun phrase.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from kg.extract.keys import is_name_like
from kg.extract.offsets import (
    doc_text,
    keep_longest,
    range_text,
    token_at,
    token_offsets,
    token_range,
    word_occurrences,
)
from kg.extract.sentences import sentence_index
from kg.model import CONCEPT, DATASET, METHOD, METRIC

USER_DATA_KEY = "kg_proposed_names"
# A proposed name: (start token, end token, graph type).
ProposedName = tuple[int, int, str]
MAX_NAME_TOKENS = 8

# Cue phrases are found by str.find on the lower-cased text (a C loop) and checked with a regex
# anchored there: much cheaper than scanning every position with an alternation.
_CUE_SUBJECTS = ("we", "this paper", "this work", "this study", "this article", "this letter", "this report",
                 "our paper", "our work")
_CUE_VERB = re.compile(
    r"\s+(?:(?:also|further|first|then|therefore|thus|now|additionally|hence|newly)\s+)?"
    r"(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|develop(?:s|ed)?|design(?:s|ed)?|devise[sd]?|build|"
    r"construct(?:s|ed)?|release[sd]?|contribute[sd]?|curate[sd]?|create[sd]?|put forward|describe[sd]?)\b"
)
# Naming phrases, and whether the authors name something themselves (then a lower-case name is accepted).
_NAMING_WORDS = {
    "dubbed": True, "coined": True, "we call": True, "we name": True, "we term": True, "we dub": True,
    "called": False, "named": False, "termed": False,
}
# "we call it X", "we term our method X": the object before the name.
_NAMED_OBJECT = re.compile(r"\s+(?:it|this|them|our \w+)(?=\s)")
_APPOSITIVE = re.compile(
    r",\s+(?:a|an)\s+(?:(?:novel|new|simple|unified|general|generic|efficient|effective|lightweight|scalable|"
    r"large-scale|powerful|flexible|principled|versatile|fast|robust|multimodal|open|first)\s+)"
)
# Words skipped between a cue verb and the name ("we propose a novel X").
_SKIP = frozenset({
    "a", "an", "the", "our", "novel", "new", "simple", "unified", "general", "generic", "efficient", "effective",
    "lightweight", "scalable", "large-scale", "powerful", "flexible", "principled", "versatile", "fast",
    "robust", "first", "open", "open-source", "elegant", "straightforward", "comprehensive",
})
# What may follow a name: the end of the noun phrase.
# Not "as": "we introduce GPT-4 as a judge" uses GPT-4.
_BOUNDARY_WORDS = frozenset({
    "that", "which", "who", "to", "for", "with", "in", "on", "by", "and", "or", "is", "are", "was", "were",
    "can", "could", "will", "we", "where", "whose", "from", "via", "using", "under", "at", "of", "achieves",
    "outperforms", "consists", "uses", "leverages", "enables", "combines", "learns", "builds",
})
_KIND_NOUNS = {
    "dataset": DATASET, "datasets": DATASET, "benchmark": DATASET, "benchmarks": DATASET, "corpus": DATASET,
    "corpora": DATASET, "testbed": DATASET, "metric": METRIC, "metrics": METRIC, "measure": METRIC,
    "model": METHOD, "method": METHOD, "framework": METHOD, "approach": METHOD, "architecture": METHOD,
    "algorithm": METHOD, "network": METHOD, "technique": METHOD, "system": METHOD, "pipeline": METHOD,
    "phenomenon": CONCEPT, "problem": CONCEPT, "issue": CONCEPT, "effect": CONCEPT,
}
_WORD = re.compile(r"^[A-Za-z][A-Za-z-]*$")
# URLs and LaTeX leftovers are not names ("https://...", "\\textit{X").
_NOT_A_NAME = re.compile(r"://|^www\.|[{}\\]")
_CONNECTORS = frozenset({"and", "of", "for", "with", "in", "on", "to", "via", "the"})
_MODIFIER_SUFFIXES = ("-based", "-style", "-like", "-inspired", "-guided", "-driven", "-aware", "-free", "-specific")
_NOT_NAMES = frozenset({
    "method", "model", "framework", "approach", "system", "technique", "algorithm", "network", "architecture",
    "dataset", "benchmark", "paper", "work", "study", "results", "this", "these", "it", "we", "in", "our",
})
# Title prefixes that label the paper's genre, not a contribution ("Survey: ...").
_GENRE_WORDS = frozenset({
    "review", "survey", "position", "tutorial", "perspective", "overview", "introduction", "editorial",
    "commentary", "preface", "erratum", "correction", "abstract", "keynote", "workshop", "report", "opinion",
    "challenges", "lessons", "vision", "roadmap", "primer", "retrospective", "benchmark", "dataset",
})


class ContributionDetector:
    """spaCy component: the names the paper proposes (`proposed_names(doc)`; as Spans: `Doc._.proposed_names`)."""

    def __init__(self, common_words: frozenset[str]) -> None:
        self.common_words = common_words

    def __call__(self, doc: Doc) -> Doc:
        proposals = find_proposals(doc, self.common_words)
        doc.user_data[USER_DATA_KEY] = _with_repeats(doc, proposals)
        return doc


def proposed_names(doc: Doc) -> list[ProposedName]:
    """Every occurrence of a name the paper proposes: (start token, end token, graph type)."""
    return doc.user_data.get(USER_DATA_KEY, [])


def find_proposals(doc: Doc, common_words: frozenset[str] = frozenset()) -> list[ProposedName]:
    """The first occurrence of each proposed name, labelled with its entity type."""
    found: list[ProposedName] = []
    text = doc_text(doc)
    title_end = doc._.title_end or 0
    if title_end:
        found += _title_prefix(doc, title_end, common_words)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased; keep offsets right
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for subject in _CUE_SUBJECTS:
        for position in word_occurrences(lowered, subject):
            verb = _CUE_VERB.match(lowered, position + len(subject))
            span = _after_cue(doc, verb.end()) if verb else None
            if span is not None:
                found.append(span)
    for phrase, own in _NAMING_WORDS.items():
        for position in word_occurrences(lowered, phrase):
            after = position + len(phrase)
            if phrase == "named" and lowered.startswith(" entit", after):
                continue  # "named entity recognition"
            if own and (obj := _NAMED_OBJECT.match(lowered, after)):
                after = obj.end()
            span = _named(doc, after, own=own)
            if span is not None:
                found.append(span)
    for match in _APPOSITIVE.finditer(text):
        span = _before_appositive(doc, match.start())
        if span is not None:
            found.append(span)
    unique: dict[str, ProposedName] = {}
    for name in sorted(found):
        words = range_text(doc, name[0], name[1])
        if not _NOT_A_NAME.search(words):
            unique.setdefault(words, name)
    return list(unique.values())


def _token_at(doc: Doc, char: int) -> int | None:
    index = token_at(doc, char)
    while index is not None and index < len(doc) and doc[index].is_space:
        index += 1
    return index if index is not None and index < len(doc) else None


def _sentence_end(doc: Doc, index: int) -> int:
    bounds = doc._.sentence_bounds
    return bounds[sentence_index(bounds, index)][1] if bounds else len(doc)


def _is_boundary(doc: Doc, index: int, end: int) -> bool:
    if index >= end:
        return True
    token = doc[index]
    return token.is_punct or token.lower_ in _BOUNDARY_WORDS or token.lower_ in _KIND_NOUNS


def _name_run(doc: Doc, start: int, end: int, *, title_case: bool) -> tuple[int, int] | None:
    """The name starting at `start`: tokens that look like names, glued pieces included, then a boundary."""
    stop = start
    while stop < end and stop - start < MAX_NAME_TOKENS:
        token = doc[stop]
        glued = stop > start and not doc[stop - 1].whitespace_
        if token.is_punct and not glued:
            break
        if not (glued or is_name_like(token.text) or (title_case and token.text[:1].isupper())):
            break
        stop += 1
    while stop > start and doc[stop - 1].is_punct:
        stop -= 1
    if stop == start or not _is_boundary(doc, stop, end):
        return None
    strict = any(is_name_like(t.text) for t in doc[start:stop])
    if not strict and _continues_title_case(doc, stop, end):
        return None  # "Federated Local" of "Federated Local and Generic Model Training": only part of a name
    words = range_text(doc, start, stop)
    if words.lower() in _NOT_NAMES or words.endswith(_MODIFIER_SUFFIXES) or _NOT_A_NAME.search(words):
        return None
    if not strict and stop - start == 1:
        return None
    return start, stop


def _continues_title_case(doc: Doc, stop: int, end: int) -> bool:
    """'... Local and Generic ...': a connector word followed by another capitalised word."""
    return stop + 1 < end and doc[stop].lower_ in _CONNECTORS and doc[stop + 1].text[:1].isupper()


def _labelled(doc: Doc, start: int, stop: int, end: int) -> ProposedName:
    """The name as a span, labelled Dataset/Metric when the words around it say so, else Method."""
    label = METHOD
    before = doc[max(0, start - 4) : start]
    after = doc[stop : min(end, stop + 6)]
    for token in [*after, *reversed(before)]:
        kind = _KIND_NOUNS.get(token.lower_)
        if kind is not None:
            label = kind
            break
    return start, stop, label


def _after_cue(doc: Doc, char: int) -> ProposedName | None:
    """'we propose X' / 'we propose a novel X' / 'we propose a new method, X, ...' / '... an AD framework: X'."""
    first = _token_at(doc, char)
    if first is None:
        return None
    end = _sentence_end(doc, first)
    index = first
    while index < end and doc[index].lower_ in _SKIP:
        index += 1
    run = _name_run(doc, index, end, title_case=True)
    if run is not None and not (run[1] < end and doc[run[1]].lower_ in _KIND_NOUNS):
        return _labelled(doc, *run, end)
    # Otherwise the name may follow a few words later: "we propose a new method, X, that ...",
    # "we propose a novel AD framework: X (...)".
    for mark in range(index, min(end, index + 8)):
        if doc[mark].text in {",", ":"}:
            run = _name_run(doc, mark + 1, end, title_case=doc[mark].text == ":")
            if run is not None and (run[1] >= end or doc[run[1]].text in {",", "(", ".", ";"}):
                return _labelled(doc, *run, end)
            break
    return None


def _named(doc: Doc, char: int, *, own: bool) -> ProposedName | None:
    """'... dubbed X' / 'which we call X'. Only the authors' own naming may give a lower-case name
    ("multi-sample dropout"); "a technique called dropout" names something that already exists."""
    first = _token_at(doc, char)
    if first is None:
        return None
    end = _sentence_end(doc, first)
    run = _name_run(doc, first, end, title_case=True)
    if run is None and own:
        stop = first
        while stop < end and stop - first < 5 and _WORD.match(doc[stop].text) and not _is_boundary(doc, stop, end):
            stop += 1
        edges = (doc[first].lower_, doc[stop - 1].lower_) if stop > first else ("", "")
        if first < stop <= first + 4 and _is_boundary(doc, stop, end) and not any(
            word in STOP_WORDS or word in _SKIP for word in edges
        ):
            run = (first, stop)
    if run is None or range_text(doc, *run).lower() in _NOT_NAMES:
        return None
    return _labelled(doc, *run, end)


def _before_appositive(doc: Doc, comma_char: int) -> ProposedName | None:
    """'X, a novel ...': X must look like a name on its own (capitals inside, digits)."""
    comma = _token_at(doc, comma_char)
    if comma is None or comma == 0:
        return None
    bounds = doc._.sentence_bounds
    sentence_first = bounds[sentence_index(bounds, comma)][0] if bounds else 0
    start = comma
    while start > sentence_first and comma - start < MAX_NAME_TOKENS:
        previous = doc[start - 1]
        glued_to_run = start < comma and not previous.whitespace_
        if not (is_name_like(previous.text) or glued_to_run):
            break
        start -= 1
    while start < comma and doc[start].is_punct:
        start += 1
    if start == comma or not any(is_name_like(t.text) for t in doc[start:comma]):
        return None
    if range_text(doc, start, comma).endswith(_MODIFIER_SUFFIXES):
        return None
    return _labelled(doc, start, comma, _sentence_end(doc, comma))


def _title_prefix(doc: Doc, title_end: int, common_words: frozenset[str]) -> list[ProposedName]:
    """Title 'X: ...' where X is a short name, not a genre word ('Survey: ...') or a phrase."""
    colon_char = doc_text(doc).find(":", 0, title_end)
    colon = token_at(doc, colon_char) if colon_char > 0 else None
    if colon is None or colon == 0 or colon > 6 or doc[colon].text != ":":
        return []
    prefix = doc[0:colon]
    words = range_text(doc, 0, colon).split()
    if not words[0][:1].isupper() or words[-1].endswith(_MODIFIER_SUFFIXES) or len(words) > 4:
        return []
    if any(word.lower() in STOP_WORDS for word in words):
        return []  # a phrase ("Training BatchNorm and Only BatchNorm"), not a name
    if not any(is_name_like(t.text) for t in prefix):
        single = len(words) == 1 and words[0].lower() not in common_words
        if not single or words[0].lower() in _GENRE_WORDS:
            return []
    end = token_at(doc, title_end) or len(doc)
    kind = _description_kind(doc, colon + 1, end)
    return [(0, colon, kind) if kind is not None else _labelled(doc, 0, colon, end)]


def _description_kind(doc: Doc, start: int, end: int) -> str | None:
    """The kind the head of a title's description names ("SentiHood: Targeted Aspect Based Sentiment
    Analysis Dataset for ..." -> Dataset): the last word before the first connector or punctuation."""
    stop = start
    while stop < end and doc[stop].lower_ not in _CONNECTORS and not doc[stop].is_punct:
        stop += 1
    return _KIND_NOUNS.get(doc[stop - 1].lower_) if stop > start else None


def _with_repeats(doc: Doc, proposals: list[ProposedName]) -> list[ProposedName]:
    """Each proposed name plus its other occurrences, longest match kept on overlaps."""
    names = list(proposals)
    text = doc_text(doc)
    starts, _ = token_offsets(doc)
    for start, end, label in proposals:
        words = range_text(doc, start, end)
        for char in word_occurrences(text, words):
            if char != starts[start]:
                found = token_range(doc, char, char + len(words))
                if found is not None:
                    names.append((*found, label))
    return keep_longest(names, lambda name: (name[0], name[1]))
