"""Canonicalization: which mentions, across the whole corpus, are the same entity node.

    index = build_entity_index(extractions, extractor.gazetteer)   # the gazetteer extraction matched
    entity_id, name = index.resolve(mention, paper_id)   # e.g. ("method:low-rank-adaptation", "Low-Rank Adaptation")
    index.aliases(entity_id)                              # every surface form seen, sorted

Mentions are merged by these rules only (never by string similarity):
  1. equal surface keys (kg.extract.keys): case, hyphen/space, a plural 's',
     a leading determiner and a generic head noun after a name do not matter;
     digits, '.' and '+' do (CIFAR-10 != CIFAR-100, GPT-3 != GPT-3.5); a generic head after
     capitalised words the corpus also writes alone does not matter either ("Xception architecture");
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
Dataset, Task, Metric, Concept).
Both depend only on the multiset of mentions and abbreviation pairs, not on
their order, so the same corpus always gives the same ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.extract.gazetteer import Gazetteer, GazetteerEntry
from kg.extract.keys import before_head_noun, clean_surface, is_plural, surface_key, without_head_noun
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
        nodes: dict[str, tuple[str, str, str, list[str]]],
    ) -> None:
        self._key_to_root = key_to_root
        self._paper_overrides = paper_overrides
        # root -> (entity id, canonical name, type, aliases)
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
        node_id, name, _, _ = self._nodes[root]
        return node_id, name

    def aliases(self, entity: str) -> list[str]:
        """Every written form seen for the entity, sorted."""
        return list(self._by_id[entity][3])

    def entity_type(self, entity: str) -> str:
        return self._by_id[entity][2]

    def entity_ids(self) -> list[str]:
        return sorted(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def build_entity_index(extractions: Iterable[Extraction], gazetteer: Gazetteer) -> EntityIndex:
    """Index every mention of `extractions` (consumed once) into entity nodes; see the module doc for the rules.

    `gazetteer` must be the one the extractions were made with (`Extractor.gazetteer`): there is no
    default, so canonicalization cannot quietly use another gazetteer than the pipeline did.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # key -> written forms seen, with counts
    labels = TypeVotes()
    entries: dict[str, GazetteerEntry] = {}  # key of an entry's name -> entry
    sets = _UnionFind()
    pairs: list[tuple[str, str, str, str, str]] = []  # (paper, short key, long key, short, long)

    for extraction in extractions:
        # A short form this paper defines carries the paper's meaning as its canonical; joined to the surface
        # key, "CL" = Contrastive Learning here and "CL" = Continual Learning there would merge the two.
        # Such a mention joins only what the gazetteer says the short form means; the paper's own meaning is
        # applied per paper (see _merge_abbreviations).
        defined_here = {surface_key(short) for short, _ in extraction.abbreviations}
        for mention in extraction.mentions:
            key = surface_key(mention.text)
            forms[key][mention.text] += 1
            labels.add(key, extraction.paper_id, mention.label)
            entry = gazetteer.lookup(mention.text) if key in defined_here else _entry_of(gazetteer, mention)
            if entry is not None:
                entry_key = surface_key(entry.name)
                entries[entry_key] = entry
                sets.union(key, entry_key)
            else:
                sets.find(key)
        for short, long in extraction.abbreviations:
            short_key, long_key = surface_key(short), surface_key(long)
            if short_key != long_key:
                pairs.append((extraction.paper_id, short_key, long_key, short, long))

    _merge_named_heads(sets, forms, entries)
    entry_of_root = _entries_by_root(sets, entries)
    overrides = _merge_abbreviations(sets, entry_of_root, pairs, gazetteer)
    for _, short_key, long_key, short, long in pairs:
        # Abbreviation forms were seen too: they become aliases (count 0: they do not vote on the name).
        forms[short_key][short] += 0
        forms[long_key][long] += 0
    defined_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for paper_id, short_key, _, short, _ in pairs:
        defined_forms[(paper_id, short_key)].add(short)
    return _index(sets, forms, labels, entries, overrides, defined_forms)


def _entry_of(gazetteer: Gazetteer, mention: Mention) -> GazetteerEntry | None:
    if mention.canonical:
        entry = gazetteer.lookup(mention.canonical)
        if entry is not None and entry.name == mention.canonical:
            return entry
    return gazetteer.lookup(mention.text)


def _merge_named_heads(sets: _UnionFind, forms: dict[str, Counter[str]], entries: dict[str, GazetteerEntry]) -> None:
    """A generic head after what the corpus names on its own is that name ("Xception architecture" -> Xception).

    The key keeps the head when the words before it do not look like a name; another mention of those words
    alone says they are one. Only capitalised names count ("translation task" stays apart from "translation"),
    and two gazetteer entries are never joined this way.
    """
    entry_roots = {sets.find(key) for key in entries}
    for key in sorted(forms):
        for form in sorted(forms[key]):
            rest = before_head_noun(clean_surface(form))
            if rest is None or rest.islower():
                continue
            rest_key = surface_key(rest)
            if rest_key == key or rest_key not in forms:
                continue
            roots = {sets.find(key), sets.find(rest_key)}
            if len(roots) == 1 or roots <= entry_roots:
                continue
            merged = sets.union(key, rest_key)
            if roots & entry_roots:
                entry_roots = (entry_roots - roots) | {merged}


def _entries_by_root(sets: _UnionFind, entries: dict[str, GazetteerEntry]) -> dict[str, GazetteerEntry]:
    return {sets.find(key): entry for key, entry in entries.items()}


def _merge_abbreviations(
    sets: _UnionFind,
    entry_of_root: dict[str, GazetteerEntry],
    pairs: list[tuple[str, str, str, str, str]],
    gazetteer: Gazetteer,
) -> dict[tuple[str, str], str]:
    """Union short and long forms defined one way across the corpus; return per-paper definitions of the rest."""
    meanings: dict[str, set[str]] = defaultdict(set)
    for _, short_key, long_key, _, _ in pairs:
        meanings[short_key].add(sets.find(long_key))
    ambiguous = {key for key, roots in meanings.items() if len(roots) > 1}
    for short_key in sorted(meanings):
        short_root = sets.find(short_key)
        if (
            short_key in ambiguous
            or len(short_key) <= MAX_LOCAL_SHORT_FORM
            or short_root in entry_of_root
            or gazetteer.lookup_key(short_key) is not None
        ):
            continue  # several meanings (or too short to have one), or the gazetteer already says what it means
        (long_root,) = meanings[short_key]
        long_root = sets.find(long_root)
        if short_root == long_root:
            continue
        merged = sets.union(short_root, long_root)
        entry = entry_of_root.pop(long_root, None) or entry_of_root.pop(short_root, None)
        if entry is not None:
            entry_of_root[merged] = entry
    # Where a paper's own definition differs from what the short form means corpus-wide, that paper keeps its own.
    overrides: dict[tuple[str, str], str] = {}
    for paper_id, short_key, long_key, _, _ in sorted(pairs):
        if sets.find(short_key) != sets.find(long_key):
            overrides[(paper_id, short_key)] = long_key
    return overrides


def _index(
    sets: _UnionFind,
    forms: dict[str, Counter[str]],
    labels: TypeVotes,
    entries: dict[str, GazetteerEntry],
    overrides: dict[tuple[str, str], str],
    defined_forms: dict[tuple[str, str], set[str]],
) -> EntityIndex:
    """Name and type every group with at least one mention; those are the nodes."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(forms):
        groups[sets.find(key)].append(key)
    entry_of_root = {sets.find(key): entry for key, entry in entries.items()}
    nodes: dict[str, tuple[str, str, str, list[str]]] = {}
    taken: set[str] = set()
    for root in sorted(groups):
        described = _describe(groups[root], forms, labels, entry_of_root.get(root))
        if described is None:
            continue  # abbreviation forms only, never extracted as a mention
        node_id, name, kind, aliases = described
        if node_id in taken:
            # Different entities whose names differ only in case or punctuation ("GPS" vs "GPs"): keep both apart.
            node_id = entity_id(kind, f"{name} {root}")
        taken.add(node_id)
        nodes[root] = (node_id, name, kind, aliases)
    key_to_root = {key: sets.find(key) for key in forms}
    # A paper's own definition counts only when its long form is a node (was extracted as a mention).
    resolved_overrides = {pk: sets.find(key) for pk, key in overrides.items() if sets.find(key) in nodes}
    for paper_short, root in resolved_overrides.items():
        # The short form as that paper defines it is one of the entity's aliases too; other papers' writings
        # of the same short form ("RF architectures" elsewhere) are not.
        node_id, name, kind, aliases = nodes[root]
        nodes[root] = (node_id, name, kind, sorted(set(aliases) | defined_forms[paper_short]))
    return EntityIndex(key_to_root, resolved_overrides, nodes)


def _describe(
    keys: list[str],
    forms: dict[str, Counter[str]],
    labels: TypeVotes,
    entry: GazetteerEntry | None,
) -> tuple[str, str, str, list[str]] | None:
    """(entity id, canonical name, type, aliases) of one group of keys; None if it has no mentions."""
    written: Counter[str] = Counter()
    for key in keys:
        written.update(forms[key])
        for form in forms[key]:
            written.setdefault(form, 0)
    votes = labels.labels(keys)
    if not votes:
        return None
    if entry is not None:
        name, kind = entry.name, entry.type
    else:
        cleaned: Counter[str] = Counter()
        for form, count in written.items():
            cleaned[without_head_noun(clean_surface(form))] += count
        # Most frequent, singular forms first ("GP" over "GPs"), then alphabetical.
        name = min(cleaned, key=lambda form: (is_plural(form), -cleaned[form], form))
        kind = corpus_type(votes)
    return entity_id(kind, name), name, kind, sorted(written)
