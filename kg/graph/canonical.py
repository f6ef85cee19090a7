"""Canonicalization: which mentions, across the whole corpus, are the same entity node.

    index = build_entity_index(extractions, extractor.gazetteer)   # the gazetteer extraction matched
    entity_id, name = index.resolve(mention, paper_id)   # e.g. ("method:low-rank-adaptation", "Low-Rank Adaptation")
    index.aliases(entity_id)                              # every surface form seen, sorted
    index.known(entity_id)                                # named by a gazetteer entry

Mentions are merged by these rules only (never by string similarity):
  1. equal surface keys (kg.extract.keys): case, hyphen/space, a plural 's',
     a leading determiner and a generic head noun after a name do not matter;
     digits, '.' and '+' do (CIFAR-10 != CIFAR-100, GPT-3 != GPT-3.5); a generic head after
     capitalised words the corpus also writes alone does not matter either ("Xception architecture"),
     nor do lower-case words between such a name and a head for data ("COCO object detection dataset");
  2. the gazetteer: forms of one gazetteer entry are one node named as the entry;
  3. abbreviations defined anywhere in the corpus ("Low-Rank Adaptation (LoRA)"):
     the short and long form are one node when the corpus defines the short form
     one way only and the gazetteer does not already know the short form. A
     paper whose own definition differs from that ("SSL" = semi- vs
     self-supervised learning; "CNN" = "Cellular Neural Network") keeps its own
     meaning for its own mentions (pass `paper_id` to `resolve`); elsewhere the
     short form stays its own node, or the gazetteer's. An abbreviation never
     merges two gazetteer entries, and a two-character short form ("AD": anomaly
     detection here, Alzheimer's disease there) joins its long form only in the
     papers that define it.
Naming: the gazetteer's name, else the most frequent written form without a generic
head after a name ("DCGAN network" -> "DCGAN"; ties: the lexicographically smallest). Type: the gazetteer's, else a vote in which every
paper counts once (kg.graph.entity_types; ties: mentions, then the order Method,
Dataset, Task, Metric, Concept). A node is `known` when a gazetteer entry names it: such nodes are far
more often right than names only the NER found (docs/evaluation.md, session 14).
Both depend only on the multiset of mentions and abbreviation pairs, not on
their order, so the same corpus always gives the same ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from kg.extract.gazetteer import Gazetteer, GazetteerEntry
from kg.extract.keys import (
    before_head_noun,
    clean_surface,
    is_plural,
    name_before_data_use,
    surface_key,
    without_head_noun,
)
from kg.extract.types import Extraction, Mention
from kg.graph.entity_types import TypeVotes, corpus_type
from kg.model import entity_id


# Two-character short forms ("AD", "RF", "CL") are read in too many ways to carry one paper's meaning to
# papers that do not define them: they join their long form only in the papers that define them.
MAX_LOCAL_SHORT_FORM = 2


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> str:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            root_a, root_b = sorted((root_a, root_b))
            self.parent[root_b] = root_a
        return root_a


class EntityIndex:
    """The entity nodes of a corpus and the mapping from mentions to them."""

    def __init__(
        self,
        key_to_root: dict[str, str],
        paper_overrides: dict[tuple[str, str], str],
        nodes: dict[str, tuple[str, str, str, list[str], bool]],
    ) -> None:
        self._key_to_root = key_to_root
        self._paper_overrides = paper_overrides
        # root -> (entity id, canonical name, type, aliases, known)
        self._nodes = nodes
        self._by_id = {node[0]: node for node in nodes.values()}

    def resolve(self, mention: Mention, paper_id: str | None = None) -> tuple[str, str]:
        """(entity id, canonical name) of a mention from the indexed extractions.

        With `paper_id`, a short form this paper defines itself resolves to that
        definition even where other papers define it differently.
        """
        key = surface_key(mention.text)
        root = self._paper_overrides.get((paper_id, key)) if paper_id is not None else None
        if root is None:
            root = self._key_to_root.get(key)
        if root is None or root not in self._nodes:
            raise KeyError(f"mention {mention.text!r} was not in the extractions this index was built from")
        node_id, name = self._nodes[root][:2]
        return node_id, name

    def aliases(self, entity: str) -> list[str]:
        """Every written form seen for the entity, sorted."""
        return list(self._by_id[entity][3])

    def known(self, entity: str) -> bool:
        """Whether a gazetteer entry names the entity (its name and type are then the entry's)."""
        return self._by_id[entity][4]

    def name(self, entity: str) -> str:
        """The entity's canonical name."""
        return self._by_id[entity][1]

    def entity_type(self, entity: str) -> str:
        return self._by_id[entity][2]

    def entity_ids(self) -> list[str]:
        return sorted(self._by_id)

    def mention_ids(self) -> MentionIds:
        """What `resolve` needs to find a mention's entity id, without names or aliases: what a process
        that only turns mentions into edges holds (a fraction of the index's memory)."""
        def entity(root: str) -> str | None:
            node = self._nodes.get(root)
            return None if node is None else node[0]

        return MentionIds({key: entity(root) for key, root in self._key_to_root.items()},
                          {paper_key: entity(root) for paper_key, root in self._paper_overrides.items()})

    def __len__(self) -> int:
        return len(self._by_id)


class MentionIds:
    """EntityIndex.resolve's entity ids alone: surface key -> entity id, and (paper id, key) -> entity id
    where that paper defines the short form itself (None: a key whose group has no node)."""

    def __init__(self, by_key: dict[str, str | None], paper_overrides: dict[tuple[str, str], str | None]) -> None:
        self._by_key = by_key
        self._paper_overrides = paper_overrides

    def entity_id(self, mention: Mention, paper_id: str) -> str:
        """The id EntityIndex.resolve(mention, paper_id) gives, and the same KeyError where it raises."""
        key = surface_key(mention.text)
        paper_key = (paper_id, key)
        entity = self._paper_overrides[paper_key] if paper_key in self._paper_overrides else self._by_key.get(key)
        if entity is None:
            raise KeyError(f"mention {mention.text!r} was not in the extractions this index was built from")
        return entity


def build_entity_index(extractions: Iterable[Extraction], gazetteer: Gazetteer) -> EntityIndex:
    """Index every mention of `extractions` (consumed once) into entity nodes; see the module doc for the rules.

    `gazetteer` must be the one the extractions were made with (`Extractor.gazetteer`): there is no
    default, so canonicalization cannot quietly use another gazetteer than the pipeline did.
    """
    surfaces = SurfaceGroups()
    labels = TypeVotes()
    pairs: list[AbbreviationPair] = []
    for extraction in extractions:
        for key, mention in zip(surfaces.add_mentions(extraction, gazetteer), extraction.mentions):
            labels.add(key, extraction.paper_id, mention.label)
        paper_pairs = abbreviation_pairs(extraction)
        surfaces.add_abbreviations(paper_pairs)
        pairs += paper_pairs
    surfaces.merge_named_heads()
    surfaces.merge_abbreviations({(short_key, long_key) for _, short_key, long_key, _, _ in pairs}, gazetteer)
    overrides = surfaces.paper_overrides(pairs)
    defined_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for paper_id, short_key, _, short, _ in pairs:
        defined_forms[(paper_id, short_key)].add(short)

    def voted_type(keys: list[str]) -> str | None:
        votes = labels.labels(keys)
        return corpus_type(votes) if votes else None

    return surfaces.index(voted_type, overrides, defined_forms)


# (paper, short key, long key, short form, long form) of one abbreviation a paper defines.
AbbreviationPair = tuple[str, str, str, str, str]


def abbreviation_pairs(extraction: Extraction) -> list[AbbreviationPair]:
    """The abbreviations the extraction's paper defines, where the short and long form's keys differ."""
    pairs = []
    for short, long in extraction.abbreviations:
        short_key, long_key = surface_key(short), surface_key(long)
        if short_key != long_key:
            pairs.append((extraction.paper_id, short_key, long_key, short, long))
    return pairs


class SurfaceGroups:
    """The corpus-wide facts of canonicalization but the type votes: every written form of every surface
    key with its count, the gazetteer entries met, and which keys are one entity (a union-find).

    Fed one extraction at a time, so a corpus read in shards builds it in one pass; it grows with the
    distinct surface forms, not with the mentions.
    """

    def __init__(self) -> None:
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)  # key -> written forms seen, with counts
        self.entries: dict[str, GazetteerEntry] = {}  # key of an entry's name -> entry
        self.sets = _UnionFind()

    def add_mentions(self, extraction: Extraction, gazetteer: Gazetteer) -> list[str]:
        """Count and group the extraction's mentions; return their surface keys, in order."""
        # A short form this paper defines carries the paper's meaning as its canonical; joined to the surface
        # key, "CL" = Contrastive Learning here and "CL" = Continual Learning there would merge the two.
        # Such a mention joins only what the gazetteer says the short form means; the paper's own meaning is
        # applied per paper (see paper_overrides).
        defined_here = {surface_key(short) for short, _ in extraction.abbreviations}
        keys = []
        for mention in extraction.mentions:
            key = surface_key(mention.text)
            keys.append(key)
            self.forms[key][mention.text] += 1
            entry = gazetteer.lookup(mention.text) if key in defined_here else _entry_of(gazetteer, mention)
            if entry is not None:
                entry_key = surface_key(entry.name)
                self.entries[entry_key] = entry
                self.sets.union(key, entry_key)
            else:
                self.sets.find(key)
        return keys

    def update(self, later: SurfaceGroups) -> None:
        """Take in the groups of the extractions that come after these (a later shard): the same groups as
        if they had been added here one by one. Counts add up; a key's later gazetteer entry replaces its
        earlier one, keeping the earlier's place, as add_mentions does; every link of the later union-find joins
        its two keys here (the root of a group is its smallest key, whatever the order of the unions)."""
        for key, written in later.forms.items():
            self.forms[key].update(written)  # Counter.update keeps the abbreviation forms counted 0
        self.entries.update(later.entries)
        for key, parent in later.sets.parent.items():
            self.sets.union(key, parent)

    def add_abbreviations(self, pairs: Iterable[AbbreviationPair]) -> None:
        """Abbreviation forms were seen too: they become aliases (count 0: they do not vote on the name)."""
        for _, short_key, long_key, short, long in pairs:
            self.forms[short_key][short] += 0
            self.forms[long_key][long] += 0

    def merge_named_heads(self) -> None:
        """A generic head after what the corpus names on its own is that name ("Xception architecture" -> Xception).

        The key keeps the head when the words before it do not look like a name; another mention of those
        words alone says they are one. The same holds for a name before lower-case words that say what its
        data is used for ("COCO object detection dataset" -> COCO when the corpus writes COCO too; tenth
        round). Only capitalised names count ("translation task" stays apart from "translation"), and two
        gazetteer entries are never joined this way. Only written forms of
        mentions count (not those of abbreviation definitions): call it before merge_abbreviations.
        """
        sets, forms = self.sets, self.forms
        entry_roots = {sets.find(key) for key in self.entries}
        mentioned = {key for key, written in forms.items() if any(written.values())}
        for key in sorted(mentioned):
            for form in sorted(form for form, count in forms[key].items() if count):
                surface = clean_surface(form)
                for rest in (before_head_noun(surface), name_before_data_use(surface)):
                    if rest is None or rest.islower():
                        continue
                    rest_key = surface_key(rest)
                    if rest_key == key or rest_key not in mentioned:
                        continue
                    roots = {sets.find(key), sets.find(rest_key)}
                    if len(roots) == 1 or roots <= entry_roots:
                        continue
                    merged = sets.union(key, rest_key)
                    if roots & entry_roots:
                        entry_roots = (entry_roots - roots) | {merged}

    def merge_abbreviations(self, definitions: Iterable[tuple[str, str]], gazetteer: Gazetteer) -> None:
        """Union short and long forms (the corpus's distinct (short key, long key) pairs) defined one way."""
        entry_of_root = _entries_by_root(self.sets, self.entries)
        meanings: dict[str, set[str]] = defaultdict(set)
        for short_key, long_key in definitions:
            meanings[short_key].add(self.sets.find(long_key))
        ambiguous = {key for key, roots in meanings.items() if len(roots) > 1}
        for short_key in sorted(meanings):
            short_root = self.sets.find(short_key)
            if (
                short_key in ambiguous
                or len(short_key) <= MAX_LOCAL_SHORT_FORM
                or short_root in entry_of_root
                or gazetteer.lookup_key(short_key) is not None
            ):
                continue  # several meanings (or too short to have one), or the gazetteer already says what it means
            (long_root,) = meanings[short_key]
            long_root = self.sets.find(long_root)
            if short_root == long_root:
                continue
            merged = self.sets.union(short_root, long_root)
            entry = entry_of_root.pop(long_root, None) or entry_of_root.pop(short_root, None)
            if entry is not None:
                entry_of_root[merged] = entry

    def paper_overrides(self, pairs: Iterable[AbbreviationPair]) -> dict[tuple[str, str], str]:
        """(paper, short key) -> long key where a paper's own definition differs from what the short form
        means corpus-wide (after merge_abbreviations): that paper keeps its own."""
        overrides: dict[tuple[str, str], str] = {}
        for paper_id, short_key, long_key, _, _ in sorted(pairs):
            if self.sets.find(short_key) != self.sets.find(long_key):
                overrides[(paper_id, short_key)] = long_key
        return overrides

    def root(self, key: str) -> str:
        """The group a surface key belongs to."""
        return self.sets.find(key)

    def index(
        self,
        voted_type: Callable[[list[str]], str | None],
        overrides: dict[tuple[str, str], str],
        defined_forms: dict[tuple[str, str], set[str]],
    ) -> EntityIndex:
        """Name and type every group with at least one mention; those are the nodes.

        `voted_type(keys)`: the type the corpus's mentions of a group's keys vote for, None if none.
        """
        sets, forms = self.sets, self.forms
        groups: dict[str, list[str]] = defaultdict(list)
        for key in sorted(forms):
            groups[sets.find(key)].append(key)
        entry_of_root = _entries_by_root(sets, self.entries)
        nodes: dict[str, tuple[str, str, str, list[str], bool]] = {}
        taken: set[str] = set()
        for root in sorted(groups):
            described = _describe(groups[root], forms, voted_type, entry_of_root.get(root))
            if described is None:
                continue  # abbreviation forms only, never extracted as a mention
            node_id, name, kind, aliases = described
            if node_id in taken:
                # Different entities whose names differ only in case or punctuation ("GPS" vs "GPs"): keep both apart.
                node_id = entity_id(kind, f"{name} {root}")
            taken.add(node_id)
            nodes[root] = (node_id, name, kind, aliases, root in entry_of_root)
        key_to_root = {key: sets.find(key) for key in forms}
        # A paper's own definition counts only when its long form is a node (was extracted as a mention).
        resolved_overrides = {pk: sets.find(key) for pk, key in overrides.items() if sets.find(key) in nodes}
        for paper_short, root in resolved_overrides.items():
            # The short form as that paper defines it is one of the entity's aliases too; other papers' writings
            # of the same short form ("RF architectures" elsewhere) are not.
            node_id, name, kind, aliases, known = nodes[root]
            nodes[root] = (node_id, name, kind, sorted(set(aliases) | defined_forms[paper_short]), known)
        return EntityIndex(key_to_root, resolved_overrides, nodes)


def _entry_of(gazetteer: Gazetteer, mention: Mention) -> GazetteerEntry | None:
    if mention.canonical:
        entry = gazetteer.lookup(mention.canonical)
        if entry is not None and entry.name == mention.canonical:
            return entry
    return gazetteer.lookup(mention.text)


def _entries_by_root(sets: _UnionFind, entries: dict[str, GazetteerEntry]) -> dict[str, GazetteerEntry]:
    return {sets.find(key): entry for key, entry in entries.items()}


def _describe(
    keys: list[str],
    forms: dict[str, Counter[str]],
    voted_type: Callable[[list[str]], str | None],
    entry: GazetteerEntry | None,
) -> tuple[str, str, str, list[str]] | None:
    """(entity id, canonical name, type, aliases) of one group of keys; None if it has no mentions."""
    written: Counter[str] = Counter()
    for key in keys:
        written.update(forms[key])
        for form in forms[key]:
            written.setdefault(form, 0)
    voted = voted_type(keys)
    if voted is None:
        return None
    if entry is not None:
        name, kind = entry.name, entry.type
    else:
        cleaned: Counter[str] = Counter()
        for form, count in written.items():
            cleaned[without_head_noun(clean_surface(form))] += count
        # Most frequent, singular forms first ("GP" over "GPs"), then alphabetical.
        name = min(cleaned, key=lambda form: (is_plural(form), -cleaned[form], form))
        kind = voted
    return entity_id(kind, name), name, kind, sorted(written)
