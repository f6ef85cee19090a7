"""Is a statistical-NER span a description of something rather than its name?

The blind audits (docs/evaluation.md) found the NER's lower-case phrases right about half the time; most
wrong ones describe a thing instead of naming it. The shapes:

  * a phrase whose head names a part or a generic kind, written in lower case with no name in it: "encoding
    layer", "latent representations", "loss function", "joint distribution", "face detector", "vision
    tasks", "assignment method". Lower-case names of methods and tasks end in a technique or problem word
    instead ("batch normalization", "covariance pooling", "critic network", "dependency parsing"), which
    these heads are not. A family or field acronym is no name here ("CNN-based part detectors", "NLP
    community"), and a kind of model with only descriptors before it is a description ("neural models",
    "multi-branch network");
  * a phrase that ends in an adjective is cut short of its noun: "fully convolutional", "model-agnostic",
    "Scale-aware"; without a name, in any case and in the title too ("Fact Aware Neural"), as is one
    that stops at a colon ("Lifting from the Deep: ...");
  * a phrase of several words right after "Name: a/an" says what the name is ("DialogueRNN: An Attentive
    RNN for ...", "MultiGrain: a unified image embedding ..."): the name before the colon is the entity;
  * a title's verb phrase is what the paper does, not a name: "Mastering Chess and Shogi ...", "Learning
    Feature Pyramids for ...", "Incentivizing Exploration In ...". A verb that names a task ("Detecting
    Oriented Text", "Generating Images") and a method head ("Matching Networks") keep the span;
  * a phrase ending in a function word is cut mid-phrase, in a title too: "Fast Adaptation of".

Only the span's words (and, for "Name: a/an", the text before it) are read, no tagger. "Lower case" in the
first shapes means as written, but for a sentence's first capital, so a Title Case title's phrases never
pass for descriptions: there phrases of this shape were names as often as descriptions on the SciREX
train/dev graph ("Light Gated Recurrent Units", "Recurrent Pixel Embedding" beside "Text
Representation"). A title in sentence case keeps its capitals for names, and past its opening phrase
(where a paper names its method: "Deep contextualized word representations") a lower-case description
in it is one as in the abstract ("... with a compact data representation", eighth round).
"""

from __future__ import annotations

import re

from kg.extract.specificity import GENERIC_MODIFIERS, KIND_HEADS, has_name, singular
from kg.extract.typing_rules import METHOD_HEADS

# Heads that name a part of a system or a generic kind of thing: with a lower-case modifier they describe.
DESCRIPTIVE_HEADS = frozenset({
    "representation", "layer", "function", "distribution", "case", "problem", "task", "detector",
    "recognizer", "method", "embedding", "platform", "community", "component", "unit", "block",
    "space", "vector", "structure", "scheme", "procedure", "setting", "mechanism", "module",
    "agent", "cell", "sensor", "ensemble", "step",
})
# Gerunds of task verbs: "Detecting Oriented Text" is the detection task.
TASK_GERUNDS = frozenset({
    "detecting", "generating", "identifying", "recognizing", "recognising", "segmenting", "classifying",
    "translating", "parsing", "tracking", "tagging", "estimating", "predicting", "forecasting", "answering",
    "summarizing", "summarising", "retrieving", "localizing", "localising", "captioning", "reconstructing",
    "completing", "inpainting", "denoising", "deblurring", "labelling", "labeling", "ranking", "matching",
})
# Function words a name does not end in.
_FUNCTION_WORDS = frozenset({
    "of", "for", "with", "in", "on", "by", "and", "or", "to", "from", "via", "the", "a", "an",
})
# "Name: a", "Name: An new": a colon, an indefinite article and at most one more word before the span.
_AFTER_NAME_AND_ARTICLE = re.compile(r"\S:\s+(?:a|an|A|An|AN)\s+(?:[\w-]+\s+)?$")
# Heads that say what kind of model: "neural models", "multi-branch network", "multi-stage CNN architecture".
MODEL_KIND_HEADS = KIND_HEADS | {"network", "architecture"}
# Descriptors that say how a model is built, not which one it is (besides specificity.GENERIC_MODIFIERS).
DESCRIPTORS = frozenset({"neural", "generative", "discriminative", "probabilistic", "statistical", "hybrid"})
# Acronyms of model families and fields: they say what kind of thing, not which one.
FAMILY_ACRONYMS = frozenset({
    "cnn", "rnn", "dnn", "lstm", "gru", "gan", "mlp", "gnn", "crf", "hmm", "svm", "nlp", "nlu", "ai", "ml", "qa",
    "nli", "pos", "rl", "asr", "mt", "nmt", "amr",
})
_FAMILY_ACRONYM = re.compile(r"^([A-Za-z]+?)(?:s|-based|-like)?$")
# Dimensions say how many axes, not which thing: "3D sensors", "2D detectors".
_DIMENSION = re.compile(r"^[1-6]D$")
# Adjective endings: relational "-ional"/"-ical" ("convolutional", "hierarchical") and hyphenated qualities.
_ADJECTIVE_END = re.compile(
    r"(?:ional|ical|-agnostic|-aware|-free|-specific|-invariant|-dependent|-independent|-sensitive)$"
)


def is_description(words: list[str], sentence_start: bool) -> bool:
    """A lower-case phrase (outside the title) with a descriptive head, or one ending in an adjective.

    `sentence_start`: the span starts a sentence, so its first capital says nothing. Acronyms of a whole
    family or field ("CNN", "RNN", "NLP", "QA") name no particular thing: "CNN-based part detectors",
    "RNN layer", "NLP community" are descriptions too.
    """
    if not words:
        return False
    plain = [word for word in words if not _family_acronym(word)]
    if not plain or has_name(plain) or not written_lower(plain, sentence_start and plain[0] == words[0]):
        return False
    last = words[-1].lower()
    if _ADJECTIVE_END.search(last):
        return True
    if len(words) > 1 and singular(last.split("-")[-1]) in DESCRIPTIVE_HEADS:
        return True
    return _kind_with_descriptors(words, plain)


def opens_title(text_before: str) -> bool:
    """Nothing but the title's start before the span: where a paper puts its method's name, in lower case
    too ("Deep contextualized word representations", "Recurrent pixel embedding for instance grouping")."""
    return not text_before.strip()


def written_lower(words: list[str], sentence_start: bool) -> bool:
    """No capital that says something: all lower case, but for the first letter of a sentence."""
    first, *rest = words
    return not any(ch.isupper() for word in rest for ch in word) and (
        first.islower() or (sentence_start and not any(ch.isupper() for ch in first[1:]))
    )


def describes_preceding_name(words: list[str], text_before: str) -> bool:
    """Several words right after "Name: a/an" (`text_before` ends there): what the name is, not a name."""
    return len(words) > 1 and _AFTER_NAME_AND_ARTICLE.search(text_before[-80:]) is not None


def is_title_verb_phrase(words: list[str]) -> bool:
    """A title span without a name that starts with a gerund other than a task verb and has no method head."""
    first = words[0].lower()
    return (
        len(words) > 1
        and not has_name(words)
        and first.endswith("ing")
        and len(first) > 5
        and first.isalpha()
        and first not in TASK_GERUNDS
        and singular(words[-1].lower().split("-")[-1]) not in METHOD_HEADS
    )


def ends_in_adjective(words: list[str]) -> bool:
    """A span without a name that stops at an adjective, in any case and in the title too: keyword lines
    ("Multi-scale, deep learning."; "Scale-aware"), title fragments ("Fact Aware Neural", "the Deep:")."""
    if has_name(words):
        return False
    if words[-1].endswith(":"):
        return True  # "the Deep:" stops where the title's subtitle starts
    last = words[-1].lower()
    return _ADJECTIVE_END.search(last) is not None or last in DESCRIPTORS or (
        len(words) == 1 and last.startswith("multi-")
    )


def ends_mid_phrase(words: list[str]) -> bool:
    """The span stops at a function word: "Fast Adaptation of" (Deep Networks)."""
    return len(words) > 1 and words[-1].lower() in _FUNCTION_WORDS


def _family_acronym(word: str) -> bool:
    """A family or field acronym in capitals, alone or with a plural or "-based", or a hybrid of two
    ("DNN-HMM"), or a dimension: "CNNs", "CNN-based", "DNN-HMM speech recognizers", "3D sensors"."""
    if _DIMENSION.match(word):
        return True
    parts = word.split("-")
    if len(parts) > 1 and all(map(_family_acronym, parts)):
        return True
    match = _FAMILY_ACRONYM.match(word)
    return match is not None and match.group(1).isupper() and match.group(1).lower() in FAMILY_ACRONYMS


def _kind_with_descriptors(words: list[str], plain: list[str]) -> bool:
    """A kind of model (head, or a family acronym as head) with only descriptors before it: "neural models",
    "multi-branch network", "well-established AI techniques"."""
    head_is_family = plain[-1] != words[-1]
    head = words[-1] if head_is_family else singular(plain[-1].split("-")[-1])
    modifiers = plain if head_is_family else plain[:-1]
    return (head_is_family or head in MODEL_KIND_HEADS) and bool(modifiers) and all(map(_descriptor, modifiers))


def _descriptor(word: str) -> bool:
    lower = word.lower()
    return lower in DESCRIPTORS or lower in GENERIC_MODIFIERS or lower.startswith(("multi-", "well-"))
