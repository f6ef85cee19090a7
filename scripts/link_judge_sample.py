#!/usr/bin/env python
"""Samples of RELATED_TO links and `kg similar` lists for a blind judge, and the SciREX abstracts to build from.

Usage:
  .venv/bin/python scripts/link_judge_sample.py scirex-jsonl --split train --split dev --out /tmp/scirex.jsonl
  .venv/bin/kg build /tmp/scirex.jsonl ../shared/seeds --out /tmp/kg-links
  .venv/bin/python scripts/link_judge_sample.py sample /tmp/kg-links/graph.json --out /tmp/judge.md \
      [--edges 30] [--similar 15] [--seed 0]

`sample` draws, with a fixed seed, `--edges` random RELATED_TO edges and `--similar` random papers with
their `kg similar` top 5, and writes each pair as the two titles, the first sentence of each abstract
and the shared items the link names. Scores and ranks are left out so they cannot sway the judge; the
judge writes R (related), W (weakly) or N (not related) after each pair. Papers are drawn only among
those with at least one link, so each list has something to judge.

The SciREX papers have a fixed split (kg/training/scirex_split.py): develop on train and dev; the
set-aside 'test' part is for the final held-out judgement only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.graph.analytics import similar_papers  # noqa: E402
from kg.graph.linking import papers  # noqa: E402
from kg.graph.readwrite import read_graph  # noqa: E402
from kg.model import RELATED_TO  # noqa: E402
from kg.training.scirex import scirex_records as read_records  # noqa: E402
from kg.training.scirex_split import scirex_split  # noqa: E402

SIMILAR_TOP = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
# SciREX text is tokenized: undo the spaces tokenization put around punctuation.
_DETOKENIZE = (
    (re.compile(r"\s+([,.;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[])\s+"), r"\1"),
    (re.compile(r"(?<=\w) - (?=\w)"), "-"),
)


def detokenize(words: list[str]) -> str:
    text = " ".join(words)
    for pattern, replacement in _DETOKENIZE:
        text = pattern.sub(replacement, text)
    return text


def _scirex_papers(docs: Path, splits: set[str]) -> Iterator[tuple[dict, str, str]]:
    """(document, title, abstract) of each SciREX paper in `splits` that has both: the title is the
    first section's first sentence (after its "document :" tag), the abstract the rest of it."""
    for _, doc in read_records(docs):
        if scirex_split(doc["doc_id"]) not in splits:
            continue
        words, end = doc["words"], doc["sections"][0][1]
        sentences = [(start, stop) for start, stop in doc["sentences"] if stop <= end]
        if len(sentences) < 2:
            continue
        title_words = words[sentences[0][0]:sentences[0][1]]
        if title_words[:2] == ["document", ":"]:
            title_words = title_words[2:]
        yield doc, detokenize(title_words), detokenize(words[sentences[1][0]:end])


def scirex_records(docs: Path, splits: set[str]) -> list[dict[str, str]]:
    """JSONL records `kg build` reads: id, title and abstract."""
    return [{"id": f"scirex-{doc['doc_id'][:12]}", "title": title, "abstract": abstract}
            for doc, title, abstract in _scirex_papers(docs, splits)]


def scirex_gold(docs: Path, splits: set[str]) -> dict[str, set[str]]:
    """Per SciREX title: the tasks and datasets of the results the paper reports, as `task:` / `data:`
    keys. Two papers sharing one are related by SciREX's own annotation."""
    gold: dict[str, set[str]] = {}
    for doc, title, _ in _scirex_papers(docs, splits):
        keys = {f"{kind}:{' '.join(relation[field].lower().replace('_', ' ').split())}"
                for relation in doc["n_ary_relations"]
                for kind, field in (("task", "Task"), ("data", "Material")) if relation.get(field)}
        if keys:
            gold[title] = keys
    return gold


def scirex_agreement(G: nx.DiGraph, gold: dict[str, set[str]]) -> dict[str, float]:
    """How often links between SciREX papers join papers that share a gold task or dataset: over all
    RELATED_TO edges between them, and over each paper's top-5 similar SciREX papers; with the rate
    among all pairs (what chance would give) and how many SciREX papers have a SciREX partner."""
    node_of = {G.nodes[p].get("title"): p for p in papers(G)}
    keys = {node_of[title]: found for title, found in gold.items() if title in node_of}
    nodes = sorted(keys)

    def agreeing(pairs: list[tuple[str, str]]) -> float:
        return sum(bool(keys[a] & keys[b]) for a, b in pairs) / max(1, len(pairs))

    edges = [(u, v) for u, v, kind in G.edges(data="type") if kind == RELATED_TO and u in keys and v in keys]
    tops = []
    for paper in nodes:
        partners = [other for other, _, _ in similar_papers(G, paper, top=len(G)) if other in keys]
        tops += [(paper, other) for other in partners[:SIMILAR_TOP]]
    every_pair = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:]]
    return {"papers": len(nodes), "chance": agreeing(every_pair),
            "edges": len(edges), "edge_agreement": agreeing(edges),
            "similar_pairs": len(tops), "similar_agreement": agreeing(tops),
            "papers_linked": len({paper for paper, _ in tops})}


def first_sentence(text: str, limit: int = 400) -> str:
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rstrip() + "…"


def _describe(G: nx.DiGraph, paper: str) -> list[str]:
    data = G.nodes[paper]
    return [f"  - title: {data.get('title', paper)}",
            f"    abstract: {first_sentence(str(data.get('abstract', '')))}"]


def _shared_line(G: nx.DiGraph, shared: list[str]) -> str:
    names = [f"{G.nodes[i].get('name', i)} ({G.nodes[i]['type']})" for i in shared]
    return "  - shared: " + "; ".join(names)


def judge_sample(G: nx.DiGraph, *, edges: int, similar: int, seed: int) -> str:
    """The markdown sheet a judge fills in (see the module docstring)."""
    rng = random.Random(seed)
    links = sorted((u, v, d["shared"]) for u, v, d in G.edges(data=True) if d.get("type") == RELATED_TO)
    lines = ["# Are these papers related?", "",
             "After each pair write R (clearly related: same problem, method family or data), "
             "W (weakly related) or N (not related), judging from the titles and abstracts.", "",
             f"## Part A: {min(edges, len(links))} random linked pairs", ""]
    for number, (u, v, shared) in enumerate(rng.sample(links, min(edges, len(links))), start=1):
        lines += [f"### A{number}", *_describe(G, u), *_describe(G, v), _shared_line(G, shared),
                  "  - judgement: ", ""]
    linked = sorted({p for u, v, _ in links for p in (u, v)})
    chosen = rng.sample(linked, min(similar, len(linked)))
    lines += [f"## Part B: the most similar papers to {len(chosen)} random papers", ""]
    for number, paper in enumerate(chosen, start=1):
        lines += [f"### B{number}: query paper", *_describe(G, paper), ""]
        for rank, (other, _, shared) in enumerate(similar_papers(G, paper, top=SIMILAR_TOP), start=1):
            lines += [f"#### B{number}.{rank}", *_describe(G, other), _shared_line(G, shared),
                      "  - judgement: ", ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    jsonl = commands.add_parser("scirex-jsonl", help="write SciREX titles and abstracts as JSONL")
    jsonl.add_argument("--docs", type=Path, default=REPO / ".." / "shared" / "data" / "scirex" / "docs.jsonl.gz")
    jsonl.add_argument("--split", action="append", choices=("train", "dev", "test"), required=True)
    jsonl.add_argument("--out", type=Path, required=True)
    sample = commands.add_parser("sample", help="write a judging sheet from a built graph")
    sample.add_argument("graph", type=Path)
    sample.add_argument("--out", type=Path, required=True)
    sample.add_argument("--edges", type=int, default=30)
    sample.add_argument("--similar", type=int, default=15)
    sample.add_argument("--seed", type=int, default=0)
    proxy = commands.add_parser("scirex-proxy", help="agreement of a graph's links with SciREX gold")
    proxy.add_argument("graph", type=Path)
    proxy.add_argument("--docs", type=Path, default=REPO / ".." / "shared" / "data" / "scirex" / "docs.jsonl.gz")
    proxy.add_argument("--split", action="append", choices=("train", "dev", "test"), required=True)
    args = parser.parse_args(argv)
    if args.command == "scirex-jsonl":
        records = scirex_records(args.docs, set(args.split))
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(f"{len(records)} papers -> {args.out}")
    elif args.command == "scirex-proxy":
        figures = scirex_agreement(read_graph(args.graph), scirex_gold(args.docs, set(args.split)))
        print(json.dumps(figures, indent=1))
    else:
        G = read_graph(args.graph)
        args.out.write_text(judge_sample(G, edges=args.edges, similar=args.similar, seed=args.seed),
                            encoding="utf-8")
        print(f"{len(papers(G))} papers; sheet -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
