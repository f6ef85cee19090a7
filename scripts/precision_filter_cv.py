#!/usr/bin/env python
"""Could a node-level precision filter learned from the dev labels drop wrong entity nodes? (Fifth round.)

Usage: .venv/bin/python scripts/precision_filter_cv.py GRAPH_DIR [--audit docs/audit] [--labels GLOB] [--scirex PATH]

GRAPH_DIR is a `kg build` output folder of the SciREX train+dev abstracts (graph.json, extractions.jsonl;
docs/evaluation.md, Third round, says how it is made), or, with `--labels seeds-dev-census-s13.tsv`, of
the modern dev page (`seeds-dev.jsonl` of scripts/seed_split.py) built at main 5999414, which that census
judged. Every entity node gets features from the graph and its extractions; the nodes the label files
judge are the training set ("correct" against the rest). An L2-regularised logistic regression (numpy)
is scored out of fold, by 10 random folds and (with several files) by leaving one label file out: AUC, and how many nodes judged wrong and right each threshold
would drop. With --scirex, the filter fitted on all labels is applied to the entity nodes each SciREX dev
paper links (`kg eval scirex --split dev`, by node id) and the document-level figures are printed.
Never point it at the test split or the seed graph: they are held out.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from kg.extract.gazetteer import load_gazetteer
from kg.extract.keys import is_name_like, surface_key
from kg.extract.specificity import GENERIC_HEADS, singular
from kg.model import ENTITY_TYPES
from kg.training import scirex_eval
from kg.training.scirex import read_scirex

TYPES = ("Method", "Dataset", "Task", "Metric")
THRESHOLDS = (0.5, 0.6, 0.65, 0.7)


def read_labels(audit: Path, pattern: str) -> dict[str, tuple[str, str]]:
    """node id -> (judgement, label file) from every dev label file matching `pattern` (later files win)."""
    labels: dict[str, tuple[str, str]] = {}
    for path in sorted(audit.glob(pattern)):
        rows = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(rows, delimiter="\t"):
            if (row.get("judgement") or "").strip():
                labels[row["id"]] = (row["judgement"].strip(), path.name)
    return labels


def node_features(folder: Path) -> dict[str, dict[str, float]]:
    """Features of every entity node of a build folder, from its graph and its extractions."""
    graph = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in graph["nodes"] if node.get("type") in ENTITY_TYPES}
    titles = {node.get("title") for node in graph["nodes"] if node.get("type") == "Paper"}
    node_of_key = {}
    for node_id, node in nodes.items():
        for form in [*node.get("aliases", []), node["name"]]:
            node_of_key.setdefault(surface_key(form), node_id)
    facts: dict[str, Counter[str]] = defaultdict(Counter)
    with (folder / "extractions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            extraction = json.loads(line)
            for mention in extraction["mentions"]:
                node_id = node_of_key.get(surface_key(mention["text"]))
                if node_id is not None:
                    counts = facts[node_id]
                    counts["mentions"] += 1
                    counts["gazetteer"] += mention["canonical"] is not None
                    counts["proposed"] += bool(mention["proposed"])
                    counts["lower"] += mention["text"].islower()
                    counts["label " + mention["label"]] += 1
            for pair in extraction.get("abbreviations", []):
                for form in pair:
                    if (node_id := node_of_key.get(surface_key(form))) is not None:
                        facts[node_id]["abbreviation"] += 1
    for edge in graph["edges"]:
        if edge["target"] in nodes:
            for evidence in edge.get("evidence", []):
                facts[edge["target"]]["evidence"] += 1
                facts[edge["target"]]["title evidence"] += evidence["sentence"] in titles
    common = load_gazetteer().common_words
    return {node_id: _features(node, facts[node_id], common) for node_id, node in nodes.items()}


def _features(node: dict, counts: Counter[str], common: frozenset[str]) -> dict[str, float]:
    words = node["name"].replace("-", " ").split() or [node["name"]]
    mentions = max(counts["mentions"], 1)
    features = {
        "name-like word": float(any(map(is_name_like, words))),
        "all lower case": float(node["name"].islower()),
        "words": min(len(words), 6) / 6,
        "common-word share": sum(word.lower() in common for word in words) / len(words),
        "generic head": float(singular(words[-1]) in GENERIC_HEADS),
        "gazetteer share": counts["gazetteer"] / mentions,
        "contribution cue": float(counts["proposed"] > 0),
        "lower-case mentions": counts["lower"] / mentions,
        "log papers": math.log(node.get("paper_count", 1)),
        "abbreviation": float(counts["abbreviation"] > 0),
        "title only": float(0 < counts["evidence"] == counts["title evidence"]),
        "split type votes": 1 - max(counts["label " + kind] for kind in (*TYPES, "Concept")) / mentions,
    }
    features.update({f"type {kind}": float(node["type"] == kind) for kind in TYPES})
    return features


def fit(features: np.ndarray, right: np.ndarray, penalty: float, steps: int = 3000) -> np.ndarray:
    """Logistic regression weights (bias last) by gradient descent; the bias is not penalised."""
    with_bias = np.hstack([features, np.ones((len(features), 1))])
    weights = np.zeros(with_bias.shape[1])
    for _ in range(steps):
        gradient = with_bias.T @ (1 / (1 + np.exp(-with_bias @ weights)) - right) / len(right)
        gradient[:-1] += penalty * weights[:-1] / len(right)
        weights -= gradient
    return weights


def predict(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.hstack([features, np.ones((len(features), 1))]) @ weights))


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    pos, neg = scores[right == 1], scores[right == 0]
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def report(name: str, scores: np.ndarray, right: np.ndarray) -> None:
    drops = ", ".join(
        f"{t}: {int(((scores < t) & (right == 0)).sum())} wrong / {int(((scores < t) & (right == 1)).sum())} right"
        for t in THRESHOLDS
    )
    print(f"{name}: AUC {auc(scores, right):.3f}; dropped below {drops}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph_dir", type=Path)
    parser.add_argument("--audit", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "audit")
    parser.add_argument("--labels", default="scirex-traindev-*.tsv",
                        help="dev label files in --audit (glob; the modern dev page: 'seeds-dev-*s13*.tsv')")
    parser.add_argument("--scirex", type=Path, help="SciREX docs.jsonl.gz: also score the dev split with the filter")
    args = parser.parse_args()
    rows = node_features(args.graph_dir)
    labels = read_labels(args.audit, args.labels)
    judged = sorted(node_id for node_id in rows if node_id in labels)
    names = list(rows[judged[0]])
    features = np.array([[rows[node_id][name] for name in names] for node_id in judged])
    right = np.array([labels[node_id][0] == "correct" for node_id in judged], dtype=float)
    files = np.array([labels[node_id][1] for node_id in judged])
    print(f"{len(rows)} entity nodes, {len(judged)} judged ({int((right == 0).sum())} wrong)")
    folds = np.random.default_rng(0).permutation(len(right)) % 10
    for penalty in (0.1, 1.0, 10.0):
        scores = np.zeros(len(right))
        for fold in range(10):
            held = folds == fold
            scores[held] = predict(fit(features[~held], right[~held], penalty), features[held])
        report(f"10 random folds, lambda {penalty}", scores, right)
    if len(set(files)) > 1:  # one census file has no other to learn from
        scores = np.zeros(len(right))
        for name in sorted(set(files)):
            held = files == name
            scores[held] = predict(fit(features[~held], right[~held], 0.1), features[held])
        report("leave one label file out, lambda 0.1", scores, right)
    weights = fit(features, right, 0.1)
    for name, weight in sorted(zip([*names, "bias"], weights), key=lambda item: item[1]):
        print(f"  {name:20s} {weight:+.2f}")
    if args.scirex:
        every = sorted(rows)
        score_of = dict(zip(every, predict(weights, np.array([[rows[n][name] for name in names] for n in every]))))
        papers = list(read_scirex(args.scirex, "dev"))
        linked = scirex_eval.linked_entities
        for threshold in (0.0, *THRESHOLDS[:3]):
            dropped = {node_id for node_id, score in score_of.items() if score < threshold}
            scirex_eval.linked_entities = lambda graph, paper, dropped=dropped: [
                entity for entity in linked(graph, paper) if entity.entity_id not in dropped
            ]
            figures = scirex_eval.evaluate_scirex(papers, "default").as_dict()
            precision, recall = figures["precision"]["all"]["value"], figures["recall"]["all"]["value"]
            print(f"threshold {threshold}: {len(dropped)} of {len(every)} nodes dropped; SciREX dev typed "
                  f"precision {100 * precision:.1f}, salient recall {100 * recall:.1f}")
        scirex_eval.linked_entities = linked


if __name__ == "__main__":
    main()
