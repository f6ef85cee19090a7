"""The right graph type for a statistical-NER span, from its head noun and the shape of its name.

The NER's label is a guess from context; the head noun of a scientific term is usually a better one:
"Cross mini-Batch Normalization" (tagged Task), "contrastive loss" and "logistic regression" are methods
whatever the sentence looks like, and "image classification" is a task. Rules, in order:

  * a head that names a technique (normalization, minimization, loss, network, regression, ...) makes a
    Method; a name built like a model name (CycleGAN, Longformer, SciBERT) is a Method too, never a Dataset;
  * a head that names a problem (classification, detection, segmentation, ...) makes a Task of a Method
    span without a name in it ("svm classification" stays with its name-less words, "BERT classifier" not);
  * a Task naming a year is a benchmark, a Dataset ("WMT 2014 English-German", "ILSVRC 2015 task"); so
    is a named Method span whose head is a collection of data or a benchmark ("CMU Pronouncing
    Dictionary", "WMT12 Quality Estimation shared task");
  * a Task names an activity: its head is a process noun (detection, parsing, analysis, ...), an activity
    word (search, control, transfer, ...) or a name ("CoNLL-2003 NER"), read past a role word ("semantic
    segmentation task"); "3D facial shape", "General Agents", "intra-class inconsistency" and, a name
    elsewhere in them notwithstanding, "Web-Scale ML Systems" and "Three-Phase Scenario" are Concepts; a
    named contest ("BabyLM competition", "SPMRL Shared Task") is a benchmark, a Dataset;
  * a Dataset needs a name (a capital or a digit): "parallel corpora" is a Concept; before a head that any
    text is made of (data, texts, messages, language) only a name-like word or a number is one: "Parallel
    Data", "Social Media Texts" in a title are Concepts, "GENIA data" stays;
  * a named Method span after "performance/results/experiments ... on" (a list before it allowed) is what
    a system is evaluated on, a Dataset: "state-of-the-art performance on SiftFlow and PASCAL-Context";
  * a Dataset or Task whose head is a kind of data or device (image, scan, camera, ...) is a Concept:
    "RGB image", "T2-weighted MR images", "Natural Images", "GPS devices";
  * a Method span whose head only names a score (accuracy, metric, measure, index, BLEU, ...) is a
    Metric: "Speech Intelligibility Index", "F1-measure"; so is a named one in a list of metrics
    ("metrics such as METEOR, TER and TESLA");
  * a name-less Method or Task span whose head names a mathematical object or branch ("Conditional Mutual
    Information", "Riemannian Geometry", "stochastic differential equation", "Singular Vectors"), a study of a kind of data ("Data Mining", "signal processing") or
    a modality ("medical imaging") is a Concept, and so is the short form a paper defines for it;
  * a Metric is a measure: a measure head (accuracy, error, rate, score, F1, ...) or an acronym (FID,
    BLEU, mAP). Anything else tagged Metric names a property ("complexity", "robustness", "computational
    cost") and becomes a Concept, except a product-style name ("MindSpore"), which is software: a Method.
    A setting of training is no measure of a result, whatever its head: "learning rate" (SciREX's gold
    tags it Metric 299 times, so the NER does too) and "batch size" are Concepts.
A lone technique word ("regularization", "pooling") is a Method whatever the tag; other Concepts are left
alone: "hidden layer" or "parse tree" are not methods.
Gazetteer names never pass through here: their type is the list's.
"""

from __future__ import annotations

import re

from kg.extract.gazetteer import load_gazetteer
from kg.extract.specificity import name_like, names_technique, singular
from kg.model import CONCEPT, DATASET, METHOD, METRIC, TASK

_RETYPED_AS_METHOD = frozenset({TASK, DATASET, METRIC})

METHOD_HEADS = frozenset({
    "normalization", "normalisation", "minimization", "minimisation", "maximization", "maximisation",
    "regularization", "regularisation", "loss", "network", "net", "regression", "descent", "dropout",
    "attention", "encoder", "decoder", "autoencoder", "classifier", "machine", "forest", "distillation",
    "augmentation", "quantization", "pruning", "pooling", "optimizer", "optimiser", "sampler", "transformer",
    "perceptron", "estimator", "convolution", "embedding", "initialization", "propagation",
    "backpropagation", "gan", "lstm", "rnn", "cnn", "mlp",
    # training procedures ("CNN fine-tuning", "Sequence Level Training") and wiring ("Direct Output Connection")
    "training", "tuning", "finetuning", "pretraining", "connection",
    # kinds of method: with a specific modifier ("language model", "beam search algorithm") still methods
    "model", "method", "algorithm", "architecture", "approach", "technique", "framework",
})
TASK_HEADS = frozenset({
    "classification", "detection", "segmentation", "recognition", "translation", "answering",
    "summarization", "summarisation", "captioning", "retrieval", "tracking", "estimation", "prediction",
    "forecasting", "parsing", "tagging", "localization", "localisation", "generation", "synthesis",
    "reconstruction", "completion", "inpainting", "super-resolution", "denoising", "deblurring",
    # fourteenth round: choosing among candidates is the problem, not a way to solve it ("feature selection",
    # "hyperparameter selection", "policy selection"); only in lower case: in capitals word by word it names
    # a method ("Infinite Latent Feature Selection", "Gradient-based Parameter Selection (GPS)")
    "selection",
})
MEASURE_HEADS = frozenset({
    "accuracy", "error", "rate", "score", "precision", "recall", "f1", "f-score", "f-measure", "f1-score",
    "distance", "index", "correlation", "coefficient", "similarity", "perplexity", "iou", "ap", "map", "auc",
    "measure", "metric", "likelihood", "ratio", "divergence", "gain", "bleu", "rouge", "meteor", "cider",
    "psnr", "ssim", "fid", "mse", "rmse", "mae", "wer", "cer", "kappa", "agreement", "ndcg", "mrr", "hit",
    "hits", "auroc", "auprc", "eer", "mota", "uas", "las",
})
# Measure heads that name nothing but how results are scored: a Method span ending in one is a Metric
# ("Speech Intelligibility Index", "F1-measure"). Not "distance", "likelihood", "error", "rate", "precision",
# "score" or "map", which also head methods and things ("maximum likelihood", "mixed precision", "feature map").
SCORE_HEADS = frozenset({
    "accuracy", "recall", "f1", "f-score", "f-measure", "f1-score", "measure", "metric", "index", "perplexity",
    "kappa", "agreement", "bleu", "rouge", "meteor", "cider", "psnr", "ssim", "fid", "rmse", "mae", "wer", "cer",
    "ndcg", "mrr", "auc", "auroc", "auprc", "eer", "mota", "uas", "las",
})
# Settings of a training run (word before the head, head) that the NER tags Metric: measured by nobody.
TRAINING_SETTINGS = frozenset({("learning", "rate"), ("batch", "size"), ("dropout", "rate"), ("warmup", "step")})
# What any text is made of: without a name or a number before them, no dataset in any case.
PLAIN_DATA_HEADS = frozenset({"data", "text", "message", "language", "document", "sentence", "post", "comment"})
# Heads of a named collection of data or of a benchmark: a Method span ending in one is a Dataset.
COLLECTION_HEADS = frozenset({
    "dataset", "corpus", "corpora", "treebank", "dictionary", "lexicon", "benchmark", "database", "challenge",
    "competition", "task",
})
# Kinds of data or of capture device: "RGB image", "T2-weighted MR images", "GPS devices" name no dataset or task.
DATA_KIND_HEADS = frozenset({
    "image", "video", "camera", "device", "scan", "frame", "photo", "photograph", "picture", "sensor", "mri",
})
# Twelfth round. Mathematical objects and branches of mathematics, named without a name-like word: "Conditional
# Mutual Information", "Distance Correlation", "Spherical Harmonics", "Signed Barcodes", "Riemannian Geometry",
# "Category Theory", "Likelihood Landscapes" are Concepts, whatever the NER's Method or Task tag.
MATHS_OBJECT_HEADS = frozenset({
    "information", "correlation", "harmonic", "harmonics", "barcode", "landscape", "geometry", "theory", "topology",
    # fourteenth round: equations ("stochastic differential equation", and so its short form SDE), linear
    # algebra ("Singular Vectors", "augmented covariance matrix", matrices), distributions and properties of
    # data ("Data Generating Distribution", "Local Intrinsic Dimensionality", "linear separability")
    "equation", "equality", "vector", "matrix", "matrice", "distribution", "dimensionality", "separability",
})
# Heads that name a mathematical object only after a word: "stochastic processes" ("Gaussian Process" and
# "Dirichlet process" are models, "generative process" a description).
MATHS_OBJECT_PAIRS = frozenset({("stochastic", "process"), ("stochastic", "processe"), ("point", "process")})
# Fields of study and ways of capturing data: a study of some kind of data ("Data Mining", "Topological Data
# Analysis", "Medical Image Analysis", "signal processing") or a modality ("medical imaging", "Earth
# Observation") names no task or method; "Sentiment Analysis" stays. Not "sensing" or "tomography", which
# head tasks too ("compressed sensing", "quantum state tomography").
FIELD_HEADS = frozenset({"analysis", "mining", "processing"})
FIELD_OBJECTS = frozenset({"data", "image", "signal", "text", "speech", "video"})
MODALITY_HEADS = frozenset({"imaging", "observation"})
# A task is an activity: its head is a process noun ("-tion", "-ing", "-sis", ...) or one of these.
_ACTIVITY_ENDING = re.compile(r"(?:tion|sion|ing|ment|sis|ance|ence|ery)$")
ACTIVITY_WORDS = frozenset({
    "search", "control", "transfer", "retrieval", "removal", "design", "dialogue", "dialog", "play", "qa",
    "chess", "go", "game",
})
# What a task is called after its name: "semantic segmentation task", "link prediction problem".
ROLE_HEADS = frozenset({"task", "problem"})
# The head of "Semantic Segmentation of Urban Scenes" comes before the preposition.
_HEAD_BEFORE = frozenset({"of", "for", "in", "on", "from", "with", "between"})
# "15" in "WMT 15", "'09": the edition of a named benchmark.
_NUMBER = re.compile(r"^'?\d+$")
# "3D", "6D": dimensions, not names.
_DIMENSION = re.compile(r"^\d+D$")
# "performance on", "results on the", "experiments on X, Y and": what follows is what a system is evaluated on.
_EVALUATED_ON = re.compile(
    r"\b(?:performance|results?|experiments?|evaluat\w*|tested|accuracy|benchmarks?|state[- ]of[- ]the[- ]art)"
    r"\s+(?:on|in)\s+(?:the\s+)?(?:[^\s,]+\s*,\s*(?:and\s+|or\s+)?|[^\s,]+\s+(?:and|or)\s+)*$",
    re.I,
)
# "the MMI database", "the CKP set", "CIFAR-10 and SVHN benchmarks": a word for data right after the name;
# fourteenth round: or after a list of names that follows it ("on CIFAR and ImageNet datasets").
_DATA_WORDS = r"(?:data ?sets?|databases?|corpus|corpora|benchmarks?)\b"
_DATA_WORD_AFTER = re.compile(r"^(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?[A-Z][\w.-]*)*\s*" + _DATA_WORDS)
_DATA_WORD_AFTER_ANY_CASE = re.compile(r"^\s*" + _DATA_WORDS, re.I)
# Fourteenth round: "a 18.4% improvement over SOTA methods on RAFT", "11.48% performance improvement on FGVC":
# a gain with a number in its sentence is measured on data ("an improvement on BERT" improves a method).
_IMPROVED_ON = re.compile(
    r"\b(?:improvements?|gains?)(?:\s+over\s+[^,.;]{1,40}?)?\s+on\s+(?:the\s+)?"
    r"(?:[^\s,]+\s*,\s*(?:and\s+|or\s+)?|[^\s,]+\s+(?:and|or)\s+)*$",
    re.I,
)
# "metrics such as METEOR (), TER), and", "three intelligibility measures, the Dau measure, the glimpse
# proportion and the": a list of scores right before the name.
_METRIC_LIST_BEFORE = re.compile(
    r"\b(?:metrics|measures)\s*,?\s*(?:i\.\s?e\.|e\.\s?g\.|such as|including|namely|like|:|,)\s*,?\s*(?:the\s+)?"
    r"(?:[^,.;:]{1,40}?,\s*(?:and\s+|or\s+)?(?:the\s+)?)*(?:[^,.;:]{1,40}?\s+(?:and|or)\s+(?:the\s+)?)?$",
    re.I,
)
_SET_AFTER = re.compile(r"^\s*sets?\b", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# "The standard datasets, i.e. X and Y", "benchmarks such as X, Y", "datasets: Long Name (X)": a list of data
# named right before the name, or the name's long form there.
_DATA_LIST_BEFORE = re.compile(
    r"\b(?:data ?sets|databases|corpora|benchmarks)\s*,?\s*(?:i\.\s?e\.|e\.\s?g\.|such as|including|namely|:)"
    r"\s*,?\s*(?:[^\s,]+\s*,\s*(?:and\s+)?)*(?:(?:[A-Z][\w-]*\s+){1,6}\(\s*)?$",
    re.I,
)
# Model-name endings: CycleGAN, Longformer, SciBERT (checked on the original case). Not "-Net": ImageNet,
# ShapeNet and WordNet are datasets.
_MODEL_NAME = re.compile(r"(?:GANs?|[a-z]formers?|BERT)$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# An acronym-style measure: FID, BLEU, mAP, ROUGE-L, F1, Top-5, R@1.
_ACRONYM = re.compile(r"^(?:[A-Za-z]?[A-Z][A-Z0-9@-]*|[a-z][A-Z]+[A-Za-z0-9-]*|[A-Za-z]+-?\d+)$")


def refined_type(words: list[str], label: str) -> str:
    """The graph type for an NER span of `words` the model labelled `label` (already a graph type)."""
    if not words:
        return label
    head = _head(words)
    named = any(name_like(word) for word in words)
    if len(words) == 1 and label in (CONCEPT, TASK) and names_technique(words[0]):
        return METHOD  # "regularization", "pooling", "downsampling"
    if label in _RETYPED_AS_METHOD and (head in METHOD_HEADS or any(_MODEL_NAME.search(word) for word in words)):
        return METHOD
    if label in (METHOD, TASK) and not named and names_field_or_maths_object(words, head):
        return CONCEPT  # "Riemannian Geometry", "Conditional Mutual Information", "Data Mining", "medical imaging"
    if label == METHOD and head in SCORE_HEADS:
        return METRIC  # "Speech Intelligibility Index", "F1-measure": how results are scored, not a method
    if label == METHOD and head in TASK_HEADS and not named and (head != "selection" or _lower_after_first(words)):
        return TASK  # "feature selection"; "Infinite Latent Feature Selection" in capitals is a method's name
    if label == METHOD and named and head in COLLECTION_HEADS:
        return DATASET  # a named collection or benchmark: "CMU Pronouncing Dictionary", "WMT12 ... shared task"
    if label == TASK and any(_YEAR.match(word) for word in words):
        return DATASET  # a shared task or challenge of a year is a benchmark: "ILSVRC 2015 classification task"
    if label == TASK and named and ((head in COLLECTION_HEADS and head != "task") or _shared_task(words)):
        return DATASET  # a named contest is a benchmark: "BabyLM competition", "VQA Challenge", "SPMRL Shared Task"
    if label == TASK and not _names_activity(words):
        return CONCEPT  # a thing, a place or a kind of data: "3D facial shape", "General Agents", "Class Imbalance"
    if label == METRIC:
        return _metric_type(words, head)
    if label == DATASET and not any(ch.isupper() or ch.isdigit() for word in words for ch in word):
        return CONCEPT  # a kind of data ("parallel corpora"), not a named dataset
    if label == DATASET and head in PLAIN_DATA_HEADS and not named and not any(ch.isdigit() for ch in "".join(words)):
        return CONCEPT  # capitals say nothing here: "Parallel Data", "Social Media Texts", "Chinese Language"
    if label in (DATASET, TASK) and head in DATA_KIND_HEADS and not words[0].lower().endswith("ing"):
        return CONCEPT  # a kind of data ("RGB image", "Natural Images"); "Generating Images" is a task
    return label


def _shared_task(words: list[str]) -> bool:
    """Ends in "shared task(s)": a contest, whatever its name ("SPMRL Shared Task", "WMT shared tasks")."""
    return len(words) >= 2 and words[-2].lower() == "shared" and singular(words[-1]) == "task"


def _lower_after_first(words: list[str]) -> bool:
    """Written in lower case but for a sentence's first capital: "feature selection", "Policy selection"."""
    return all(word == word.lower() for word in words[1:]) and (words[0][1:] == words[0][1:].lower())


def score_short_forms(definitions: list[tuple[list[str], list[str]]]) -> set[str]:
    """The short forms of `definitions` ((short words, long words) pairs) whose long form's head only names
    a score: the NER's Method tag on "SII" in "the Speech Intelligibility Index (SII)" is a Metric too."""
    return {" ".join(short) for short, long in definitions if long and _head(long) in SCORE_HEADS}


def field_short_forms(definitions: list[tuple[list[str], list[str]]]) -> set[str]:
    """The short forms of `definitions` whose name-less long form names a field of study or a mathematical
    object: "TDA" after "Topological Data Analysis (TDA)" is no method either."""
    return {
        " ".join(short) for short, long in definitions
        if long and not any(name_like(word) for word in long) and names_field_or_maths_object(long)
    }


def _head(words: list[str]) -> str:
    return singular(words[-1].split("-")[-1]) if words[-1] != "-" else ""


def names_field_or_maths_object(words: list[str], head: str | None = None) -> bool:
    """Do name-less `words` (head `head`, else their last word's) name a mathematical object, a field of study
    or a modality? Also used by scripts/build_gazetteer.py on the Papers-with-Code task lists."""
    if any(i and word.lower() in _HEAD_BEFORE for i, word in enumerate(words)):
        return False  # "extraction of information", "Theory of Mind Modeling": the head is elsewhere
    head = (_head(words) if head is None else head).lower()
    if head in MATHS_OBJECT_HEADS or head in MODALITY_HEADS:
        return True
    if len(words) >= 2 and (words[-2].lower(), head) in MATHS_OBJECT_PAIRS:
        return True
    return head in FIELD_HEADS and len(words) >= 2 and singular(words[-2].split("-")[-1].lower()) in FIELD_OBJECTS


def _metric_type(words: list[str], head: str) -> str:
    if len(words) >= 2 and (words[-2].lower(), head.lower()) in TRAINING_SETTINGS:
        return CONCEPT  # "initial learning rate", "batch size": chosen before training, not measured after
    if head in MEASURE_HEADS or words[-1].lower() in MEASURE_HEADS:
        return METRIC
    if any(len(word) > 1 and _ACRONYM.match(word) for word in words):
        return METRIC
    if any(name_like(word) for word in words):
        return METHOD  # a product-style name (MindSpore) is software, not a measure
    return CONCEPT  # a property: complexity, robustness, computational cost



def _names_activity(words: list[str]) -> bool:
    """Could these words name a task? A single word, a gerund first ("Detecting Oriented Text"), a name as
    the head ("CoNLL-2003 NER", "WMT 15"), or a process head noun before any preposition ("Semantic
    Segmentation of Urban Scenes", "COCO instance segmentation"). A name elsewhere does not make a thing a
    task: "Web-Scale ML Systems", "Three-Phase Scenario". A role word after the task is read past:
    "semantic segmentation task", "NED problem"."""
    if len(words) >= 2 and singular(words[-1]) in ROLE_HEADS:
        if len(words) == 2:
            return _names_itself(words[0])
        words = words[:-1]
    if len(words) < 2 or words[0].lower().endswith("ing"):
        return True
    cut = next((i for i, word in enumerate(words) if i and word.lower() in _HEAD_BEFORE), len(words))
    head_word = words[cut - 1]
    if _names_itself(head_word) or (_NUMBER.match(head_word) and cut >= 2 and _names_itself(words[cut - 2])):
        return True
    head = singular(head_word.split("-")[-1])
    return bool(_ACTIVITY_ENDING.search(head)) or head in ACTIVITY_WORDS


def _names_itself(word: str) -> bool:
    """A name, where a capital after a hyphen joining common words is none: "Three-Phase", "Multi-Channel"
    are not names, "Chinese-to-English" and "ImageNet-1k" are."""
    if _DIMENSION.match(word) or not name_like(word):
        return False
    parts = [part for part in word.split("-") if part]
    if len(parts) < 2 or any(map(name_like, parts)):
        return True
    return not all(part.lower() in load_gazetteer().common_words for part in parts)


def listed_with_metrics(words: list[str], label: str, text_before: str) -> str:
    """A named Method span in a list of metrics is a Metric: "many new generation metrics, such as METEOR,
    TER, and TESLA". `text_before`: the text up to the span."""
    if label == METHOD and any(name_like(word) for word in words) and _METRIC_LIST_BEFORE.search(text_before[-200:]):
        return METRIC
    return label


def _measured_gain_on(before: str) -> bool:
    """`before` (the text up to a span) ends in "improvement(s) / gain(s) [over ...] on", a number earlier in
    its sentence."""
    return bool(_IMPROVED_ON.search(before)) and any(ch.isdigit() for ch in re.split(r"[.!?]\s", before)[-1])


def evaluated_on(words: list[str], label: str, text_before: str, text_after: str = "") -> str:
    """A named Method span that a system is evaluated on is a Dataset: "state-of-the-art performance on
    SiftFlow and PASCAL-Context", "on Caltech, INRIA, and ETH"; so is one the text calls data: "the
    standard datasets, i.e. Extended Cohn-Kanade", "on the CKP set", "the MMI database".
    `text_before` / `text_after`: the text up to the span and from its end."""
    if label != METHOD or not any(name_like(word) for word in words):
        return label
    before, after = text_before[-200:], text_after[:40]
    if _EVALUATED_ON.search(before) or _DATA_LIST_BEFORE.search(before) or _measured_gain_on(before):
        return DATASET
    if _DATA_WORD_AFTER_ANY_CASE.search(after) or _DATA_WORD_AFTER.search(after):
        return DATASET
    if _SET_AFTER.search(after) and _THE_BEFORE.search(before):
        return DATASET
    return label
