"""A gazetteer of one's own: the pipeline and canonicalization use that one object, never the shipped default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.gazetteer import load_gazetteer
from kg.extract.pipeline import Extractor, build_nlp, load_extractor, pipeline_config
from kg.graph.canonical import build_entity_index

NAME, ALIAS, KIND = "Quillwort Sieve Benchmark", "QSB-9", "Dataset"
TEXT = f"We evaluate on the {NAME}, and report accuracy on {ALIAS} as well."


@pytest.fixture(scope="module")
def custom_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compiled gazetteer file, in the shipped format, knowing one name the shipped one lacks."""
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.json"
    entry = {"name": NAME, "type": KIND, "aliases": [ALIAS], "case_sensitive": [ALIAS], "source": "test"}
    path.write_text(json.dumps({"entries": [entry], "common_words": ["sieve"]}), encoding="utf-8")
    return path


def test_the_shipped_gazetteer_does_not_know_the_name() -> None:
    shipped = load_gazetteer()
    assert shipped.lookup(NAME) is None and shipped.lookup(ALIAS) is None
    (extraction,) = load_extractor("fast").extract([("p", "", TEXT)])
    assert NAME not in {m.text for m in extraction.mentions}


def test_pipeline_and_canonicalization_share_the_custom_gazetteer(custom_gazetteer: Path) -> None:
    extractor = load_extractor("fast", custom_gazetteer)
    gazetteer = load_gazetteer(custom_gazetteer)
    # One object: the gazetteer component, the contribution cues' common words, and what the builder loads.
    assert extractor.gazetteer is gazetteer is load_gazetteer(str(custom_gazetteer))
    assert extractor.nlp.get_pipe("kg_contributions_v1").common_words is gazetteer.common_words
    assert extractor.nlp.config["paths"]["gazetteer"] == str(custom_gazetteer)

    (extraction,) = extractor.extract([("p", "", TEXT)])
    tagged = [(m.text, m.label, m.canonical) for m in extraction.mentions]
    assert tagged == [(NAME, KIND, NAME), (ALIAS, KIND, NAME)]

    index = build_entity_index([extraction], extractor.gazetteer)
    (entity,) = {index.resolve(m, "p") for m in extraction.mentions}
    assert entity[1] == NAME and index.entity_type(entity[0]) == KIND
    assert index.aliases(entity[0]) == sorted([NAME, ALIAS])


def test_canonicalization_has_no_gazetteer_of_its_own(custom_gazetteer: Path) -> None:
    extractions = list(load_extractor("fast", custom_gazetteer).extract([("p", "", TEXT)]))
    with pytest.raises(TypeError):
        build_entity_index(extractions)  # type: ignore[call-arg]  # no silent fallback to the shipped file


def test_default_mode_takes_the_same_gazetteer(custom_gazetteer: Path) -> None:
    config = pipeline_config("default", custom_gazetteer)
    assert config["paths"]["gazetteer"] == str(custom_gazetteer)
    extractor = Extractor(build_nlp("default", custom_gazetteer), "default")
    names = extractor.nlp.pipe_names
    assert "ner" in names[: names.index("kg_sentences_v1")]  # the trained model's components come first
    assert extractor.gazetteer is load_gazetteer(custom_gazetteer)
    (extraction,) = extractor.extract([("p", "", TEXT)])
    assert (NAME, KIND, NAME) in [(m.text, m.label, m.canonical) for m in extraction.mentions]
