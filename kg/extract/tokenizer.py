"""The blank English pipeline every kg spaCy pipeline starts from.

spaCy's English infix rules split hyphenated and slashed words ("state-of-the-art"
becomes seven tokens, "and/or" three). In ML abstracts those words are names or
modifiers that belong together ("ResNet-50", "3-D", "encoder/decoder"), and
SciERC, our NER training data, tokenizes them as one token, so kg keeps them
whole: hyphens and slashes between letters/digits no longer split a word.
Everything else (prefixes, suffixes, exceptions, URL matching) is spaCy's.
"""

from __future__ import annotations

import spacy
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES, LIST_ELLIPSES, LIST_ICONS
from spacy.language import Language
from spacy.util import compile_infix_regex

# spaCy's English infixes without the two rules that split letter-hyphen-letter
# and letter-slash-letter; ':' '<' '>' '=' between letters still split.
INFIXES: list[str] = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+\-\*^](?=[0-9-])",
    rf"(?<=[{ALPHA_LOWER}{CONCAT_QUOTES}])\.(?=[{ALPHA_UPPER}{CONCAT_QUOTES}])",
    rf"(?<=[{ALPHA}]),(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}0-9])[:<>=/](?=[{ALPHA}])",
]


def blank_nlp() -> Language:
    """A blank English pipeline with kg's tokenizer settings for scientific text."""
    nlp = spacy.blank("en")
    nlp.tokenizer.infix_finditer = compile_infix_regex(INFIXES).finditer
    return nlp
