"""Linking, PageRank and Louvain over arrays (kg.graph.link_arrays.related_pairs, analytics.pagerank_arrays,
analytics.louvain_arrays) at 100k and 1M synthetic papers, against the networkx-graph versions (link_papers,
pagerank, communities) on the same data at the sizes they can afford, measured in the same run.

The data are drawn as benchmarks/link_corpus.py draws its graphs (Zipf over an entity vocabulary of
`--vocabulary` entities per paper, `--mentions` per paper, 30 % of papers with code, one repository in
ten shared, owners and authors Zipf-shared), plus what link_corpus leaves out: a salience mix (38 % of
mentions repeated, the rest in passing, 5 % bare acronyms) and name shapes (10 % generic phrases, 5 %
common words). A first child process draws the arrays and saves them (.npy); every measured step then
runs in its own child that loads them, so its peak RSS is the loaded data plus that step alone. The graph
versions' children build the networkx graph of the same data first (not timed; their RSS before the step
is printed). Results are compared by hash: arrays and graph must give the same links, communities and
PageRank.

    nice -n 10 .venv/bin/python benchmarks/link_arrays_scale.py                          # 100k and 1M
    nice -n 10 .venv/bin/python benchmarks/link_arrays_scale.py --sizes 1000000 --mentions 30 --graph-max 0
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from kg import model
from kg.graph.analytics import communities, louvain_arrays, pagerank, pagerank_arrays
from kg.graph.link_arrays import PaperItems, related_pairs
from kg.graph.linking import link_papers, papers
from kg.graph.specificity import specificity_of

KINDS = (model.METHOD, model.DATASET, model.TASK, model.METRIC, model.CONCEPT)
KIND_MIX = (0.35, 0.2, 0.2, 0.1, 0.15)  # link_corpus.CorpusProfile's type mix
NAMES = ("e1", "deep network", "features")  # a name, a generic phrase, a common word: specificity 1, 0.5, 0
NAME_MIX = (0.85, 0.10, 0.05)
# Salience of an entity mention and the evidence that gives it (kg.graph.link_arrays.salience_of).
SALIENCE = {1.0: (2, "x"), 0.6: (1, "x"), 0.5: (2, "AD x"), 0.3: (1, "AD")}
SALIENCE_MIX = (0.38, 0.57, 0.025, 0.025)
STEPS = ("link", "pagerank", "louvain")


def _zipf(rng: np.random.Generator, pool: int, exponent: float, size: int) -> np.ndarray:
    weights = np.arange(1, pool + 1, dtype=np.float64) ** -exponent
    return rng.choice(pool, size=size, p=weights / weights.sum())


def draw(papers_n: int, *, mentions: float, vocabulary: float, seed: int, folder: Path) -> dict:
    """Draw the arrays of `papers_n` papers and save them in `folder`: the paper-item CSR (items: entities,
    then repositories, then owners, in id order), item kinds, name shapes, specificity, and the
    paper-author links."""
    rng = np.random.default_rng(seed)
    entities = max(1000, int(vocabulary * papers_n))
    kind = rng.choice(len(KINDS), size=entities, p=KIND_MIX)
    shape = rng.choice(len(NAMES), size=entities, p=NAME_MIX)
    counts = 1 + rng.poisson(mentions - 1, size=papers_n)
    paper_of = np.repeat(np.arange(papers_n, dtype=np.int64), counts)
    links = np.unique(paper_of * entities + _zipf(rng, entities, 1.0, int(counts.sum())))
    del paper_of
    entity_paper, entity = np.divmod(links, entities)
    del links
    with_code = np.flatnonzero(rng.random(papers_n) < 0.3)
    owners = max(1, papers_n // 20)
    owner_of_paper = _zipf(rng, owners, 1.1, len(with_code))
    shared = rng.random(len(with_code)) < 0.1
    name = np.where(shared, with_code // 10, papers_n + with_code)
    repo_key, repo = np.unique(owner_of_paper * (2 * papers_n + 1) + name, return_inverse=True)
    repo_owner = repo_key // (2 * papers_n + 1)
    used_owners, owner = np.unique(owner_of_paper, return_inverse=True)
    n_repos = len(repo_key)
    item_paper = np.concatenate((entity_paper, with_code, with_code))
    item = np.concatenate((entity, entities + repo, entities + n_repos + owner))
    salience = np.concatenate((rng.choice(list(SALIENCE), size=len(entity), p=SALIENCE_MIX),
                               np.ones(2 * len(with_code))))
    order = np.lexsort((item, item_paper))
    indptr = np.concatenate(([0], np.cumsum(np.bincount(item_paper, minlength=papers_n))))
    kinds = np.concatenate((kind, np.full(n_repos, len(KINDS)), np.full(len(used_owners), len(KINDS) + 1)))
    names = np.concatenate((shape, np.zeros(n_repos + len(used_owners), dtype=np.int64)))
    all_kinds = (*KINDS, model.REPOSITORY, model.CODE_OWNER)
    table = np.array([[specificity_of(k, n, [n]) for n in NAMES] for k in all_kinds])
    n_authors = rng.poisson(4.0, size=papers_n)
    author_links = np.unique(np.repeat(np.arange(papers_n, dtype=np.int64), n_authors) * (2 * papers_n)
                             + _zipf(rng, 2 * papers_n, 0.8, int(n_authors.sum())))
    arrays = {
        "indptr": indptr, "indices": item[order].astype(np.int32), "salience": salience[order],
        "kinds": kinds, "names": names, "specificity": table[kinds, names],
        "repo_owner": entities + n_repos + np.searchsorted(used_owners, repo_owner),
        "author_paper": author_links // (2 * papers_n), "author": author_links % (2 * papers_n),
    }
    for key, value in arrays.items():
        np.save(folder / f"{key}.npy", value)
    return {"papers": papers_n, "items": len(kinds), "nonzeros": int(indptr[-1]),
            "authors": int(len(np.unique(arrays["author"]))), "author_links": len(author_links)}


def load(folder: Path) -> dict[str, np.ndarray]:
    return {path.stem: np.load(path) for path in sorted(folder.glob("*.npy"))}


def paper_items_of(data: dict[str, np.ndarray]) -> PaperItems:
    kinds = (*KINDS, model.REPOSITORY, model.CODE_OWNER)
    return PaperItems(item_ids=[f"item:{row:08d}" for row in range(len(data["kinds"]))],
                      item_kinds=[kinds[k] for k in data["kinds"].tolist()],
                      item_specificity=data["specificity"], indptr=data["indptr"], indices=data["indices"],
                      salience=data["salience"])


def node_ends(data: dict[str, np.ndarray]) -> tuple[int, np.ndarray, np.ndarray]:
    """Nodes in id order (authors, items, papers) and the links PageRank reads: paper-item (owners
    excepted: a paper reaches them through its repository), repository-owner, paper-author."""
    authors, items, papers_n = int(data["author"].max()) + 1, len(data["kinds"]), len(data["indptr"]) - 1
    paper_of = np.repeat(np.arange(papers_n), np.diff(data["indptr"]))
    direct = data["kinds"][data["indices"]] != len(KINDS) + 1
    repos = np.flatnonzero(data["kinds"] == len(KINDS))
    ends_u = np.concatenate((authors + items + paper_of[direct], authors + repos,
                             authors + items + data["author_paper"]))
    ends_v = np.concatenate((authors + data["indices"][direct], authors + data["repo_owner"], data["author"]))
    return authors + items + papers_n, ends_u, ends_v


def graph_of(data: dict[str, np.ndarray]):
    """The networkx graph of the same data, shaped as kg.graph.build makes it, node ids sorting as
    node_ends numbers them."""
    import networkx as nx

    G = nx.DiGraph(mode="synthetic")
    kinds = (*KINDS, model.REPOSITORY, model.CODE_OWNER)
    item_id = [f"item:{row:08d}" for row in range(len(data["kinds"]))]
    for row, (kind, name) in enumerate(zip(data["kinds"].tolist(), data["names"].tolist())):
        G.add_node(item_id[row], type=kinds[kind], name=NAMES[name], aliases=[NAMES[name]])
    paper_ids = [f"paper:{row:08d}" for row in range(len(data["indptr"]) - 1)]
    for paper in paper_ids:
        G.add_node(paper, type=model.PAPER, name=paper, title=paper)
    indptr, indices, salience = data["indptr"], data["indices"].tolist(), data["salience"].tolist()
    for row, paper in enumerate(paper_ids):
        for position in range(indptr[row], indptr[row + 1]):
            kind = G.nodes[item_id[indices[position]]]["type"]
            if kind == model.REPOSITORY:
                G.add_edge(paper, item_id[indices[position]], type=model.HAS_CODE, evidence=[])
            elif kind != model.CODE_OWNER:
                times, text = SALIENCE[salience[position]]
                G.add_edge(paper, item_id[indices[position]], type=model.MENTION_EDGE[kind],
                           evidence=[{"sentence": "s", "text": text}] * times)
    repos = np.flatnonzero(data["kinds"] == len(KINDS))
    for repo, owner in zip(repos.tolist(), data["repo_owner"].tolist()):
        G.add_edge(item_id[repo], item_id[owner], type=model.OWNED_BY)
    for author in range(int(data["author"].max()) + 1):  # every number, as node_ends counts them
        G.add_node(f"author:{author:08d}", type=model.AUTHOR, name=str(author))
    for paper, author in zip(data["author_paper"].tolist(), data["author"].tolist()):
        G.add_edge(paper_ids[paper], f"author:{author:08d}", type=model.AUTHORED_BY)
    return G


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:16]


def digest_pairs(pairs: Iterable[tuple[int, int, float, list[int]]], columns: array) -> str:
    """Hash of the pairs, taken one at a time (a million papers' pairs are never held as Python
    objects); low, high and score appended to `columns`."""
    hashed = hashlib.sha256()
    for low, high, score, shared in pairs:
        hashed.update(json.dumps([low, high, score, shared]).encode())
        columns.extend((low, high, score))
    return hashed.hexdigest()[:16]


def _rss_mib() -> float:
    """Resident memory now (VmRSS), to tell what a step adds to what its process already held."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_step(step: str, version: str, folder: Path) -> dict:
    """One step in this (child) process: load, (build the graph), then the timed step."""
    data = load(folder)
    figures: dict = {"step": step, "version": version}
    if version == "graph":
        G = graph_of(data)
        if step == "louvain":  # the RELATED_TO edges the link step found
            link_papers(G)
    elif step == "link":
        items = paper_items_of(data)
    elif step == "pagerank":
        n_nodes, ends_u, ends_v = node_ends(data)
    else:
        pairs = np.load(folder / "pairs.npy")
    if step == "louvain":
        importlib.import_module("igraph")  # a one-off ~0.3 s, kept out of the timing
    figures["rss_before_mib"] = round(_rss_mib())
    start = time.process_time()
    if version == "graph" and step == "link":
        count = link_papers(G)
        paper_row = {paper: row for row, paper in enumerate(papers(G))}
        found = sorted((paper_row[u], paper_row[v], d["score"], [int(i[5:]) for i in d["shared"]])
                       for u, v, d in G.edges(data=True) if d["type"] == model.RELATED_TO)
        figures["result"], figures["count"] = digest_pairs(found, []), count
    elif version == "graph" and step == "pagerank":
        ranks = pagerank(G)
        figures["result"] = digest([ranks[node] for node in sorted(ranks)])
    elif version == "graph":
        groups = communities(G, seed=0)
        row = {paper: number for number, paper in enumerate(papers(G))}
        numbers = np.empty(len(row), dtype=np.int64)
        for number, members in enumerate(groups):
            numbers[[row[paper] for paper in members]] = number
        figures["result"], figures["count"] = digest(numbers.tolist()), len(groups)
    elif step == "link":
        columns = array("d")  # low, high, score of each pair, for the louvain step: 24 bytes a pair
        figures["result"] = digest_pairs(related_pairs(items), columns)
        figures["count"] = len(columns) // 3
        np.save(folder / "pairs.npy", np.frombuffer(columns, dtype=np.float64).reshape(-1, 3))
    elif step == "pagerank":
        figures["result"] = digest(pagerank_arrays(n_nodes, ends_u, ends_v).tolist())
    else:
        numbers = louvain_arrays(len(data["indptr"]) - 1, pairs[:, 0].astype(np.int64),
                                 pairs[:, 1].astype(np.int64), pairs[:, 2], 0)
        figures["result"], figures["count"] = digest(numbers.tolist()), int(numbers.max()) + 1
    figures["cpu_s"] = round(time.process_time() - start, 2)
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def child(*arguments: str) -> dict:
    """Run this script with `arguments` in a child process; its last output line is its figures."""
    done = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"child {arguments} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--graph-max", type=int, default=100_000,
                        help="largest size the networkx-graph versions run at (0: never)")
    parser.add_argument("--mentions", type=float, default=8.0, help="entity mentions per paper (mean)")
    parser.add_argument("--vocabulary", type=float, default=0.2, help="entities per paper in the vocabulary")
    parser.add_argument("--draw", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.draw is not None:
        print(json.dumps(draw(args.draw, mentions=args.mentions, vocabulary=args.vocabulary, seed=args.draw,
                              folder=args.folder)))
        return
    if args.step:
        print(json.dumps(run_step(*args.step, args.folder)))
        return

    print(f"load average {os.getloadavg()[0]:.1f}; mentions {args.mentions}/paper, vocabulary "
          f"{args.vocabulary}/paper", flush=True)
    rows = []
    for size in sorted(args.sizes):
        with tempfile.TemporaryDirectory(prefix="link-arrays-") as tmp:
            shape = child("--draw", str(size), "--folder", tmp, "--mentions", str(args.mentions),
                          "--vocabulary", str(args.vocabulary))
            print(json.dumps(shape), flush=True)
            versions = ["arrays", "graph"] if size <= args.graph_max else ["arrays"]
            for version in versions:
                for step in STEPS:
                    figures = {**shape, **child("--step", step, version, "--folder", tmp)}
                    print(json.dumps(figures), flush=True)
                    rows.append(figures)
    print(f"\n{'papers':>9} {'non-zeros':>10} {'step':>9} {'version':>7} {'CPU s':>7} {'RSS before':>10} "
          f"{'peak MiB':>8} {'count':>9} result")
    for row in rows:
        print(f"{row['papers']:>9} {row['nonzeros']:>10} {row['step']:>9} {row['version']:>7} {row['cpu_s']:>7} "
              f"{row['rss_before_mib']:>10} {row['peak_rss_mib']:>8} {row.get('count', ''):>9} {row['result']}")
    by_key = {(row["papers"], row["step"], row["version"]): row for row in rows}
    for (size, step, version), row in by_key.items():
        graph = by_key.get((size, step, "graph"))
        if version == "arrays" and graph:
            print(f"{size} papers, {step}: arrays {row['cpu_s']} CPU-s / {row['peak_rss_mib']} MiB peak vs graph "
                  f"{graph['cpu_s']} CPU-s / {graph['peak_rss_mib']} MiB (x{graph['cpu_s'] / max(row['cpu_s'], 0.01):.1f}"
                  f" CPU); same result: {row['result'] == graph['result']}")
    print("CPU s: the step alone (user + sys of its child, after loading; link's includes hashing every pair,"
          " about 3 us each, in both versions); RSS before: what the child held before the step (the arrays,"
          " or the networkx graph); peak: the child's peak RSS")


if __name__ == "__main__":
    main()
