"""The out-of-core build's shards: papers and extractions on disk, a shard at a time (docs/scale.md)."""
