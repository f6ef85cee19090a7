"""A name with generic words glued after it is that name (tenth round, chosen on the dev graphs).

Canonicalization folds "COCO object detection dataset" into COCO when the corpus writes COCO too
(kg.extract.keys.name_before_data_use, kg.graph.canonical); without a name-like word, or without the bare
name, the phrase stays. The key's part of the round ("GENIA data", "JAVELIN system") is tested with the
other keys in test_extract_keys.py.
"""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import load_gazetteer
from kg.extract.keys import name_before_data_use
from kg.extract.types import Evidence, Extraction, Mention
from kg.graph.canonical import build_entity_index

GAZETTEER = load_gazetteer()


def mention_in(sentence: str, phrase: str, label: str = "Dataset") -> Mention:
    start = sentence.index(phrase)
    return Mention(phrase, label, Evidence(sentence, start, start + len(phrase), phrase))


def paper(paper_id: str, *mentions: Mention) -> Extraction:
    return Extraction(paper_id, mentions=list(mentions), abbreviations=[])


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("COCO object detection dataset", "COCO"),
        ("Pascal VOC 2012 segmentation benchmark", "Pascal VOC 2012"),
        ("ACE 2005 training corpus", "ACE 2005"),
        ("IJB-B face recognition dataset", "IJB-B"),
        ("large-scale scene dataset", None),  # no name
        ("Places365 large-scale scene understanding retrieval dataset", None),  # more than three words of use
        ("Chinese-English parallel corpus", None),  # capitalised words, none of them a name (as in the key)
        ("COCO 2015 competitions", None),  # no head for data
    ],
)
def test_name_before_data_use(written: str, name: str | None) -> None:
    assert name_before_data_use(written) == name


def test_a_datasets_use_merges_into_the_name_the_corpus_writes_alone() -> None:
    first = paper("p1", mention_in("Our detector is 3 points better on the COCO object detection dataset.",
                                   "COCO object detection dataset"))
    second = paper("p2", mention_in("We train on COCO and report the mean AP.", "COCO"))
    index = build_entity_index([first, second], GAZETTEER)
    entity, _ = index.resolve(first.mentions[0])
    assert entity == index.resolve(second.mentions[0])[0]
    assert "COCO object detection dataset" in index.aliases(entity)


def test_a_task_typed_use_of_a_dataset_joins_the_dataset() -> None:
    first = paper("p1", mention_in("It far exceeds the state of the art on the IJB-B face recognition dataset.",
                                   "IJB-B face recognition dataset", "Task"))
    second = paper("p2", mention_in("Results on IJB-B and IJB-A follow.", "IJB-B"),
                   mention_in("Results on IJB-B and IJB-A follow.", "IJB-A"))
    index = build_entity_index([first, second], GAZETTEER)
    assert index.resolve(first.mentions[0]) == index.resolve(second.mentions[0])


def test_the_use_stays_apart_without_the_name_alone() -> None:
    alone = paper("p1", mention_in("Table 1 sums up the YouTube comments data we use.", "YouTube comments data"),
                  mention_in("Our detector is 3 points better on the COCO object detection dataset.",
                             "COCO object detection dataset"))
    index = build_entity_index([alone], GAZETTEER)
    assert index.resolve(alone.mentions[0])[1] == "YouTube comments data"
    assert index.resolve(alone.mentions[1])[1] == "COCO object detection dataset"
