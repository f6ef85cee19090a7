"""Support: does a statistical-NER span have anything beside the model's word for it being an entity?

The blind audits (docs/evaluation.md) found the NER's lone phrases to be the graph's main noise: a
lower-case phrase with no name in it, written once in an abstract and never in the title ("laborious
hyper-parameter tuning", "end-to-end mapping", "shallow models") was an entity one time in three, while
spans found by the gazetteer or a contribution cue were right nearly always. A span is supported when

  * a word in it looks like a name (kg.extract.keys.is_name_like: "ResNet", "CIFAR-10", "BERT");
  * it lies in the title, where a paper names what it is about;
  * the paper writes it again (the same words, in any case);
  * it is the long form of an abbreviation the paper defines ("... networks (RvNNs)");
  * it is written in capitals, word by word, where a capital says something ("Google Street View").

Unsupported spans make no mention. The rules' own mentions (gazetteer, cues) never pass through here.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.abbreviations import definitions
from kg.extract.offsets import doc_text, token_offsets, word_occurrences
from kg.extract.specificity import GENERIC_HEADS, has_name, singular

# Short function words a title-cased name leaves in lower case ("Street View of the City").
_LOWER_IN_NAMES = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", "via", "-"})


def supported_spans(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The NER `spans` (start token, end token, type) that have support."""
    if not spans:
        return spans
    text = doc_text(doc)
    starts, ends = token_offsets(doc)

    def span_text(start: int, end: int) -> str:
        return text[starts[start] : ends[end - 1]]

    folded = text.casefold()
    long_forms = {long for _, long in definitions(doc)}
    sentence_starts = {bound[0] for bound in doc._.sentence_bounds or ()}
    title_end = doc._.title_end or 0
    kept = []
    for start, end, label in spans:
        words = [text[starts[i] : ends[i]] for i in range(start, end)]
        if (
            has_name(words)
            or starts[start] < title_end
            or len(word_occurrences(folded, span_text(start, end).casefold())) > 1
            or (start, end) in long_forms
            or (start not in sentence_starts and title_cased(words))
        ):
            kept.append((start, end, label))
    return kept


def title_cased(words: list[str]) -> bool:
    """Every word capitalised but short function words and a generic head ("Wobbly Penguin corpus")."""
    if len(words) > 1 and singular(words[-1]) in GENERIC_HEADS:
        words = words[:-1]
    content = [word for word in words if word.lower() not in _LOWER_IN_NAMES]
    return bool(content) and all(word[:1].isupper() for word in content)

