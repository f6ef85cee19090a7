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

Thirteenth round (modern dev page): a study the paper makes is no name either, in the title or out of it:
a study noun with at most one adjective before it, then "of" ("Empirical Analysis of Feature Engineering",
"Statistical Foundations of Prior-Data Fitted Networks", "Parametric Approximations of ..."); what
follows "of" stays a name only with a name-like word in it (`study_object`). Nor is a title's clause, a
span with a verb such titles use ("Deep Learning Meets Sparse Regularization", "Time Matters").

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


# What a paper does to its subject: "Empirical Analysis of", "A Unified View of".
STUDY_NOUNS = frozenset({
    "analysis", "analyses", "study", "studies", "foundations", "approximations", "assessment", "evaluation",
    "investigation", "understanding", "view", "perspective", "review", "survey", "characterization",
    "characterisation", "examination", "comparison", "lessons",
})
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ed", "ary", "ous")
# Verbs of title clauses ("X Meets Y", "Attention Matters"): never inside a method's or a task's name.
TITLE_VERBS = frozenset({"meets", "matters", "helps", "beats", "works", "fails", "learns", "needs", "makes"})


def study_object(words: list[str]) -> int | None:
    """Where the subject of a study phrase starts ("Empirical Analysis of Feature Engineering" -> 3), or
    None when `words` are no study phrase. Not "Principal Component Analysis of ...": the word before the
    study noun must be an adjective (-al, -ic, -ive, -ed, -ary, -ous), if there is one."""
    lower = [word.lower() for word in words]
    if "of" not in lower:
        return None
    at = lower.index("of")
    if at == 0 or at > 2 or lower[at - 1] not in STUDY_NOUNS or at + 1 == len(words):
        return None
    if at == 2 and not (words[0].isalpha() and lower[0].endswith(_ADJECTIVE_ENDINGS)):
        return None
    return at + 1


def is_title_clause(words: list[str]) -> bool:
    """A span with a title verb after its first word and no name: "Deep Learning Meets Sparse Regularization"."""
    return len(words) > 1 and not has_name(words) and any(word.lower() in TITLE_VERBS for word in words[1:])


def is_title_fragment(words: list[str], text: str, start: int, end: int) -> bool:
    """`words`, the title span text[start:end] of a paper's `text`, describe a class of things."""
    return (
        words[-1].lower() in CLASS_HEADS
        and not has_name(words)
        and title_cased(words)
        and words[-1][:1].isupper()
        and len(word_occurrences(text.casefold(), text[start:end].casefold())) == 1
    )
