"""Is an NER span of a Title Case title a description of a class of things rather than a name?

A title capitalises every word, so a capital says nothing there, and the NER takes descriptive runs of
title words for names ("Deep Predictive Models", "Structural Neural Encoders", "Deep Context-aware
Features"). Run through the sixth round's rule for lower-case text, such a span is a plural kind of
thing, a class: in running text "predictive models" is no node. A span is such a fragment when

  * it lies in the title and is written in title case, its head too (function words aside);
  * it has no name-like word (no acronym, digit or inner capital: "FPNN", "U-Nets" stay);
  * the paper does not write it again, in any case: a name the paper defines comes back in its
    abstract, a description of the title's does not;
  * its head is a plural class noun: the kind-of-method heads of kg.extract.kind_references, or what a
    method learns or is built from (representations, features, embeddings, encoders, nets).

"Networks" stays out, as in running text ("Matching Networks", "Deep Pyramidal Residual Networks" are
the papers' names), and so do singular heads ("Point Set Generation Network"). Known names are the
gazetteer's and never pass through here.
"""

from __future__ import annotations

from kg.extract.kind_references import FAMILY_HEADS
from kg.extract.offsets import word_occurrences
from kg.extract.specificity import has_name
from kg.extract.support import title_cased

# Plural heads that say "a class of these" in a title; the running-text list and what models are made of.
CLASS_HEADS = FAMILY_HEADS | {"representations", "features", "embeddings", "encoders", "decoders", "nets"}


def is_title_fragment(words: list[str], text: str, start: int, end: int) -> bool:
    """`words`, the title span text[start:end] of a paper's `text`, describe a class of things."""
    return (
        words[-1].lower() in CLASS_HEADS
        and not has_name(words)
        and title_cased(words)
        and words[-1][:1].isupper()
        and len(word_occurrences(text.casefold(), text[start:end].casefold())) == 1
    )
