"""The graph tables of a corpus too big for memory: built shard by shard from a ShardedCorpus."""
