"""The blank English pipeline every kg spaCy pipeline starts from.

spaCy's English infix rules split hyphenated words ("state-of-the-art" becomes
seven tokens). In ML abstracts such words are names or modifiers that belong
together ("ResNet-50", "3-D", "BERT-based"), and SciERC, our NER training data,
keeps them as one token, so kg does too: a hyphen between letters/digits no
longer splits a word. Slashes still split ("BLEU/TER"), since TDMSci annotates
the parts as separate entities. Everything else (prefixes, suffixes,
exceptions, URL matching) is spaCy's.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES, LIST_ELLIPSES, LIST_ICONS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, registry

TOKENIZER = "kg_tokenizer_v1"

# spaCy's English infixes without the rule that splits letter-hyphen-letter.
INFIXES: list[str] = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+\-\*^](?=[0-9-])",
    rf"(?<=[{ALPHA_LOWER}{CONCAT_QUOTES}])\.(?=[{ALPHA_UPPER}{CONCAT_QUOTES}])",
    rf"(?<=[{ALPHA}]),(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}0-9])[:<>=/](?=[{ALPHA}])",
]


def kg_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's tokenizer for `nlp`'s language, with kg's infixes."""
    tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
    tokenizer.infix_finditer = compile_infix_regex(INFIXES).finditer
    return tokenizer


@registry.tokenizers(TOKENIZER)
def create_kg_tokenizer() -> Callable[[Language], Tokenizer]:
    """kg's tokenizer for pipeline configs: `[nlp.tokenizer] @tokenizers = "kg_tokenizer_v1"`."""
    return kg_tokenizer


def blank_nlp() -> Language:
    """A blank English pipeline with kg's tokenizer settings for scientific text.

    Its config keeps spaCy's own tokenizer name, so pipelines trained from it (kg/resources/ner) load
    with plain spaCy; the tokenizer's rules travel in the saved pipeline's `tokenizer` file.
    """
    nlp = spacy.blank("en")
    nlp.tokenizer = kg_tokenizer(nlp)
    return nlp
