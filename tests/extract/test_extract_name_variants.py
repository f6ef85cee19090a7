"""Named variants of a name the paper mentions become mentions of the same kind (session 16).

The sentences run through the real fast pipeline with the NER spans a model might propose given by hand, so
they test the rule and not a model's mood.
"""

from __future__ import annotations

from kg.extract.mentions import doc_mentions


def found(process, sentence: str, *labelled: tuple[str, str]) -> set[tuple[str, str]]:
    doc = process(sentence)
    ner = []
    for text, label in labelled:
        start = doc.text.index(text)
        span = doc.char_span(start, start + len(text))
        ner.append((span.start, span.end, label))
    return {(m.text, m.label) for m in doc_mentions(doc, ner)}


def test_a_named_suffix_after_a_mentioned_name_is_a_variant(process) -> None:
    mentions = found(process, "We speed up CornerNet. CornerNet-Saccade and CornerNet-Squeeze beat YOLOv3 on COCO.",
                     ("CornerNet", "Method"))
    assert {("CornerNet-Saccade", "Method"), ("CornerNet-Squeeze", "Method")} <= mentions


def test_sizes_and_numbers_make_variants_and_a_dataset_keeps_its_kind(process) -> None:
    mentions = found(process, "ZorNet works well. ZorNet-large and ZorNet-2 improve on FooSet and FooSet-R.",
                     ("ZorNet", "Method"), ("FooSet", "Dataset"))
    assert {("ZorNet-large", "Method"), ("ZorNet-2", "Method"), ("FooSet-R", "Dataset")} <= mentions


def test_modifiers_after_a_name_make_no_variant(process) -> None:
    mentions = found(process, "ZorNet is strong. ZorNet-based, ZorNet-Style, ZorNet-pretrained and ZorNet-scale models vary.",
                     ("ZorNet", "Method"))
    assert {text for text, _ in mentions} == {"ZorNet"}


def test_no_variant_of_a_name_the_paper_does_not_mention(process) -> None:
    assert found(process, "ZorNet-Squeeze is fast.") == set()
