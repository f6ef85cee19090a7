"""Fixtures for the extraction tests: one cached fast pipeline per session, and the seed papers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from kg.extract.mentions import doc_mentions
from kg.extract.pipeline import Extractor, load_extractor
from kg.extract.types import Extraction
from kg.ingest import read_sources
from kg.records import PaperRecord


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The fast (rule-only) extractor, loaded once; load_extractor caches it per process anyway."""
    return load_extractor("fast")


@pytest.fixture(scope="session")
def process(extractor: Extractor) -> Callable[..., Doc]:
    """Run the fast pipeline on one abstract (and optional title) and return the Doc."""

    def run(abstract: str, title: str = "") -> Doc:
        return extractor.nlp(extractor._make_doc(title, abstract))

    return run


@pytest.fixture(scope="session")
def mention_texts(process: Callable[..., Doc]) -> Callable[..., list[str]]:
    """Mentions of a sentence written twice (so that kg.extract.support holds and only the rule under test
    decides), with one NER span given by hand at the first `phrase` (in the title if it is there)."""

    def run(sentence: str, phrase: str, label: str, title: str = "") -> list[str]:
        doc = process(f"{sentence} {sentence}", title)
        start = doc.text.index(phrase)
        span = doc.char_span(start, start + len(phrase))
        return [m.text for m in doc_mentions(doc, [(span.start, span.end, label)])]

    return run


@pytest.fixture(scope="session")
def method_spans_typed(process: Callable[..., Doc]) -> Callable[..., list[tuple[str, str]]]:
    """(text, label) of the mentions of `text` written twice (so that support holds), each of `phrases`
    given as a Method NER span at its first place."""

    def run(text: str, *phrases: str) -> list[tuple[str, str]]:
        doc = process(f"{text} {text}")
        spans = []
        for phrase in phrases:
            start = doc.text.index(phrase)
            span = doc.char_span(start, start + len(phrase))
            spans.append((span.start, span.end, "Method"))
        return [(m.text, m.label) for m in doc_mentions(doc, spans)]

    return run


@pytest.fixture(scope="session")
def extract_one(extractor: Extractor) -> Callable[..., Extraction]:
    def run(abstract: str, title: str = "", paper_id: str = "paper:test", links: list[str] | None = None) -> Extraction:
        return next(extractor.extract([(paper_id, title, abstract, links or [])]))

    return run


@pytest.fixture(scope="session")
def seed_papers(seeds_dir: Path) -> list[tuple[str, str, str, list[str]]]:
    """(id, title, abstract, links) for every seed record, read by kg.ingest, in file order."""
    records = [item for item in read_sources([seeds_dir]) if isinstance(item, PaperRecord)]
    assert len(records) > 400, "the seed pages should hold over 400 papers"
    return [(f"seed:{n}", r.title, r.abstract, list(r.links)) for n, r in enumerate(records)]


@pytest.fixture(scope="session")
def seed_extractions(extractor: Extractor, seed_papers) -> list[Extraction]:
    return list(extractor.extract(seed_papers))
