"""RELATED_TO links as a function of arrays: which papers share which items, and how much each item says.

Interface note for callers without a graph (the sharded build): PaperItems and related_pairs are as the
out-of-core design gives them, plus `PaperItems.n_papers`; `salience_of(evidence, title, kind)` is the
per-(paper, item) salience. Rows may hold every item a paper links or only those that can weigh anything
(`kg.graph.linking.graph_paper_items` passes only those): the pairs are the same.

Each item a paper links to (a Method/Dataset/Task/Metric/Concept, a Repository it has code in, that
repository's CodeOwner) weighs specificity x ln(hub / df): df of the N papers link it, hub is
`hub_share` of N (at least `MIN_HUB_PAPERS`), so an item in a tenth of all papers weighs nothing and is
skipped, and specificity (kg.graph.specificity) is 0 for generic words ("features", "Accuracy"), lower
for generic phrases, bare short acronyms, metrics and concepts. Each paper's side of a shared item counts by its
salience: 1 when its title names the item, it mentions it twice or it is its code, `PASSING` for a
single mention. A pair scores the sum over what it shares of weight x both saliences. Scores come from a
sparse product of the paper-item matrix with its transpose (an inverted index item -> papers), one
block of papers at a time, so the work is the number of (paper, paper, shared item) triples, never all
pairs of papers; items in more than `max_entity_papers` papers are skipped whatever N. Pairs under
`min_score` are dropped (one item alone links only if it is rare, named and central to both), and
each paper keeps its `top_k` best partners (an edge stays if either end keeps it) that name a topic:
a shared task, dataset or repository, or two shared methods (`names_a_topic`). Each pair names the
items behind it, heaviest first. See docs/linking.md.

Memory, besides the caller's PaperItems (12 bytes per non-zero with int32 indices and float64
salience): the inverted index of the items that weigh anything (12 bytes per such non-zero), a few
arrays per paper and per item (8 bytes each), one block of at most `_BLOCK_TRIPLES` scored triples,
the chosen pairs (8 bytes each, at most 2 x top_k per paper) and a chunk of `_CHUNK` non-zeros at a
time: linear in N and in the non-zeros, with no Python object per paper or per non-zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from kg.graph.specificity import starts_with_short_acronym
from kg.model import DATASET, METHOD, REPOSITORY, TASK

DEFAULT_MAX_ENTITY_PAPERS = 1000
DEFAULT_HUB_SHARE = 0.1
MIN_HUB_PAPERS = 5
DEFAULT_MIN_SCORE = 2.5
PASSING = 0.6  # a single mention in passing (chosen with DEFAULT_MIN_SCORE, see docs/linking.md)
BARE_ACRONYM = 0.5
DEFAULT_TOP_K = 10
SCORE_DIGITS = 4
# Upper bound on (paper, partner) triples scored at once: bounds a block's memory (~40 B each).
_BLOCK_TRIPLES = 1_000_000
# Non-zeros (or pairs) handled at once by the passes over the whole matrix: bounds their temporaries.
_CHUNK = 1_000_000

TOPIC_KINDS = frozenset((TASK, DATASET, REPOSITORY))
STRONG_KINDS = frozenset((TASK, DATASET, METHOD, REPOSITORY))


@dataclass
class PaperItems:
    """The paper-item matrix linking reads: papers in id order (row i = the i-th smallest paper id),
    items in id order; CSR rows hold each paper's items (ascending item rows, no repeats) and their
    salience. A paper's items are what kg.graph.linking.paper_items gives: the entities it links, the
    repositories it has code in and their owners (salience 1: no evidence). Indices may be int32
    (they are never widened whole)."""

    item_ids: list[str]
    item_kinds: list[str]
    item_specificity: np.ndarray  # float64: kg.graph.specificity.item_specificity of each item
    indptr: np.ndarray
    indices: np.ndarray
    salience: np.ndarray  # float64: salience_of(...) of each (paper, item)

    @property
    def n_papers(self) -> int:
        return len(self.indptr) - 1


def can_link(item_papers: int, max_entity_papers: int = DEFAULT_MAX_ENTITY_PAPERS) -> bool:
    """Whether an item linked by this many papers may weigh anything: one paper shares it with none, and
    items in more than `max_entity_papers` are skipped whatever the corpus size (its specificity must be
    above 0 too)."""
    return 2 <= item_papers <= max_entity_papers


def names_a_topic(shared_kinds: list[str]) -> bool:
    """Do items of these kinds say two papers work on one thing? A shared task, dataset or code
    repository does; methods only two or more together: one shared tool (an SVM, LSTM, batch norm, ERM) was the
    whole link behind most pairs a blind judge found unrelated (docs/linking.md)."""
    return bool(TOPIC_KINDS.intersection(shared_kinds)) or sum(kind in STRONG_KINDS for kind in shared_kinds) >= 2


def hub_papers(paper_total: int, hub_share: float = DEFAULT_HUB_SHARE) -> float:
    """How many papers make an item a hub that links nothing: `hub_share` of them, at least a few."""
    return max(hub_share * paper_total, MIN_HUB_PAPERS)


def item_weight(paper_total: int, item_papers: int, hub_share: float = DEFAULT_HUB_SHARE) -> float:
    """Rarity of an item shared by `item_papers` of `paper_total` papers: ln(hub / papers), 0 at
    the hub size and negative above it."""
    return math.log(hub_papers(paper_total, hub_share) / item_papers)


def salience_of(evidence: Sequence[Mapping] | None, title: str | None, kind: str) -> float:
    """How much an item is what a paper is about, and surely the same thing, from the paper's evidence
    on it (its mentions: `sentence`, `text`), its title and the item's kind: 1 for its code, for what
    its title names or its abstract mentions twice, `PASSING` for a single mention in passing; halved
    when every mention leads with a short acronym ("AD", "AD models": whose disease?)."""
    if not evidence or kind == REPOSITORY:
        return 1.0
    central = len(evidence) > 1 or any(mention.get("sentence") == title for mention in evidence)
    bare = all(starts_with_short_acronym(str(mention.get("text", ""))) for mention in evidence)
    return (1.0 if central else PASSING) * (BARE_ACRONYM if bare else 1.0)


def related_pairs(
    items: PaperItems,
    *,
    max_entity_papers: int = DEFAULT_MAX_ENTITY_PAPERS,
    hub_share: float = DEFAULT_HUB_SHARE,
    min_score: float = DEFAULT_MIN_SCORE,
    top_k: int = DEFAULT_TOP_K,
) -> Iterator[tuple[int, int, float, list[int]]]:
    """The RELATED_TO pairs: (low paper row, high paper row, score, shared item rows heaviest first,
    ties by item id), in (low, high) order."""
    weights = _item_weights(items, max_entity_papers=max_entity_papers, hub_share=hub_share)
    if top_k <= 0 or not (weights > 0).any():
        return
    index = _InvertedIndex(items, weights)
    pairs = _top_pairs(index, min_score=min_score, top_k=top_k)
    del index  # the exact scores below read the caller's rows only
    # Chunks of pairs whose low rows add up to about _CHUNK non-zeros: each is walked item by item.
    walked = np.concatenate(([0], np.cumsum(np.diff(items.indptr)[pairs // items.n_papers])))
    for start, stop in _chunks(walked):
        yield from _scored_pairs(items, weights, pairs[start:stop], min_score=min_score)


def _chunks(indptr: np.ndarray) -> Iterator[tuple[int, int]]:
    """Row ranges of about `_CHUNK` non-zeros each (at least one row) of a CSR `indptr`."""
    n_papers, start = len(indptr) - 1, 0
    while start < n_papers:
        stop = int(np.searchsorted(indptr, indptr[start] + _CHUNK, side="right")) - 1
        stop = min(max(stop, start + 1), n_papers)
        yield start, stop
        start = stop


def _item_weights(items: PaperItems, *, max_entity_papers: int, hub_share: float) -> np.ndarray:
    """Each item's weight, specificity x rarity, 0 for items seen by one paper or more than the cap
    (hubs, generic words and such weigh <= 0 and are skipped as well)."""
    df = np.zeros(len(items.item_ids), dtype=np.int64)
    for start, stop in _chunks(items.indptr):
        df += np.bincount(items.indices[items.indptr[start]:items.indptr[stop]], minlength=len(df))
    weights = np.zeros(len(df))
    in_range = (df >= 2) & (df <= max_entity_papers)
    # One logarithm per distinct paper count (at most the cap), exactly as item_weight computes it.
    counts, position = np.unique(df[in_range], return_inverse=True)
    rarity = np.array([item_weight(items.n_papers, int(count), hub_share) for count in counts])
    weights[in_range] = items.item_specificity[in_range] * rarity[position]
    return weights


class _InvertedIndex:
    """The weighted paper-item matrix one block of rows at a time, and its transpose (item -> papers,
    salience) whole, over the items of positive weight only, numbered in item order."""

    def __init__(self, items: PaperItems, weights: np.ndarray) -> None:
        self.items, self.weights = items, weights
        kept = weights > 0
        self.kept_number = np.cumsum(kept, dtype=np.int64) - 1
        self.kept_weights = weights[kept]
        n_papers, n_kept = items.n_papers, int(kept.sum())
        self.kept_per_row = np.zeros(n_papers, dtype=np.int64)
        self.row_weight = np.zeros(n_papers)  # bounds a row's score
        self.row_reach = np.zeros(n_papers, dtype=np.int64)  # partners a row reaches, with repeats
        item_papers = np.zeros(n_kept, dtype=np.int64)
        for start, stop, rows, numbers, salience in self._kept_chunks():
            item_papers += np.bincount(numbers, minlength=n_kept)
        self.t_indptr = np.concatenate(([0], np.cumsum(item_papers)))
        self.t_indices = np.empty(int(self.t_indptr[-1]), dtype=np.int32)
        self.t_data = np.empty(int(self.t_indptr[-1]))
        filled = self.t_indptr[:-1].copy()
        for start, stop, rows, numbers, salience in self._kept_chunks():
            self.kept_per_row[start:stop] = np.bincount(rows - start, minlength=stop - start)
            self.row_weight[start:stop] = np.bincount(rows - start, self.kept_weights[numbers],
                                                      minlength=stop - start)
            self.row_reach[start:stop] = np.bincount(rows - start, item_papers[numbers],
                                                     minlength=stop - start)
            # Counting sort into the transpose: within an item, papers stay in row order.
            order = np.argsort(numbers, kind="stable")
            ordered = numbers[order]
            first = np.searchsorted(ordered, ordered, side="left")
            where = filled[ordered] + (np.arange(len(ordered)) - first)
            self.t_indices[where] = rows[order]
            self.t_data[where] = salience[order]
            distinct, first_of = np.unique(ordered, return_index=True)
            filled[distinct] += np.diff(np.append(first_of, len(ordered)))
        self.n_kept = n_kept

    def _kept_chunks(self) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
        """(first row, end row, row, kept item number, salience) of the kept non-zeros, a chunk at a time."""
        items = self.items
        for start, stop in _chunks(items.indptr):
            low, high = int(items.indptr[start]), int(items.indptr[stop])
            item_rows = items.indices[low:high]
            kept = self.weights[item_rows] > 0
            lengths = np.diff(items.indptr[start:stop + 1])
            rows = np.repeat(np.arange(start, stop, dtype=np.int64), lengths)[kept]
            yield start, stop, rows, self.kept_number[item_rows[kept]], items.salience[low:high][kept]

    def transpose(self) -> sparse.csr_array:
        return sparse.csr_array((self.t_data, self.t_indices, self.t_indptr),
                                shape=(self.n_kept, self.items.n_papers))

    def weighted_rows(self, start: int, stop: int) -> sparse.csr_array:
        """Rows start..stop of (papers x kept items), each entry weight x salience."""
        items = self.items
        low, high = int(items.indptr[start]), int(items.indptr[stop])
        item_rows = items.indices[low:high]
        kept = self.weights[item_rows] > 0
        data = self.weights[item_rows[kept]] * items.salience[low:high][kept]
        indptr = np.concatenate(([0], np.cumsum(self.kept_per_row[start:stop])))
        return sparse.csr_array((data, self.kept_number[item_rows[kept]].astype(np.int32), indptr),
                                shape=(stop - start, self.n_kept))


def _top_pairs(index: _InvertedIndex, *, min_score: float, top_k: int) -> np.ndarray:
    """Keys low * n + high of the (low, high) paper row pairs where one is among the other's top_k
    partners by score, ascending.

    Scores are a sparse product: (papers x items, weighted) @ (items x papers), one block of
    papers at a time so memory stays bounded whatever the corpus size.
    """
    n_papers = index.items.n_papers
    incidence_t = index.transpose()
    ranking = _RankKey(n_papers, max_score=float(index.row_weight.max()))
    reach = np.concatenate(([0], np.cumsum(index.row_reach)))
    chosen: list[np.ndarray] = []
    start = 0
    while start < n_papers:
        stop = int(np.searchsorted(reach, reach[start] + _BLOCK_TRIPLES, side="right")) - 1
        stop = min(max(stop, start + 1), n_papers, start + ranking.max_rows)
        chosen.append(np.unique(_block_top_pairs(index.weighted_rows(start, stop) @ incidence_t, start,
                                                 ranking, min_score=min_score, top_k=top_k)))
        start = stop
    del incidence_t
    keys = np.concatenate(chosen)  # a pair chosen by both its papers is here twice
    del chosen
    return distinct_sorted(keys)


def distinct_sorted(keys: np.ndarray) -> np.ndarray:
    """`keys` sorted (in place) and each kept once: np.unique without its second copy of the keys."""
    keys.sort()
    distinct = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    return keys[distinct]


class _RankKey:
    """Packs (row, best score first, smaller partner first) into one int64, so ranking every
    paper's partners is a single sort of integers rather than a three-key lexsort."""

    def __init__(self, n_papers: int, max_score: float) -> None:
        self.scale = 10**SCORE_DIGITS
        self.max_q = int(round(max_score * self.scale)) + 1
        self.col_bits = max(1, int(n_papers).bit_length())
        self.row_shift = self.col_bits + self.max_q.bit_length()
        self.max_rows = 1 << max(0, 62 - self.row_shift)

    def pack(self, row: np.ndarray, score: np.ndarray, col: np.ndarray) -> np.ndarray:
        q = np.rint(score * self.scale).astype(np.int64)
        return (row << self.row_shift) | ((self.max_q - q) << self.col_bits) | col

    def unpack(self, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return key >> self.row_shift, key & ((1 << self.col_bits) - 1)


def _block_top_pairs(scores: sparse.csr_array, start: int, ranking: _RankKey, *,
                     min_score: float, top_k: int) -> np.ndarray:
    """Keys low*n+high of the pairs kept by the papers whose score rows these are."""
    n_rows, n_papers = scores.shape
    row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(scores.indptr))
    partner = scores.indices.astype(np.int64)
    score = np.round(scores.data, SCORE_DIGITS)
    good = (partner != row + start) & (score >= min_score)
    keys = np.sort(ranking.pack(row[good], score[good], partner[good]))
    row, partner = ranking.unpack(keys)
    rank = np.arange(len(keys)) - np.searchsorted(row, np.arange(n_rows))[row]
    keep = rank < top_k
    paper = row[keep] + start
    low = np.minimum(paper, partner[keep])
    high = np.maximum(paper, partner[keep])
    return low * n_papers + high


def _scored_pairs(items: PaperItems, weights: np.ndarray, keys: np.ndarray, *,
                  min_score: float) -> Iterator[tuple[int, int, float, list[int]]]:
    """The pairs of `keys` (ascending) that score at least `min_score` exactly and name a topic,
    with their shared items heaviest first."""
    low, high = np.divmod(keys, items.n_papers)
    pair, item, part = _shared_parts(items, weights, low, high)
    order = np.lexsort((item, -part, pair))  # by pair, heaviest first, ties by item id
    pair, item, part = pair[order], item[order], part[order]
    bounds = np.searchsorted(pair, np.arange(len(keys) + 1)).tolist()
    items_list, parts_list, kinds = item.tolist(), part.tolist(), items.item_kinds
    for number, (first, second) in enumerate(zip(low.tolist(), high.tolist())):
        shared = items_list[bounds[number]:bounds[number + 1]]
        # Exact sum: the stored score must not depend on the order floats were added in.
        score = round(math.fsum(parts_list[bounds[number]:bounds[number + 1]]), SCORE_DIGITS)
        if score >= min_score and names_a_topic([kinds[i] for i in shared]):
            yield first, second, score, shared


def _shared_parts(items: PaperItems, weights: np.ndarray, low: np.ndarray,
                  high: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pair number, item row, weight x both saliences) of every weighted item both papers of a pair
    link: low's row walked, each item looked up in high's row by a binary search run on all at once."""
    starts, lengths = items.indptr[low], items.indptr[low + 1] - items.indptr[low]
    pair = np.repeat(np.arange(len(low)), lengths)
    offsets = np.arange(len(pair)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    position = np.repeat(starts, lengths) + offsets
    item = items.indices[position]
    weighted = weights[item] > 0
    pair, item, position = pair[weighted], item[weighted], position[weighted]
    first, end = items.indptr[high[pair]], items.indptr[high[pair] + 1]
    found_at = _search_rows(items.indices, item, first, end)
    shared = found_at < end
    shared[shared] = items.indices[found_at[shared]] == item[shared]
    pair, item = pair[shared], item[shared]
    part = weights[item] * items.salience[position[shared]] * items.salience[found_at[shared]]
    return pair, item, part


def _search_rows(indices: np.ndarray, values: np.ndarray, first: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For each value, the first position in indices[first:end] (sorted) not below it."""
    first, end = first.copy(), end.copy()
    active = first < end
    while active.any():
        middle = (first + end) // 2
        below = np.zeros(len(values), dtype=bool)
        below[active] = indices[middle[active]] < values[active]
        first = np.where(active & below, middle + 1, first)
        end = np.where(active & ~below, middle, end)
        active = first < end
    return first
