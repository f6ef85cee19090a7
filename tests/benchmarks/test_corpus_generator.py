"""benchmarks/corpus_generator.py: the same corpus for the same seed, and a corpus kg reads whole."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from kg.ingest import read_sources
from kg.ingest.detect import ARXIV_SNAPSHOT, detect_format
from kg.ingest.fields import arxiv_id_or_none
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


def test_arxiv_ids_stay_unique_up_to_five_million(generator) -> None:
    # Papers that share a number within their month (the same index modulo 100,000 and modulo 132) and
    # the ends of each range: where a scheme running out of 5-digit numbers would give one id twice.
    indexes = sorted({offset + step * stride for stride in (100_000, 13_200) for offset in range(0, 5_000_000, 1_250_003)
                      for step in range(-30, 30)} | set(range(200)) | set(range(4_999_800, 5_000_000)))
    indexes = [index for index in indexes if 0 <= index < 5_000_000]
    ids = [generator.paper(index).arxiv_id for index in indexes]
    assert len(set(ids)) == len(ids)
    assert ids == [generator.paper(index).arxiv_id for index in indexes]  # deterministic


@pytest.mark.parametrize("index", [0, 131, 132, 99_999, 100_000, 1_234_567, 4_999_999])
def test_arxiv_ids_are_new_style_ids_of_the_papers_first_month(generator, index: int) -> None:
    paper = generator.paper(index)
    assert re.fullmatch(r"(1[5-9]|2[0-5])(0[1-9]|1[0-2])\.\d{5}", paper.arxiv_id)  # YYMM.NNNNN, 2015-2025
    assert paper.arxiv_id[:4] == f"{paper.created:%y%m}"
    assert arxiv_id_or_none(paper.arxiv_id) == paper.arxiv_id
    assert paper.arxiv_id[5:] != "00000"  # numbering starts at 1, as arXiv's does


def test_a_corpus_past_the_id_space_is_refused(generator) -> None:
    with pytest.raises(ValueError, match="ids"):
        generator.paper(corpus_generator.MAX_PAPERS)


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
