"""Is a Method or Task span a knowledge resource the paper uses, rather than a method or a task?

"knowledge bases (KBs)", "Knowledge Bases", "a lexicon", "an ontology": the NER tags the store of
knowledge a system reads as a Method, because it sits where methods do ("linking mentions to a knowledge
base", "question answering using Knowledge Bases"). Without a name such a span says only what kind of
resource it is; it is no method, no task, and as a node it joins papers that share nothing but having
one. A named resource keeps its name ("WordNet", "Freebase" in the gazetteer; "SyntLex Dictionary",
"CMU Pronouncing Dictionary" are Datasets by kg.extract.typing_rules).

A span is such a resource when it has no name-like word and its head is a kind of knowledge resource;
capitals say nothing here ("Knowledge Bases" mid-sentence, "Semantic Knowledge Bases" in a title). Its
abbreviation goes with it: "KB" and "KBs" always (the acronym every paper uses), and any short form the
paper defines for such a span ("language resources (LRs)").
"""

from __future__ import annotations

from kg.extract.specificity import has_name, singular

# Heads that name a store of knowledge or words, not a way to compute or a problem.
RESOURCE_HEADS = frozenset({
    "lexicon", "lexica", "ontology", "thesaurus", "thesauri", "dictionary", "gazetteer",
    "encyclopedia", "encyclopaedia", "knowledgebase", "knowledge-base", "resource",
})
# The short forms of "knowledge base(s)" that papers use without defining them.
RESOURCE_ACRONYMS = frozenset({"KB", "KBs"})


def is_knowledge_resource(words: list[str]) -> bool:
    """`words` name a kind of knowledge resource without naming one: "knowledge bases", "a lexicon"."""
    if not words or has_name(words):
        return False
    head = singular(words[-1])
    if head == "base":
        return len(words) >= 2 and words[-2].lower() == "knowledge"
    return head in RESOURCE_HEADS


def resource_short_forms(definitions: list[tuple[list[str], list[str]]]) -> set[str]:
    """The short forms of `definitions` ((short words, long words) pairs) whose long form is a resource,
    with the standing acronyms, singular and plural: "LRs" for "language resources (LRs)", "KB"."""
    shorts = {" ".join(short) for short, long in definitions if is_knowledge_resource(long)} | RESOURCE_ACRONYMS
    return shorts | {short[:-1] if short.endswith("s") else short + "s" for short in shorts}
