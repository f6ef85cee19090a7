"""The extractor end to end: API, evidence, links, determinism, modes."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import ExtractorUnavailable, load_extractor
from kg.extract.types import Extraction


def as_tuples(extractions: list[Extraction]) -> list[tuple]:
    """Everything an Extraction holds, as plain comparable values."""
    return [
        (
            e.paper_id,
            [(m.text, m.label, m.proposed, m.canonical, m.evidence.as_dict()) for m in e.mentions],
            [(c.url, c.evidence.as_dict() if c.evidence else None) for c in e.code],
            e.pages,
            e.abbreviations,
        )
        for e in extractions
    ]


def test_load_is_cached_per_mode() -> None:
    assert load_extractor("fast") is load_extractor("fast")


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown extraction mode 'quick'"):
        load_extractor("quick")


def test_default_mode_uses_the_trained_ner_or_says_why_not() -> None:
    try:
        extractor = load_extractor("default")
    except ExtractorUnavailable as error:
        assert "NER" in str(error) and "fast" in str(error)
        return
    assert "ner" in extractor.nlp.pipe_names
    (extraction,) = extractor.extract(
        [("p", "", "We evaluate a sequence labeling model for named entity recognition on news text.")]
    )
    assert extraction.mentions


def test_order_inputs_and_bad_input(extractor) -> None:
    papers = [
        ("a", "Title A", "We use BERT."),
        ("b", "", "Results on ImageNet.", ["https://github.com/owner/repo"]),
        ("c", "Only a title about CIFAR-10", ""),
    ]
    out = list(extractor.extract(papers))
    assert [e.paper_id for e in out] == ["a", "b", "c"]
    assert [m.text for m in out[2].mentions] == ["CIFAR-10"]
    assert out[2].mentions[0].evidence.sentence == "Only a title about CIFAR-10"
    with pytest.raises(ValueError, match="paper #1"):
        list(extractor.extract([("a", "t", "x"), ("b", "t")]))


def test_source_links_join_text_links_once(extract_one) -> None:
    extraction = extract_one(
        "Code is at https://github.com/Owner/Repo. See https://example.org/project for videos.",
        links=["https://github.com/owner/repo.git", "https://github.com/other/tool", "https://example.org/project"],
    )
    assert [c.url for c in extraction.code] == ["https://github.com/Owner/Repo", "https://github.com/other/tool"]
    assert extraction.code[0].evidence.sentence == "Code is at https://github.com/Owner/Repo."
    assert extraction.code[1].evidence is None  # stated by the source, not found in the text
    assert extraction.pages == ["https://example.org/project"]


def test_evidence_offsets_hold_on_every_seed_mention(seed_extractions) -> None:
    mentions = [m for e in seed_extractions for m in e.mentions]
    assert len(mentions) > 2000
    for mention in mentions:
        evidence = mention.evidence
        assert evidence.sentence[evidence.start : evidence.end] == evidence.text == mention.text
    for link in (c for e in seed_extractions for c in e.code):
        evidence = link.evidence
        assert evidence.sentence[evidence.start : evidence.end] == evidence.text


def test_seed_titles_are_their_own_evidence(seed_papers, seed_extractions) -> None:
    titles = {paper[0]: paper[1] for paper in seed_papers}
    title_evidence = [
        (e.paper_id, m) for e in seed_extractions for m in e.mentions if m.evidence.sentence == titles[e.paper_id]
    ]
    assert len(title_evidence) > 100
    assert all(m.evidence.sentence == titles[pid] for pid, m in title_evidence)


def test_seed_extraction_finds_the_headgas_contribution(seed_papers, seed_extractions) -> None:
    by_title = {paper[1]: extraction for paper, extraction in zip(seed_papers, seed_extractions)}
    headgas = by_title["HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting"]
    proposed = {m.text for m in headgas.mentions if m.proposed}
    assert proposed == {"HeadGaS"}
    assert ("3DGS", "3D Gaussian Splats") in headgas.abbreviations


def test_deterministic_across_runs_and_processes(extractor, seed_papers) -> None:
    papers = seed_papers[:120]
    first = as_tuples(list(extractor.extract(papers, batch_size=7)))
    again = as_tuples(list(extractor.extract(papers, batch_size=64)))
    forked = as_tuples(list(extractor.extract(papers, batch_size=16, n_process=2)))
    assert first == again == forked


def test_empty_and_odd_inputs(extractor) -> None:
    papers = [("e", "", ""), ("w", "   ", "  \n "), ("u", "Über CIFAR-10", "Noël uses İstanbul data.")]
    out = list(extractor.extract(papers))
    assert [e.mentions for e in out[:2]] == [[], []]
    assert [m.text for m in out[2].mentions] == ["CIFAR-10"]


def test_extractions_survive_pickling(extract_one) -> None:
    import pickle

    extraction = extract_one("We propose HeadGaS, a model. Code: https://github.com/a/b.")
    assert as_tuples([pickle.loads(pickle.dumps(extraction))]) == as_tuples([extraction])

