"""The shard store keeps each shard's entity facts (kg.graph.streamed.entities), so the second pass of the
entity index, and the next build of unchanged shards, read them instead of the extractions; stale or
damaged facts are made again. Real fast pipeline over a generated corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.types import Extraction
from kg.graph.canonical import build_entity_index
from kg.graph.streamed.entities import FACTS_NAME, streamed_entity_index
from kg.shards.extract import extract_shards
from kg.shards.store import DERIVED_SUFFIX, ShardStore
from shard_helpers import generated_corpus, ingested

PAPERS = 600
SHARD_SIZE = 200


class CountingStore(ShardStore):
    """The real store, counting how often each shard's extractions are decoded."""

    def __init__(self, folder: Path, shard_size: int) -> None:
        super().__init__(folder, shard_size)
        self.reads: Counter[int] = Counter()

    def extractions(self, shard: int) -> list[Extraction]:
        self.reads[shard] += 1
        return super().extractions(shard)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(None)


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("facts")
    store = ingested(generated_corpus(folder, PAPERS), folder / "shards", SHARD_SIZE)
    extract_shards(store, mode="fast")
    return store.folder


def _all_extractions(store: ShardStore) -> list[Extraction]:
    return [extraction for shard in range(store.shard_count()) for extraction in ShardStore.extractions(store, shard)]


def _contents(index, extractions: list[Extraction]) -> tuple[list, dict]:
    nodes = [(e, index.name(e), index.entity_type(e), index.aliases(e)) for e in index.entity_ids()]
    return nodes, {(x.paper_id, m.text): index.resolve(m, x.paper_id) for x in extractions for m in x.mentions}


def _fresh(folder: Path) -> CountingStore:
    for derived in folder.glob(f"*{DERIVED_SUFFIX}"):
        derived.unlink()
    return CountingStore(folder, SHARD_SIZE)


def test_each_shard_is_decoded_once_and_its_facts_are_kept_for_the_next_build(store_folder, gazetteer) -> None:
    store = _fresh(store_folder)
    shards = store.shard_count()
    assert shards == 3
    extractions = _all_extractions(store)
    expected = _contents(build_entity_index(extractions, gazetteer), extractions)

    assert _contents(streamed_entity_index(store, gazetteer), extractions) == expected
    assert store.reads == Counter(range(shards))  # the types pass read the facts, not the extractions
    assert len(list(store_folder.glob(f"{FACTS_NAME}-*{DERIVED_SUFFIX}"))) == shards

    again = CountingStore(store_folder, SHARD_SIZE)
    assert _contents(streamed_entity_index(again, gazetteer), extractions) == expected
    assert not again.reads


def test_damaged_or_stale_facts_are_made_again(store_folder, gazetteer) -> None:
    store = _fresh(store_folder)
    streamed_entity_index(store, gazetteer)
    damaged = store_folder / f"{FACTS_NAME}-00001{DERIVED_SUFFIX}"
    data = bytearray(damaged.read_bytes())
    data[-10] ^= 0xFF
    damaged.write_bytes(bytes(data))
    # Shard 0 extracted again from other text: its extraction file, and so its facts, change.
    first = ShardStore.extractions(store, 0)
    changed = [Extraction(paper_id=x.paper_id, mentions=x.mentions[:1], code=x.code, pages=x.pages,
                          abbreviations=[]) for x in first]
    ShardStore(store_folder, SHARD_SIZE).write_extractions(0, [(f"key-{n}", x) for n, x in enumerate(changed)],
                                                           made_with={"mode": "fast", "test": "changed"})

    rerun = CountingStore(store_folder, SHARD_SIZE)
    extractions = _all_extractions(rerun)
    assert extractions[:SHARD_SIZE] == changed
    expected = _contents(build_entity_index(extractions, gazetteer), extractions)
    assert _contents(streamed_entity_index(rerun, gazetteer), extractions) == expected
    assert rerun.reads == Counter({0: 1, 1: 1})  # shard 2's kept facts still hold

    dropped = ShardStore(store_folder, SHARD_SIZE)
    dropped._drop_extractions("2")
    assert not (store_folder / f"{FACTS_NAME}-00002{DERIVED_SUFFIX}").exists()
