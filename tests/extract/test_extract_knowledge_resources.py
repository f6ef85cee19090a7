"""A nameless knowledge resource typed Method or Task is no entity, nor is its abbreviation
(kg.extract.knowledge_resources, ninth round: "Knowledge Bases" typed Method on the SciREX train/dev graph,
"knowledge base (KB)" and "KB" on the SciERC/TDMSci dev graph)."""

from __future__ import annotations

import pytest

from kg.extract.knowledge_resources import is_knowledge_resource, resource_short_forms


@pytest.mark.parametrize(
    ("sentence", "phrase", "label"),
    [
        ("QA has turned to using Knowledge Bases for answers.", "Knowledge Bases", "Method"),
        ("Mentions are linked to a knowledge base entry.", "knowledge base", "Method"),
        ("Each word is looked up in a sentiment lexicon first.", "sentiment lexicon", "Method"),
        ("The terms come from a domain ontology here.", "domain ontology", "Method"),
        ("The system returns the ID of the KB entry.", "KB", "Method"),
    ],
)
def test_knowledge_resources_are_no_mentions(mention_texts, sentence: str, phrase: str, label: str) -> None:
    assert phrase not in mention_texts(sentence, phrase, label)


def test_a_short_form_defined_for_a_resource_goes_with_it(method_spans_typed) -> None:
    text = "It builds applications from language resources (LRs) alone. Few LRs are free."
    found = {found_text for found_text, _ in method_spans_typed(text, "language resources", "LRs")}
    assert not {"language resources", "LRs"} & found


@pytest.mark.parametrize(
    ("sentence", "phrase", "label"),
    [
        ("Word senses come from WordNet as usual.", "WordNet", "Method"),
        ("We add the SyntLex Dictionary to the parser.", "SyntLex Dictionary", "Method"),
        ("It scores well on Knowledge Base Population this year.", "Knowledge Base Population", "Task"),
    ],
)
def test_named_resources_and_tasks_stay(mention_texts, sentence: str, phrase: str, label: str) -> None:
    assert phrase in mention_texts(sentence, phrase, label)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("structured knowledge bases", True),
        ("Semantic Knowledge Bases", True),
        ("thesaurus", True),
        ("language resources", True),
        ("code base", False),
        ("SentiWordNet", False),
        ("dictionary learning", False),
    ],
)
def test_is_knowledge_resource(phrase: str, expected: bool) -> None:
    assert is_knowledge_resource(phrase.split()) is expected


def test_resource_short_forms() -> None:
    shorts = resource_short_forms([(["LRs"], ["language", "resources"]), (["LR"], ["logistic", "regression"])])
    assert {"LRs", "LR", "KB", "KBs"} <= shorts
    assert resource_short_forms([(["LR"], ["logistic", "regression"])]) == {"KB", "KBs"}  # "LR" stays a name
