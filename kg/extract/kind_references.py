"""Is a lower-case NER span a reference to a kind of method by what it does, rather than a method's name?

"a search algorithm", "the detection model", "a segmentation network", "an object identification model":
the held-out judges found such phrases typed Method among the most common wrong nodes. Each names a job
and a generic head; any system doing the job fits it, so as a node it joins papers that share nothing but
the job. The shapes, in lower case (a sentence's first capital aside) and without a name-like word but
for a task's acronym:

  * an activity noun right before a kind-of-method head, with only generic modifiers before it:
    "search algorithm", "decoding algorithm", "proposed inference algorithms";
  * a problem noun (a task's head: detection, translation, extraction, ...) before the head, after any
    lower-case words, which say what the task works on: "object identification model", "machine
    translation system", "relation extraction system";
  * a task's acronym before the head, after lower-case words only: "SRL system", "baseline SMT systems";
  * a plural kind of method, whatever comes before it: "independent classifiers", "extractive models",
    "statistical approaches" name a class of methods, not one;
  * measures named by their job: "evaluation metric", and "metrics" after lower-case words and task
    acronyms ("generation metrics", "automatic MT evaluation metrics", "KBP metrics") are a class of
    measures; a named one keeps its name ("PINC metric", "BLEU").

Names keep their place: an activity after a specific modifier is a method ("beam search algorithm",
"expectation maximization algorithm" stay, the problem list holds neither "search" nor "maximization"),
technique words are no activities here ("attention model", "graph convolution network"), nor are a few
process nouns that say what a structure is made of ("transition system", "confusion network"), and a
known name inside the span is extracted by the gazetteer on its own whatever happens to the span.
"""

from __future__ import annotations

import re

from kg.extract.descriptions import written_lower
from kg.extract.specificity import GENERIC_MODIFIERS, has_name, singular
from kg.extract.typing_rules import ACTIVITY_WORDS, METHOD_HEADS, TASK_HEADS

# Heads that say only "some kind of method" (or of measure).
REFERENCE_HEADS = frozenset({
    "model", "method", "approach", "algorithm", "framework", "system", "technique", "network", "architecture",
    "procedure", "strategy", "scheme", "tool", "toolkit", "module", "pipeline", "metric",
})
# Plural heads of a class of methods; "networks" stays out: "recurrent neural networks" name one family.
FAMILY_HEADS = frozenset({
    "models", "methods", "approaches", "algorithms", "techniques", "frameworks", "systems", "classifiers",
    "strategies", "architectures",
})
# Tasks written as acronyms: "an SRL system" is a system for semantic role labeling, whichever.
TASK_ACRONYMS = frozenset({
    "SRL", "SMT", "MT", "NMT", "ASR", "QA", "NER", "POS", "WSD", "IE", "IR", "OCR", "NLI", "RTE", "TTS", "SLU",
    "NLG", "NLU", "MRC", "VQA", "TE", "KBP",
})
# Problem nouns beyond the typing rules' task heads: the job a "<problem> system" is built for.
PROBLEM_WORDS = TASK_HEADS | {"identification", "extraction", "clustering", "mining", "resolution", "labeling",
                              "labelling", "categorization", "understanding", "verification"}
# A process noun: "decoding", "alignment", "inference", "analysis".
_ACTIVITY_ENDING = re.compile(r"(?:tion|sion|ing|ment|sis|ence|ance)$")
# Nouns of that shape that name what a structure is made of, not a job: "transition system" (a parser's
# formal model), "confusion network" (a lattice of recognition hypotheses), "position embedding".
NOT_JOBS = frozenset({"transition", "confusion", "function", "position", "condition"})


def refers_to_kind(words: list[str], sentence_start: bool) -> bool:
    """`words` (a span, `sentence_start` if it starts a sentence) name a job and a generic method head."""
    if len(words) >= 2 and words[-2].rstrip("s") in TASK_ACRONYMS and _reference_head(words[-1]):
        words = words[:-2]  # "SRL system", "baseline SMT systems": the job in capitals
        return not words or (not has_name(words) and written_lower(words, sentence_start))
    if len(words) >= 2 and words[-1] == "metrics" and _lower_or_task_acronyms(words[:-1], sentence_start):
        return True  # "MT evaluation metrics", "generation metrics": the measures of a job, a class
    if len(words) < 2 or has_name(words) or not written_lower(words, sentence_start):
        return False
    if words[-1].lower() in FAMILY_HEADS:
        return True  # "extractive models", "independent classifiers": a class of methods
    if singular(words[-1]) not in REFERENCE_HEADS:
        return False
    job = words[-2].lower()
    before = [word.lower() for word in words[:-2]]
    if job in PROBLEM_WORDS:
        return True
    return _is_activity(job) and all(word in GENERIC_MODIFIERS for word in before)


def _lower_or_task_acronyms(words: list[str], sentence_start: bool) -> bool:
    rest = [word for word in words if word not in TASK_ACRONYMS]
    return not rest or (not has_name(rest) and written_lower(rest, sentence_start and rest[0] == words[0]))


def _reference_head(word: str) -> bool:
    return word.lower() in FAMILY_HEADS or singular(word) in REFERENCE_HEADS


def _is_activity(word: str) -> bool:
    return word not in METHOD_HEADS and word not in NOT_JOBS and (word in ACTIVITY_WORDS or (
        word.isalpha() and len(word) > 5 and _ACTIVITY_ENDING.search(word) is not None
    ))

