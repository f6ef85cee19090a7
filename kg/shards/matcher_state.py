"""The deduplicator's state at the end of an ingest, kept in the shard store for the next one to go on from.

kg.ingest.compact_dedup's PaperMatcher over 64-bit key hashes is all that decides which paper a record
joins: one Identity per paper and the index from each key to its first paper. Both are written as Parquet
files of the store (beside its shards, written and entered in the ledger the same safe way): an update's
ingest (kg.shards.continued_ingest) loads them instead of reading every source again. About 100 bytes a
paper on disk; loading holds one row group of ROW_GROUP_ROWS in list form beside the matcher itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from kg.ingest.compact_dedup import key_hash
from kg.ingest.dedup import Identity, PaperMatcher
from kg.shards.store import ShardStore

IDENTITIES = "dedup-identities.parquet"
INDEX = "dedup-index.parquet"

_KEY = pa.uint64()  # kg.ingest.compact_dedup.key_hash: 64 bits, unsigned
IDENTITIES_SCHEMA = pa.schema([
    ("arxiv", _KEY), ("doi", _KEY), ("title", _KEY), ("titled", pa.bool_()),
    ("doi_keys", pa.list_(_KEY)), ("doi_texts", pa.list_(pa.string())), ("other_dois", pa.int64()),
])
INDEX_SCHEMA = pa.schema([("key", _KEY), ("paper", pa.int64())])


def save_matcher(store: ShardStore, matcher: PaperMatcher[int]) -> None:
    """Write the matcher's state into the store's running ingest (before finish_ingest)."""
    papers, index = matcher.state()
    store.write_state(IDENTITIES, IDENTITIES_SCHEMA, _identity_rows(papers))
    store.write_state(INDEX, INDEX_SCHEMA, ({"key": key, "paper": paper} for key, paper in index.items()))


def load_matcher(store: ShardStore) -> PaperMatcher[int]:
    """The matcher the store's complete ingest ended with.

    Raises kg.shards.store.ShardStoreError when a state file is not in the ledger, missing or damaged.
    """
    papers: list[Identity[int]] = []
    for batch in store.state_batches(IDENTITIES):
        papers.extend(
            Identity(arxiv=arxiv, doi=doi, title=title, titled=titled, dois=tuple(zip(keys, texts)), other_dois=other)
            for arxiv, doi, title, titled, keys, texts, other in zip(
                batch["arxiv"], batch["doi"], batch["title"], batch["titled"], batch["doi_keys"], batch["doi_texts"],
                batch["other_dois"]))
    index: dict[int, int] = {}
    for batch in store.state_batches(INDEX):
        index.update(zip(batch["key"], batch["paper"]))
    return PaperMatcher.restored(key_hash, papers, index)


def _identity_rows(papers: list[Identity[int]]) -> Iterator[dict[str, object]]:
    for paper in papers:
        yield {"arxiv": paper.arxiv, "doi": paper.doi, "title": paper.title, "titled": paper.titled,
               "doi_keys": [key for key, _ in paper.dois], "doi_texts": [text for _, text in paper.dois],
               "other_dois": paper.other_dois}
