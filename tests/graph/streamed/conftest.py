"""Corpora for the streamed graph tests: the seed pages and a generated corpus, deduplicated and extracted by
the real fast pipeline once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.pipeline import Extractor, load_extractor
from kg.extract.types import Extraction
from kg.ingest import read_sources
from kg.ingest.dedup import Deduplicator
from kg.records import PaperRecord, Reject

REPO = Path(__file__).resolve().parents[3]
GENERATED_PAPERS = 800

Corpus = tuple[list[tuple[str, PaperRecord]], list[Extraction]]


@pytest.fixture(scope="session")
def fast_extractor() -> Extractor:
    return load_extractor("fast")


def _extracted(source: Path, extractor: Extractor) -> Corpus:
    dedup = Deduplicator()
    for item in read_sources([str(source)], None):
        if not isinstance(item, Reject):
            dedup.add(item)
    papers = dedup.papers_with_ids()
    todo = [(paper_id, record.title, record.abstract, list(record.links)) for paper_id, record in papers]
    return papers, list(extractor.extract(todo))


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir: Path, fast_extractor: Extractor) -> Corpus:
    return _extracted(seeds_dir, fast_extractor)


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory, fast_extractor: Extractor) -> Corpus:
    path = tmp_path_factory.mktemp("generated") / "corpus.jsonl"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus_generator.py"), str(GENERATED_PAPERS),
                    "--out", str(path)], check=True)
    return _extracted(path, fast_extractor)
