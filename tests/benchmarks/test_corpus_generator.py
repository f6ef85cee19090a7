"""benchmarks/corpus_generator.py: the same corpus for the same seed, and a corpus kg reads whole."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from kg.ingest import read_sources
from kg.ingest.detect import ARXIV_SNAPSHOT, detect_format
from kg.records import PaperRecord

REPO = Path(__file__).resolve().parents[2]


def _load_generator_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_generator", REPO / "benchmarks" / "corpus_generator.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus_generator = _load_generator_module()


@pytest.fixture(scope="module")
def generator(shared: Path):
    return corpus_generator.CorpusGenerator(shared, seed=0)


def _text(generator, count: int, *, snapshot: bool, off_topic: float = 0.0) -> str:
    out = io.StringIO()
    corpus_generator.write_corpus(generator.papers(count, off_topic), out, snapshot=snapshot)
    return out.getvalue()


@pytest.mark.parametrize("snapshot", [False, True])
def test_same_seed_same_bytes_and_smaller_corpus_is_a_prefix(generator, shared: Path, snapshot: bool) -> None:
    again = corpus_generator.CorpusGenerator(shared, seed=0)  # built anew: nothing carried over in state
    text = _text(generator, 40, snapshot=snapshot)
    assert text == _text(again, 40, snapshot=snapshot)
    lines = text.splitlines(keepends=True)
    assert len(lines) == 40
    assert "".join(lines[:15]) == _text(again, 15, snapshot=snapshot)


def test_another_seed_gives_another_corpus(generator, shared: Path) -> None:
    other = corpus_generator.CorpusGenerator(shared, seed=1)
    ours, theirs = _text(generator, 20, snapshot=False), _text(other, 20, snapshot=False)
    assert ours != theirs
    assert [json.loads(line)["arxiv_id"] for line in ours.splitlines()] != \
        [json.loads(line)["arxiv_id"] for line in theirs.splitlines()]


def test_kg_reads_the_snapshot_output_as_distinct_papers(generator, tmp_path: Path) -> None:
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text(_text(generator, 60, snapshot=True), encoding="utf-8")
    assert detect_format(path.read_bytes()[:4096], path.name) == ARXIV_SNAPSHOT
    records = list(read_sources([path]))
    assert all(isinstance(record, PaperRecord) for record in records)
    assert len(records) == 60
    assert len({record.arxiv_id for record in records}) == 60
    assert len({record.title for record in records}) == 60
    for record, paper in zip(records, generator.papers(60)):
        assert record.published == paper.created.date().isoformat()
        assert record.categories == list(paper.categories)
        assert record.authors == list(paper.authors)
        assert record.abstract == paper.abstract


def test_arxiv_ids_stay_unique_past_a_hundred_thousand(generator) -> None:
    indexes = [7, 100_007, 200_007, 900_007, 12, 100_012]
    ids = [generator.paper(index).arxiv_id for index in indexes]
    assert len(set(ids)) == len(ids)


def test_off_topic_share_gets_other_categories(generator) -> None:
    papers = list(generator.papers(400, off_topic=0.5))
    off = sum(1 for paper in papers if not any(c.startswith(("cs.", "stat.", "eess.")) for c in paper.categories))
    assert 150 < off < 250


def test_names_have_a_long_tail() -> None:
    draw = corpus_generator.ZipfDraw([f"name {i}" for i in range(1000)], 1.1, "test")
    rng = corpus_generator.random.Random(0)
    counts = Counter(draw(rng) for _ in range(20_000))
    ranked = [count for _, count in counts.most_common()]
    assert ranked[0] > 100 * ranked[len(ranked) // 2]  # the head is in far more papers than a typical name
    assert sum(1 for count in ranked if count <= 5) > len(ranked) / 3  # and most names are rare
