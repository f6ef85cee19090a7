"""Is a statistical-NER span a real entity, or a generic phrase that only says what kind of thing it is?

The NER marks "training pipeline", "small dataset", "Meanwhile" and "features" as entities; as graph
nodes they are noise that outranks every real name. A span is judged on its words alone (no tagger):

  * discourse words at its start ("Meanwhile", "However", "Moreover") are cut off;
  * a span with a name-like word (BERT, ImageNet, F1, GPT-4; `kg.extract.keys.is_name_like`) is a name;
  * otherwise it is generic when its head (last word) is a kind-of-thing noun (model, method, pipeline,
    performance, features, dataset, ability, ...) and every word before the head is a generic modifier
    (new, small, large-scale, real-world, training, downstream, ...): "training pipeline", "small
    dataset", "real-world datasets", "pre-trained model";
  * field-wide umbrella terms ("machine learning", "neural network", "DNN") name the whole corpus, not
    an entity: the gazetteer build drops the same research areas from its lists; so does a research
    field after a language or a domain ("Japanese NLP", "Chinese language processing"): still a field;
  * a single lower-case word is too vague for a node unless it names a technique ("dropout", "boosting";
    not "features", "classification", "training", "parser"): `is_bare_word`.

`head_remainder` gives the words before a kind-of-thing head ("pruning method" -> "pruning") and
`describes_kind` judges the words after a known name ("CutMix augmentation strategy") so that the caller
can let a known name stand for the phrase; `dataset_name_length` ends a Dataset span's name before a head
that is no kind of data ("CallHome portion" -> "CallHome"). The word lists are closed-class vocabulary
written for kg and judged on SciERC train and SciREX train/dev abstracts; they are not lists of seed-graph fixes.
"""

from __future__ import annotations

from functools import lru_cache

import re

from kg.extract.keys import is_name_like, without_head_noun
from kg.model import CONCEPT, METHOD, TASK

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")
# An amount of score or of time before a name ("+ 4-point mAP", "6-month infant brain"): how much or how
# long, never part of the name; counts of parts ("200-layer ResNet", "4-gram LM", "10-fold") are.
_AMOUNT = re.compile(
    r"[+-]?\d+(?:[.,]\d+)?-?(?:points?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)", re.I
)
_SIGNS = frozenset({"+", "±"})
# Sentence adverbs and connectives: never the start of a name.
DISCOURSE_WORDS = frozenset({
    "meanwhile", "however", "moreover", "furthermore", "additionally", "notably", "specifically", "finally",
    "first", "firstly", "second", "secondly", "third", "thirdly", "then", "thus", "therefore", "hence",
    "besides", "instead", "recently", "currently", "importantly", "interestingly", "surprisingly", "overall",
    "consequently", "accordingly", "nevertheless", "nonetheless", "similarly", "likewise", "alternatively",
    "conversely", "indeed", "also", "here", "further", "subsequently", "ultimately", "generally", "typically",
    "traditionally", "previously", "existing", "both", "each", "all", "such", "other", "several", "many",
    "various", "some", "any", "most", "more", "fewer", "less", "these", "this", "those", "that", "the", "a",
    "an", "our", "their", "its", "your", "my", "we", "it", "they", "which", "whose",
})
# Heads that only name a kind of thing, a quantity or a quality; generic unless a modifier says which one.
GENERIC_HEADS = frozenset({
    "model", "method", "approach", "framework", "pipeline", "system", "technique", "algorithm", "scheme",
    "strategy", "procedure", "process", "mechanism", "module", "component", "tool", "toolkit", "solution",
    "paradigm", "design", "architecture", "baseline", "variant", "version", "implementation", "setting",
    "setup", "configuration", "performance", "result", "outcome", "feature", "dataset", "data", "database",
    "benchmark", "corpus", "corpora", "collection", "sample", "example", "instance", "ability", "capability",
    "capacity", "task", "problem", "challenge", "issue", "application", "scenario", "domain", "field", "area",
    "work", "study", "research", "literature", "analysis", "experiment", "evaluation", "property", "aspect",
    "factor", "information", "knowledge", "quality", "accuracy", "efficiency", "effectiveness", "improvement",
    "gain", "advance", "advancement", "progress", "success", "interest", "attention", "popularity", "effort",
    "insight", "finding", "contribution", "limitation", "drawback", "advantage", "benefit", "cost", "amount",
    "number", "set", "type", "kind", "form", "way", "manner", "level", "degree", "range", "part", "step",
    "stage", "phase", "input", "output", "resource", "technology", "idea", "concept", "notion", "principle",
    "strength", "weakness", "behavior", "behaviour", "operation", "state", "art", "network",
})
# Modifiers that do not say which thing: evaluative, size, novelty, stage and scope words, and how parts
# are put together ("joint model", "greedy model", "independent models": any system can be built so).
# Before a name, these only say what kind of thing follows ("the real-time detector YOLOv3", "vanilla LSTM").
_KIND_BEFORE_NAME = frozenset({
    "vanilla", "real-time", "detector", "model", "network", "architecture", "method", "algorithm",
    "dataset", "corpus", "baseline", "framework", "system",
})
GENERIC_MODIFIERS = frozenset({
    "new", "novel", "proposed", "existing", "previous", "prior", "current", "recent", "modern", "traditional",
    "conventional", "classical", "classic", "standard", "typical", "common", "popular", "general",
    "generic", "simple", "basic", "naive", "efficient", "effective", "robust", "powerful", "strong", "weak",
    "good", "better", "best", "high", "higher", "low", "lower", "large", "larger", "small", "smaller", "big",
    "huge", "massive", "extensive", "comprehensive", "large-scale", "small-scale", "real-world", "real",
    "public", "publicly", "available", "open", "open-source", "benchmark", "benchmarks", "training", "test",
    "testing", "evaluation", "downstream", "upstream", "pre-trained", "pretrained", "trained", "baseline",
    "state-of-the-art", "sota", "competitive", "comparable", "superior", "significant", "improved",
    "overall", "final", "main", "key", "core", "important", "various", "different", "diverse", "multiple",
    "several", "many", "numerous", "other", "same", "similar", "specific", "particular", "certain", "original",
    "underlying", "resulting", "corresponding", "relevant", "related", "additional", "extra", "further",
    "unified", "flexible", "scalable", "practical", "theoretical", "empirical", "experimental", "promising",
    "remarkable", "impressive", "excellent", "outstanding", "notable", "considerable", "substantial",
    "satisfactory", "reasonable", "limited", "few", "whole", "entire", "full", "complete", "given", "target",
    "source", "base", "backbone", "learning", "learned", "trainable", "data", "computational", "model",
    "growing", "increasing", "significant", "considerable", "great", "much", "more", "less",
    "such", "these", "this", "those", "that", "the", "a", "an", "our", "their", "its", "two", "three", "one",
    "critical", "crucial", "data-driven", "fine-tune", "fine-tuned", "finetuned", "abundant", "redundant",
    "first", "second", "both", "each", "all", "some", "any", "most", "like", "based", "deep", "well-known",
    "joint", "independent", "separate", "greedy", "integrated", "combined",
})
# Field-wide terms: every paper of an ML corpus is about them, so as nodes they only connect everything.
UMBRELLA_TERMS = frozenset({
    "machine learning", "deep learning", "artificial intelligence", "ai", "ml", "dl", "neural network",
    "neural networks", "neural net", "neural nets", "deep neural network", "deep neural networks", "dnn",
    "dnns", "deep network", "deep networks", "deep model", "deep models", "deep learning model",
    "deep learning models", "learning", "model", "models", "network", "networks", "ann", "anns",
    "artificial neural network", "artificial neural networks", "computer vision", "cv",
    "natural language processing", "nlp", "data science", "data mining", "statistics",
    # "the state of the art", not a method
    "sota", "state of the art", "state-of-the-art",
    # the hardware and interfaces every paper runs on ("trained on GPUs", "commercially available APIs")
    "gpu", "gpus", "cpu", "cpus", "tpu", "tpus", "api", "apis",
})


# Lone words that name a technique ("dropout"); lone problem words ("classification") are families, not tasks.
TECHNIQUE_WORDS = frozenset({
    "dropout", "regression", "attention", "backpropagation", "boosting", "bagging", "pooling", "sampling",
    "downsampling", "upsampling", "finetuning", "fine-tuning", "pretraining", "pre-training", "distillation",
})
_TECHNIQUE_ENDINGS = ("ization", "isation", "ing")
# "-ization" words that name a property, a task or a thing rather than a technique.
_NOT_TECHNIQUES = frozenset({
    "generalization", "generalisation", "organization", "organisation", "localization", "localisation",
    "realization", "utilization", "specialization", "characterization", "visualization", "civilization",
    "summarization", "categorization", "authorization", "personalization",
})
# Gerunds for activities rather than techniques.
GENERIC_GERUNDS = frozenset({
    "training", "learning", "testing", "processing", "modeling", "modelling", "computing", "reasoning",
    "understanding", "thinking", "engineering", "working", "setting", "finding", "using",
})


@lru_cache(maxsize=1 << 16)
def name_like(word: str) -> bool:
    """`kg.extract.keys.is_name_like`, cached: the rules ask it about the same words many times per span."""
    return is_name_like(word)


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """Lower case, a plain plural 's' removed ("datasets" -> "dataset", "corpora" stays)."""
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return lower[:-1]
    return lower


def leading_noise(words: list[str]) -> int:
    """How many leading words are not part of the name.

    Discourse words, determiners, numbers and amounts ("Meanwhile", "However ,", "the", "2.0" in "2.0 BLEU",
    "+ 4-point" in "+ 4-point mAP", "6-month" in "6-month infant brain"), and generic modifiers right before
    a name ("large-scale ImageNet-22K" -> "ImageNet-22K", "pre-trained BERT" -> "BERT").
    """
    skip = 0
    while skip < len(words) and (words[skip].lower() in DISCOURSE_WORDS or words[skip] in {",", ";", ":"}
                                 or (skip < len(words) - 1 and _is_number_or_amount(words[skip]))):
        skip += 1
    modifiers = skip
    while modifiers < len(words) - 1 and words[modifiers].islower() and (
        _is_generic_modifier(words[modifiers]) or _says_kind_before_name(words[modifiers])
    ):
        modifiers += 1
    if modifiers > skip and name_like(words[modifiers]):
        # A kind word cuts only before a bare name: "transition-based AMR parser" is a method of its own.
        if all(map(name_like, words[modifiers:])) or not any(map(_says_kind_before_name, words[skip:modifiers])):
            return modifiers
    return skip


def _is_number_or_amount(word: str) -> bool:
    return word in _SIGNS or bool(_NUMBER.fullmatch(word) or _AMOUNT.fullmatch(word))


def has_name(words: list[str]) -> bool:
    return any(name_like(word) for word in words)


# Thirteenth round (modern dev page): shapes that are never an entity's name. A model's size before it
# ("66b model", "1-billion-parameter autoregressive Transformer", "7B-parameter LLM"), a web address, a
# symbol with a subscript ("Phi_k") or LaTeX ("H\\"older"), a licence ("MIT license"), a GPU ("Tesla V100",
# "A100 GPUs").
_SIZE = re.compile(r"(?i)\d+(?:\.\d+)?[kmbt](?:-parameters?)?"
                   r"|(?:\d+(?:\.\d+)?[kmbt]?-)?(?:thousand|million|billion|trillion)(?:-parameters?)?")
_SUBSCRIPT = re.compile(r"[A-Za-z]+_[A-Za-z0-9]{1,2}")
_GPU = re.compile(r"(?:[AHVPK]\d{2,3}|GPUs?|TPUs?|GeForce|Quadro|Jetson)")


def is_junk_shape(words: list[str]) -> bool:
    """A size, a web address, a symbol, a licence or a piece of hardware: never a Method, Dataset, Task or Metric."""
    if _SIZE.fullmatch(words[0]):
        return True
    if any("://" in word or word.lower().startswith("www.") or "\\" in word for word in words):
        return True
    if len(words) == 1 and _SUBSCRIPT.fullmatch(words[0]):
        return True
    if words[-1].lower() in ("license", "licence", "licenses", "licences"):
        return True  # "MIT license", "CC BY 4.0 licence"
    return words[0] in ("Tesla", "NVIDIA", "Nvidia") or any(_GPU.fullmatch(word) for word in words[-2:])


# Fourteenth round. Steps every model goes through and the regime of having too many parameters, written alone
# in lower case: "optimization", "initialization", "parameterization", "over-parameterization" name no
# particular method ("re-parameterization", "fine-tuning" stay; so do "regularization", a technique word, and
# "embedding", which SciREX's gold marks as a Method).
LONE_STEPS = frozenset({
    "optimization", "optimisation", "initialization", "initialisation",
    "parameterization", "parameterisation", "parametrization", "parametrisation",
    "over-parameterization", "overparameterization", "over-parametrization", "overparametrization",
})
# The value of a loss on some data or on average: a quantity a run reports, not a loss function to train with
# ("training loss", "average loss"; "triplet loss" and "CIoU loss" are methods).
LOSS_VALUE_MODIFIERS = frozenset({"training", "train", "test", "validation", "average", "total"})


def is_generic(words: list[str]) -> bool:
    """No name-like word, and a kind-of-thing head with only generic modifiers (or an umbrella term)."""
    if not words:
        return False
    if len(words) == 1 and words[0] in LONE_STEPS:
        return True  # "optimization", "initialization": a step of every model
    if len(words) == 2 and words[0] in LOSS_VALUE_MODIFIERS and words[1] in ("loss", "losses"):
        return True  # "training loss": a value, not a loss function
    if _is_umbrella(words) or (len(words) > 1 and _is_umbrella(words[:-1]) and (
        singular(words[-1]) in GENERIC_HEADS or without_head_noun(" ".join(words)) != " ".join(words)
    )):
        # "machine learning", "DNNs", "machine learning model"; "SOTA representations", "ML programs" (whose
        # key would otherwise be the bare umbrella SOTA or ML)
        return True
    if _is_umbrella_of_a_part(words):
        return True  # "Arabic NLP", "clinical machine learning": a field narrowed to a language or domain
    phrase = " ".join(words).lower()
    if _is_family_reference(words):
        return True  # "CNN-based SISR methods", "Transformer-based models": others' work as a family
    if has_name(words):
        return False
    if not any(ch.isalpha() for ch in phrase):
        return True
    *modifiers, head = words
    if singular(head) not in GENERIC_HEADS:
        return False
    return all(_is_generic_modifier(m) for m in modifiers)


KIND_HEADS = frozenset({"method", "approach", "model", "technique", "algorithm", "framework", "system"})


def _is_family_reference(words: list[str]) -> bool:
    """An "X-based" kind of thing ("CNN-based SISR methods", "deep learning based restoration methods")."""
    return len(words) > 1 and singular(words[-1]) in KIND_HEADS and any(
        word.lower() == "based" or word.lower().endswith("-based") for word in words[:-1]
    )


_UMBRELLA_FIRST_WORDS = frozenset(term.split()[0] for term in UMBRELLA_TERMS)
_UMBRELLA_MAX_WORDS = max(len(term.split()) for term in UMBRELLA_TERMS)


# Research fields: after a language or a domain they still name a field, not a task.
FIELDS = frozenset({
    "nlp", "natural language processing", "language processing", "information processing", "computer vision",
    "machine learning", "ml", "artificial intelligence", "ai", "data mining", "data science",
})


def _is_umbrella_of_a_part(words: list[str]) -> bool:
    """A field after words without a name: "Japanese NLP", "Chinese language processing"."""
    return any(" ".join(words[cut:]).lower() in FIELDS and not has_name(words[:cut]) for cut in range(1, len(words)))


def _is_umbrella(words: list[str]) -> bool:
    if len(words) > _UMBRELLA_MAX_WORDS or singular(words[0]) not in _UMBRELLA_FIRST_WORDS and (
        words[0].lower() not in _UMBRELLA_FIRST_WORDS
    ):
        return False  # the common case, without joining strings
    return " ".join(words).lower() in UMBRELLA_TERMS or " ".join(singular(w) for w in words) in UMBRELLA_TERMS


def only_modifiers(words: list[str]) -> bool:
    """Words that only say how good, big or new something is ("General", "Enhanced", "large-scale")."""
    return bool(words) and all(_is_generic_modifier(word) or word.lower() in DISCOURSE_WORDS for word in words)


def _says_kind_before_name(word: str) -> bool:
    """A word before a name that says what kind of thing it is: "image-based Market1501", "vanilla LSTM",
    "the real-time detector YOLOv3"."""
    return word.endswith("-based") or word in _KIND_BEFORE_NAME


def _is_generic_modifier(word: str) -> bool:
    """A listed modifier, a hyphen, or a participle ("improved", "garnered", "labeled"), which says how, not which."""
    lower = word.lower()
    return lower in GENERIC_MODIFIERS or singular(word) in GENERIC_MODIFIERS or word == "-" or (
        lower.endswith("ed") and lower.isalpha() and len(lower) > 4
    )


def names_technique(word: str) -> bool:
    """A lone word that names a technique: "dropout", "pooling", "regularization", "quantization"."""
    lower = word.lower()
    return lower in TECHNIQUE_WORDS or (lower.endswith(("ization", "isation")) and lower not in _NOT_TECHNIQUES)


def is_bare_word(words: list[str], label: str, capital_says_nothing: bool = True) -> bool:
    """A single everyday word that names no entity of type `label` on its own.

    A lone lower-case (or capitalised) word is no Concept or Task ("features", "noise", "classification":
    the task is "image classification"), and a Method only when it names a technique ("boosting",
    "quantization", "dropout"; not "parser", "classifier" or "training"). A lone letter ("G") is a symbol.
    A capitalised word counts as everyday only where its capital says nothing (`capital_says_nothing`: the
    start of a sentence, or the title); elsewhere "Caltech" is a name.
    """
    if len(words) != 1:
        return False
    word = words[0]
    if sum(ch.isalpha() for ch in word) < 2:
        return True
    if not (word.isalpha() and word[1:].islower()) or (word[0].isupper() and not capital_says_nothing):
        return False  # a name-like word, or a proper name
    word = word.lower()
    if label == METHOD:
        return word in GENERIC_GERUNDS or not (word.endswith(_TECHNIQUE_ENDINGS) or word in TECHNIQUE_WORDS)
    return label in (CONCEPT, TASK)


def describes_kind(tail: list[str]) -> bool:
    """Lower-case words after a known name that say what kind of thing it is, ending in a generic head:
    "augmentation strategy" in "CutMix augmentation strategy", "family of architectures" in "MobileNets
    family of architectures"."""
    return bool(tail) and all(word.islower() for word in tail) and singular(tail[-1]) in GENERIC_HEADS


def head_remainder(words: list[str]) -> int | None:
    """Number of words before a kind-of-thing head ("pruning method" -> 1); ask only about non-generic spans."""
    if len(words) < 2 or singular(words[-1]) not in GENERIC_HEADS:
        return None
    return len(words) - 1


# Heads under which a named dataset stays the dataset: "BraTS 2018 challenge", "WMT language pairs",
# "ILSVRC 2015 classification task", "Switchboard corpus", "COCO 2015 competitions".
DATA_HEADS = frozenset({
    "dataset", "data", "corpus", "corpora", "benchmark", "set", "challenge", "competition", "task", "track",
    "split", "collection", "database", "treebank", "bank", "subset", "version", "release", "pair",
})
_AFTER_HEAD = frozenset({"of", "for", "in", "on", "from", "with"})


def dataset_name_length(words: list[str]) -> int:
    """How many leading words of a Dataset span name the dataset: a lower-case head that is no kind of data
    says a part or a use of it ("CallHome portion", "COCO suite of challenges",
    "COCO 2016 challenge winners", "PASCAL VOC 2012 semantic segmentation"), so the name ends before it."""
    cut = next((i for i, word in enumerate(words) if i and word.lower() in _AFTER_HEAD), len(words))
    head = words[cut - 1]
    if not head.islower() or singular(head.split("-")[-1]) in DATA_HEADS:
        return len(words)
    named = [i for i, word in enumerate(words[:cut]) if name_like(word) or word.isdigit()]
    if not named or not name_like(words[named[0]]):
        return len(words)
    return named[-1] + 1
