"""Canonicalization across papers: merges that must happen, and merges that must not."""

from __future__ import annotations

import random

import pytest

from kg.extract.gazetteer import load_gazetteer
from kg.extract.types import Evidence, Extraction, Mention
from kg.graph.canonical import build_entity_index

GAZETTEER = load_gazetteer()  # the shipped one, which the fast extractor of these tests matches


def mention(text: str, label: str = "Method", canonical: str | None = None) -> Mention:
    return Mention(text, label, Evidence(text, 0, len(text), text), canonical=canonical)


def paper(paper_id: str, *mentions: Mention, abbreviations: list[tuple[str, str]] | None = None) -> Extraction:
    return Extraction(paper_id, mentions=list(mentions), abbreviations=abbreviations or [])


def resolved(index, extraction: Extraction) -> dict[str, tuple[str, str]]:
    return {m.text: index.resolve(m, extraction.paper_id) for m in extraction.mentions}


def test_lora_in_one_paper_low_rank_adaptation_in_another(extract_one) -> None:
    first = extract_one("We adapt the model with LoRA on two tasks.", paper_id="p1")
    second = extract_one("Low-rank adaptation is cheap to train.", paper_id="p2")
    index = build_entity_index([first, second], GAZETTEER)
    (lora,) = first.mentions
    (long_form,) = second.mentions
    assert index.resolve(lora) == index.resolve(long_form) == ("method:low-rank-adaptation", "Low-Rank Adaptation")
    assert index.aliases("method:low-rank-adaptation") == ["LoRA", "Low-rank adaptation"]


def test_unknown_abbreviation_defined_in_one_paper_merges_everywhere(extract_one) -> None:
    defining = extract_one("We propose Spectral Token Mixing (STMix), a layer for transformers.", paper_id="p1")
    using = extract_one("We compare against STMix on small images.", paper_id="p2")
    mentions = [m for m in defining.mentions if m.text in {"STMix", "Spectral Token Mixing"}]
    assert {m.text for m in mentions} == {"STMix", "Spectral Token Mixing"}
    # The second paper only mentions the short form if something extracted it; add it as NER would.
    using.mentions.append(mention("STMix"))
    index = build_entity_index([defining, using], GAZETTEER)
    ids = {index.resolve(m)[0] for m in mentions} | {index.resolve(using.mentions[-1])[0]}
    assert len(ids) == 1
    assert set(index.aliases(ids.pop())) == {"STMix", "Spectral Token Mixing"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("CIFAR-10", "CIFAR-100"), ("ImageNet", "ImageNet-22k"), ("BERT", "RoBERTa"), ("GPT-3", "GPT-3.5")],
)
def test_no_false_merges(extract_one, a: str, b: str) -> None:
    extraction = extract_one(f"We evaluate on {a} and on {b} as well.")
    index = build_entity_index([extraction], GAZETTEER)
    found = resolved(index, extraction)
    assert set(found) == {a, b}
    assert found[a][0] != found[b][0]


def test_variants_merge(extract_one) -> None:
    extraction = extract_one(
        "ViTs beat CNNs. A ViT on CIFAR10 and the CIFAR-10 dataset. Transformers and a transformer."
    )
    index = build_entity_index([extraction], GAZETTEER)
    ids = {m.text: index.resolve(m)[0] for m in extraction.mentions}
    assert ids["ViTs"] == ids["ViT"] == "method:vision-transformer"
    assert ids["CIFAR10"] == ids["CIFAR-10"] == "dataset:cifar-10"
    assert ids["Transformers"] == ids["transformer"] == "method:transformer"


def test_determiners_and_head_nouns_without_gazetteer() -> None:
    a = paper("p1", mention("the FooNet model"), mention("FooNet"), mention("FooNet"))
    b = paper("p2", mention("FooNets"))
    index = build_entity_index([a, b], GAZETTEER)
    ids = {index.resolve(m)[0] for m in a.mentions + b.mentions}
    assert ids == {"method:foonet"}
    assert index.aliases("method:foonet") == ["FooNet", "FooNets", "the FooNet model"]


def test_a_generic_head_after_a_name_the_corpus_writes_alone_is_that_name() -> None:
    # "Xception" has no capital inside, so the key alone keeps "Xception architecture" apart; the bare mention
    # in another paper says the words before the head are a name (fifth round, SciREX train/dev).
    a = paper("p1", mention("Xception architecture"), mention("dependent reading bidirectional LSTM network"))
    b = paper("p2", mention("Xception"), mention("Dependent Reading Bidirectional LSTM"))
    index = build_entity_index([a, b], GAZETTEER)
    assert {index.resolve(m) for m in a.mentions[:1] + b.mentions[:1]} == {("method:xception", "Xception")}
    assert index.resolve(a.mentions[1]) == index.resolve(b.mentions[1])


def test_a_generic_head_stays_without_the_bare_name_lower_case_or_between_gazetteer_entries() -> None:
    alone = paper("p1", mention("Xception architecture"), mention("translation task", "Task"))
    bare = paper("p2", mention("translation", "Task"))
    index = build_entity_index([alone, bare], GAZETTEER)
    assert index.resolve(alone.mentions[0])[0] == "method:xception-architecture"
    assert index.resolve(alone.mentions[1]) != index.resolve(bare.mentions[0])
    # Two entries of the gazetteer: a benchmark collection (Dataset) and its task (Task).
    entries = paper("p3", mention("Time Series Prediction Benchmarks", "Dataset"),
                    mention("Time Series Prediction", "Task"))
    index = build_entity_index([entries], GAZETTEER)
    assert index.resolve(entries.mentions[0]) != index.resolve(entries.mentions[1])


def test_short_form_with_two_meanings_stays_per_paper() -> None:
    self_sup = paper("p1", mention("SSL", "Task"), mention("self-supervised learning", "Task"),
                     abbreviations=[("SSL", "self-supervised learning")])
    semi_sup = paper("p2", mention("SSL", "Task"), mention("semi-supervised learning", "Task"),
                     abbreviations=[("SSL", "semi-supervised learning")])
    undefined = paper("p3", mention("SSL", "Task"))
    index = build_entity_index([self_sup, semi_sup, undefined], GAZETTEER)
    assert index.resolve(self_sup.mentions[0], "p1")[0] == "task:self-supervised-learning"
    assert index.resolve(semi_sup.mentions[0], "p2")[0] == "task:semi-supervised-learning"
    assert index.resolve(undefined.mentions[0], "p3")[0] == "task:ssl"


def test_a_short_form_defined_two_ways_never_joins_its_two_meanings() -> None:
    contrastive = paper("p1", mention("Contrastive Learning", canonical="Contrastive Learning"),
                        mention("CL", canonical="Contrastive Learning"),
                        abbreviations=[("CL", "Contrastive Learning")])
    continual = paper("p2", mention("Continual Learning", "Task", canonical="Continual Learning"),
                      mention("CL", "Task", canonical="Continual Learning"),
                      abbreviations=[("CL", "Continual Learning")])
    for order in ([contrastive, continual], [continual, contrastive]):
        index = build_entity_index(order, GAZETTEER)
        first, second = index.resolve(contrastive.mentions[1], "p1")[0], index.resolve(continual.mentions[1], "p2")[0]
        assert (first, second) == ("method:contrastive-learning", "task:continual-learning")
        assert "CL" in index.aliases(first) and "CL" in index.aliases(second)
        assert "Continual Learning" not in index.aliases(first)


def test_an_abbreviation_does_not_redefine_a_known_short_form() -> None:
    cnn = paper("p1", mention("CNN", canonical="Convolutional Neural Network"),
                mention("Cellular Neural Network"), abbreviations=[("CNN", "Cellular Neural Network")])
    other = paper("p2", mention("CNN", canonical="Convolutional Neural Network"))
    index = build_entity_index([cnn, other], GAZETTEER)
    assert index.resolve(other.mentions[0], "p2")[0] == "method:convolutional-neural-network"
    assert index.resolve(cnn.mentions[0], "p1")[0] == "method:cellular-neural-network"  # its own definition
    assert index.resolve(cnn.mentions[1], "p1")[0] == "method:cellular-neural-network"


def test_abbreviation_never_joins_two_gazetteer_entries() -> None:
    odd = paper("p1", mention("BERT", canonical="BERT"), mention("RoBERTa", canonical="RoBERTa"),
                abbreviations=[("BERT", "RoBERTa")])
    index = build_entity_index([odd], GAZETTEER)
    assert index.resolve(odd.mentions[0])[0] != index.resolve(odd.mentions[1])[0]


def test_type_by_gazetteer_then_majority() -> None:
    extraction = paper("p1", mention("ImageNet", "Method"), mention("ZorbNet", "Dataset"),
                       mention("ZorbNet", "Method"), mention("ZorbNet", "Method"), mention("Quux", "Task"),
                       mention("Quux", "Dataset"))
    index = build_entity_index([extraction], GAZETTEER)
    assert index.resolve(extraction.mentions[0])[0] == "dataset:imagenet"
    assert index.resolve(extraction.mentions[1])[0] == "method:zorbnet"
    assert index.resolve(extraction.mentions[4])[0] == "dataset:quux"  # tie: Method, Dataset, Task, ... order


def test_names_that_differ_only_in_case_keep_apart() -> None:
    extraction = paper("p1", mention("GPS"), mention("GPs"))
    index = build_entity_index([extraction], GAZETTEER)
    first, second = (index.resolve(m)[0] for m in extraction.mentions)
    assert first != second and len(index) == 2


def test_unknown_mention_is_an_error() -> None:
    index = build_entity_index([paper("p1", mention("BERT"))], GAZETTEER)
    with pytest.raises(KeyError, match="Unseen"):
        index.resolve(mention("UnseenNet"))


def test_seed_corpus_index_is_order_independent(seed_extractions) -> None:
    index = build_entity_index(seed_extractions, GAZETTEER)
    shuffled = list(seed_extractions)
    random.Random(7).shuffle(shuffled)
    again = build_entity_index(shuffled, GAZETTEER)
    assert index.entity_ids() == again.entity_ids()
    for entity in index.entity_ids():
        assert index.aliases(entity) == again.aliases(entity)
    for extraction in seed_extractions:
        for m in extraction.mentions:
            entity, name = index.resolve(m, extraction.paper_id)
            assert (entity, name) == again.resolve(m, extraction.paper_id)
            assert m.text in index.aliases(entity)
            assert entity.split(":", 1)[0] == index.entity_type(entity).lower()


def test_two_letter_short_form_joins_its_long_form_only_where_defined() -> None:
    """'AD' is Alzheimer's disease in the paper that says so, not in a paper about anomaly detection."""
    medical = paper("p1", mention("Alzheimer's Disease", "Task"), mention("AD", "Task"),
                    abbreviations=[("AD", "Alzheimer's Disease")])
    anomaly = paper("p2", mention("AD", "Task"), mention("anomaly detection", "Task"))
    index = build_entity_index([medical, anomaly], GAZETTEER)
    alzheimer = index.resolve(medical.mentions[0], "p1")[0]
    assert index.resolve(medical.mentions[1], "p1")[0] == alzheimer
    assert index.resolve(anomaly.mentions[0], "p2")[0] not in {alzheimer, index.resolve(anomaly.mentions[1], "p2")[0]}
    # Three characters and more still carry one meaning across the corpus (LoRA, STMix, ...).
    defining = paper("p3", mention("Spectral Token Mixing"), mention("STM"),
                     abbreviations=[("STM", "Spectral Token Mixing")])
    using = paper("p4", mention("STM"))
    index = build_entity_index([defining, using], GAZETTEER)
    assert index.resolve(using.mentions[0], "p4") == index.resolve(defining.mentions[0], "p3")


def test_known_short_form_defined_otherwise_keeps_the_paper_meaning(extract_one) -> None:
    """'CNN' is a gazetteer name; a paper defining its own CNN does not give the known entity its long form."""
    own = extract_one("We study a cellular automaton network (CNN) here. The CNN is small.", paper_id="p1")
    long_form = next(m for m in own.mentions if m.text == "cellular automaton network")
    assert long_form.canonical is None  # the known short form's canonical is not copied onto the paper's meaning
    other = extract_one("A CNN classifies the images.", paper_id="p2")
    index = build_entity_index([own, other], GAZETTEER)
    known = index.resolve(other.mentions[0], "p2")[0]
    assert index.resolve(long_form, "p1")[0] != known
    assert {index.resolve(m, "p1")[0] for m in own.mentions} == {index.resolve(long_form, "p1")[0]}
    assert "cellular automaton network" not in index.aliases(known)


def test_short_form_writings_of_one_paper_are_not_aliases_of_another_meaning() -> None:
    forest = paper("p1", mention("Random Forest", canonical="Random Forest"), mention("RF", canonical="Random Forest"),
                   abbreviations=[("RF", "Random Forest")])
    features = paper("p2", mention("random features", "Concept"), mention("RF architectures", "Concept"),
                     abbreviations=[("RF", "random features")])
    index = build_entity_index([forest, features], GAZETTEER)
    forest_id = index.resolve(forest.mentions[0], "p1")[0]
    assert index.resolve(features.mentions[1], "p2") == index.resolve(features.mentions[0], "p2")
    assert "RF architectures" not in index.aliases(forest_id)


def test_type_is_decided_by_papers_not_by_one_talkative_paper() -> None:
    """One paper naming GLIDE a dataset five times does not outvote three papers using it as a method."""
    talkative = paper("p0", *[mention("GLIDE", "Dataset") for _ in range(5)])
    users = [paper(f"p{n}", mention("GLIDE", "Method")) for n in (1, 2, 3)]
    for order in ([talkative, *users], [*users, talkative]):
        index = build_entity_index(order, GAZETTEER)
        assert index.resolve(talkative.mentions[0], "p0")[0] == "method:glide"
    # A gazetteer type outranks any vote.
    votes = [paper(f"q{n}", mention("ImageNet", "Method")) for n in range(3)]
    assert build_entity_index(votes, GAZETTEER).resolve(votes[0].mentions[0])[0] == "dataset:imagenet"


def test_a_node_is_known_when_a_gazetteer_entry_names_it_through_any_of_its_forms() -> None:
    # "low-rank adaptation" written by the NER without a canonical still meets the entry; an abbreviation
    # the corpus defines joins the known node; a name no list holds is not known, whatever its mentions.
    a = paper("p1", mention("low-rank adaptation"), mention("Wobbly Penguin Net"),
              abbreviations=[("WPN", "Wobbly Penguin Net")])
    b = paper("p2", mention("LoRA", canonical="Low-Rank Adaptation"), mention("WPN"))
    index = build_entity_index([a, b], GAZETTEER)
    lora, penguin = index.resolve(a.mentions[0])[0], index.resolve(a.mentions[1])[0]
    assert index.resolve(b.mentions[0])[0] == lora and index.resolve(b.mentions[1], "p2")[0] == penguin
    assert index.known(lora) is True
    assert index.known(penguin) is False
