"""The entity index of a ShardedCorpus, read shard by shard: equal to kg.graph.canonical.build_entity_index.

The in-memory index keeps a (paper, label) vote per surface key and mention. Here each shard's extractions
are read once into its `ShardFacts`: what does not depend on votes (kg.graph.canonical.SurfaceGroups:
written forms, gazetteer entries, the union-find of keys), the shard's distinct abbreviation definitions,
and per paper its labels per surface key and its abbreviation pairs, without the evidence. A first pass
merges the shards' groups; once the abbreviations have merged them, a second pass turns each paper's
labels into its one vote per group and keeps the per-paper abbreviation meanings that differ from the
corpus's.

A corpus that keeps derived files (kg.graph.streamed.corpus.DerivedFiles: the shard store) keeps each
shard's facts, so the second pass, and the next build of a shard whose extractions did not change (an
update), read them instead of decoding the extractions again: decoding is most of a pass's time.

Memory: the SurfaceGroups (grows with the distinct written forms), the distinct (short, long) definitions,
one TypeTally per group, and one entry per (paper, short form) whose paper defines it otherwise than the
corpus; never one entry per mention. One shard's extractions or facts are in memory at a time.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.extract import keys as _keys_module
from kg.extract.gazetteer import Gazetteer
from kg.extract.types import Extraction
from kg.graph import canonical as _canonical_module
from kg.graph.canonical import AbbreviationPair, EntityIndex, SurfaceGroups, abbreviation_pairs
from kg.graph.entity_types import TypeTally
from kg.graph.progress import StageProgress, no_progress
from kg.graph.streamed.corpus import DerivedFiles, ShardedCorpus
from kg.graph.streamed import runs as _runs_module
from kg.graph.streamed.runs import pack, unpack
from kg.graph.streamed.shard_map import InProcess, ShardMap

# Stages streamed_entity_index reports: its two passes over the shards.
FORMS_STAGE = "entity forms"
TYPES_STAGE = "entity types"
# The name a shard's facts are kept under (DerivedFiles), and what their format depends on besides this
# module: bump FACTS_FORMAT when ShardFacts changes shape.
FACTS_NAME = "entity-facts"
FACTS_FORMAT = 1

# One paper's mentions: its id, (surface key, label, mentions) in the order each pair first occurs (so a
# group's labels are counted in the order its mentions give them), and the abbreviations it defines.
PaperLabels = tuple[str, list[tuple[str, str, int]], list[AbbreviationPair]]


@dataclass
class ShardFacts:
    """What the entity index needs of one shard's extractions."""

    surfaces: SurfaceGroups = field(default_factory=SurfaceGroups)
    definitions: set[tuple[str, str]] = field(default_factory=set)
    papers: list[PaperLabels] = field(default_factory=list)

    def add(self, extraction: Extraction, gazetteer: Gazetteer) -> None:
        keys = self.surfaces.add_mentions(extraction, gazetteer)
        pairs = abbreviation_pairs(extraction)
        self.surfaces.add_abbreviations(pairs)
        self.definitions.update((short_key, long_key) for _, short_key, long_key, _, _ in pairs)
        labels: Counter[tuple[str, str]] = Counter(zip(keys, (mention.label for mention in extraction.mentions)))
        self.papers.append((extraction.paper_id, [(key, label, n) for (key, label), n in labels.items()], pairs))


def streamed_entity_index(corpus: ShardedCorpus, gazetteer: Gazetteer,
                          progress: StageProgress = no_progress, shard_map: ShardMap | None = None) -> EntityIndex:
    """build_entity_index of every extraction of `corpus`, in two passes over its shards (each reported
    per shard finished). `shard_map` reads or makes each shard's facts for the first (default: here)."""
    facts = _FactsReader(corpus, gazetteer)
    surfaces = SurfaceGroups()
    definitions: set[tuple[str, str]] = set()
    shards = corpus.shard_count()
    progress(FORMS_STAGE, 0, shards)
    packed = (shard_map or InProcess()).map(packed_facts, (corpus, gazetteer), range(shards))
    for shard, data in enumerate(packed):
        shard_facts = unpack(data)
        surfaces.update(shard_facts.surfaces)
        definitions |= shard_facts.definitions
        progress(FORMS_STAGE, shard + 1, shards)
    surfaces.merge_named_heads()
    surfaces.merge_abbreviations(definitions, gazetteer)
    del definitions

    tallies: dict[str, TypeTally] = defaultdict(TypeTally)
    overrides: dict[tuple[str, str], str] = {}
    defined_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    progress(TYPES_STAGE, 0, shards)
    for shard in range(shards):
        for _, labels, pairs in facts.read(shard).papers:
            labels_by_group: dict[str, Counter[str]] = defaultdict(Counter)
            for key, label, count in labels:
                labels_by_group[surfaces.root(key)][label] += count
            for root, group_labels in labels_by_group.items():
                tallies[root].add_paper(group_labels)
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


def packed_facts(shared: tuple[ShardedCorpus, Gazetteer], shard: int) -> bytes:
    """A ShardMap step: the shard's facts, packed (kept ones, or made and kept)."""
    return _FactsReader(*shared).packed(shard)


class _FactsReader:
    """Each shard's facts: kept ones where the corpus keeps them and they are current, else made from
    its extractions (and kept)."""

    def __init__(self, corpus: ShardedCorpus, gazetteer: Gazetteer) -> None:
        self._corpus = corpus
        self._gazetteer = gazetteer
        self._kept = corpus if isinstance(corpus, DerivedFiles) else None

    def packed(self, shard: int) -> bytes:
        """The shard's facts, packed: the kept ones if whole and current (the store checks their size,
        sha256 and tag), else made from its extractions (and kept)."""
        data = self._kept.derived(shard, FACTS_NAME, facts_tag()) if self._kept is not None else None
        if data is not None:
            return data
        facts = ShardFacts()
        for extraction in self._corpus.extractions(shard):
            facts.add(extraction, self._gazetteer)
        data = pack(facts)
        if self._kept is not None:
            self._kept.keep_derived(shard, FACTS_NAME, facts_tag(), data)
        return data

    def read(self, shard: int) -> ShardFacts:
        return unpack(self.packed(shard))


@cache
def facts_tag() -> str:
    """What kept facts must have been made by: this format and the source of the code that makes them
    (surface keys, canonical groups, this module, the packing), so kept facts never outlive a change of it."""
    digest = hashlib.sha256(str(FACTS_FORMAT).encode())
    for module in (_keys_module, _canonical_module, _runs_module):
        digest.update(Path(module.__file__).read_bytes())  # type: ignore[arg-type]
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
