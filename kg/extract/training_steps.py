"""Is a lower-case NER span a step of the training recipe rather than the name of a way to train?

"model training", "parameter tuning", "supervised training", "online training", "hyperparameter tuning":
every paper trains and tunes, so as a node such a phrase joins papers that share nothing but having
done it (the eighth round found them among dev2's lower-case Method nodes: "we use 3/5 of the essays for
model training, another 1/5 for parameter tuning"). A span is such a step when

  * it is written in lower case (a sentence's first capital aside) and has no name-like word;
  * its head is a training or tuning step (training, tuning, retraining);
  * every word before the head only says what is trained or tuned, or in which regime: the generic
    modifiers of kg.extract.specificity and the words below.

Named ways to train keep their place: their modifier says how, and no list here holds it
("adversarial training", "sequence-level training", "curriculum training", "minimum risk training").
"fine-tuning" alone stays a technique word (kg.extract.specificity.TECHNIQUE_WORDS).
"""

from __future__ import annotations

from kg.extract.descriptions import written_lower
from kg.extract.specificity import GENERIC_MODIFIERS, has_name

STEP_HEADS = frozenset({"training", "tuning", "retraining", "re-training"})
# What is trained or tuned, and the regimes every method can be trained in: no method's name.
_STEP_MODIFIERS = GENERIC_MODIFIERS | {
    "parameter", "parameters", "hyperparameter", "hyperparameters", "hyper-parameter", "hyper-parameters",
    "weight", "weights", "network", "classifier", "system", "supervised", "unsupervised", "semi-supervised",
    "self-supervised", "online", "offline", "batch", "mini-batch", "end-to-end", "initial",
}


def is_training_step(words: list[str], sentence_start: bool) -> bool:
    """`words` (a span, `sentence_start` if it starts a sentence) name a training step, not a method."""
    return (
        words[-1].lower() in STEP_HEADS
        and not has_name(words)
        and written_lower(words, sentence_start)
        and all(word.lower() in _STEP_MODIFIERS for word in words[:-1])
    )
