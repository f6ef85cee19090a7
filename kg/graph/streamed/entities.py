"""The entity index of a ShardedCorpus, read shard by shard: equal to kg.graph.canonical.build_entity_index.

The in-memory index keeps a (paper, label) vote per surface key and mention. Here the first pass over the
shards gathers what does not depend on votes (kg.graph.canonical.SurfaceGroups: written forms, gazetteer
entries, the union-find of keys) and the corpus's distinct abbreviation definitions; once the abbreviations
have merged the groups, a second pass turns each paper's mentions into its one vote per group (every paper's
mentions are in one shard) and keeps the per-paper abbreviation meanings that differ from the corpus's.

Memory: the SurfaceGroups (grows with the distinct written forms), the distinct (short, long) definitions,
one TypeTally per group, and one entry per (paper, short form) whose paper defines it otherwise than the
corpus; never one entry per mention. One shard's extractions are in memory at a time.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.extract.gazetteer import Gazetteer
from kg.extract.keys import surface_key
from kg.graph.canonical import EntityIndex, SurfaceGroups, abbreviation_pairs
from kg.graph.entity_types import TypeTally
from kg.graph.progress import StageProgress, no_progress
from kg.graph.streamed.corpus import ShardedCorpus

# Stages streamed_entity_index reports: its two passes over the shards.
FORMS_STAGE = "entity forms"
TYPES_STAGE = "entity types"


def streamed_entity_index(corpus: ShardedCorpus, gazetteer: Gazetteer,
                          progress: StageProgress = no_progress) -> EntityIndex:
    """build_entity_index of every extraction of `corpus`, in two passes over its shards (each reported
    per shard finished)."""
    surfaces = SurfaceGroups()
    definitions: set[tuple[str, str]] = set()
    shards = corpus.shard_count()
    progress(FORMS_STAGE, 0, shards)
    for shard in range(shards):
        for extraction in corpus.extractions(shard):
            surfaces.add_mentions(extraction, gazetteer)
            pairs = abbreviation_pairs(extraction)
            surfaces.add_abbreviations(pairs)
            definitions.update((short_key, long_key) for _, short_key, long_key, _, _ in pairs)
        progress(FORMS_STAGE, shard + 1, shards)
    surfaces.merge_named_heads()
    surfaces.merge_abbreviations(definitions, gazetteer)
    del definitions

    tallies: dict[str, TypeTally] = defaultdict(TypeTally)
    overrides: dict[tuple[str, str], str] = {}
    defined_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    progress(TYPES_STAGE, 0, shards)
    for shard in range(shards):
        for extraction in corpus.extractions(shard):
            labels_by_group: dict[str, Counter[str]] = defaultdict(Counter)
            for mention in extraction.mentions:
                labels_by_group[surfaces.root(surface_key(mention.text))][mention.label] += 1
            for root, labels in labels_by_group.items():
                tallies[root].add_paper(labels)
            pairs = abbreviation_pairs(extraction)
            paper_overrides = surfaces.paper_overrides(pairs)
            overrides.update(paper_overrides)
            for paper_id, short_key, _, short, _ in pairs:
                if (paper_id, short_key) in paper_overrides:
                    defined_forms[(paper_id, short_key)].add(short)
        progress(TYPES_STAGE, shard + 1, shards)

    def voted_type(keys: list[str]) -> str | None:
        tally = tallies.get(surfaces.root(keys[0]))
        return tally.kind() if tally is not None else None

    return surfaces.index(voted_type, overrides, defined_forms)
